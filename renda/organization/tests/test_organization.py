"""Organisation domain: constraints, masking, role home pages, lockout, demo idempotency."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from renda.core.exceptions import ApplicationError
from renda.organization import demo, services
from renda.organization.models import (
    Body,
    Deputy,
    HandlingUnit,
    LiaisonPoint,
    LiaisonStation,
    Membership,
    Official,
    User,
)
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def test_deputy_who_left_must_have_a_leaving_date():
    # given a serving deputy
    deputy = f.DeputyFactory()
    # when marking them as left without a date
    deputy.status = Deputy.Status.LEFT
    # then the database refuses
    with pytest.raises(IntegrityError), transaction.atomic():
        deputy.save()
    # and with a date it is accepted
    deputy.left_on = date(2026, 5, 1)
    deputy.save()
    assert Deputy.objects.get(pk=deputy.pk).status == Deputy.Status.LEFT


def test_deputy_code_unique_within_term():
    # given a deputy
    deputy = f.DeputyFactory(code="160001")
    # when another deputy of the same term takes the same code
    # then the database refuses
    with pytest.raises(IntegrityError), transaction.atomic():
        f.DeputyFactory(code="160001", term=deputy.term)


def test_deputy_phone_masked_keeps_first_three_and_last_four():
    deputy = f.DeputyFactory(phone="13912345678")
    assert deputy.masked_phone == "139****5678"


def test_user_role_requires_link():
    # when creating a deputy login with no deputy
    # then the service refuses with a clear code
    with pytest.raises(ApplicationError) as exc:
        services.user_upsert(username="x", password="Long-Enough-Pass-1", role=User.Role.DEPUTY)
    assert exc.value.code == "missing_link"
    assert not User.objects.filter(username="x").exists()


def test_user_upsert_rejects_weak_password():
    with pytest.raises(ApplicationError) as exc:
        services.user_upsert(username="weak", password="12345678", role=User.Role.CITIZEN)
    assert exc.value.code == "weak_password"
    assert not User.objects.filter(username="weak").exists()


@pytest.mark.parametrize(
    "fixture,testid",
    [
        ("staff_user", "home-staff"),
        ("deputy_user", "home-deputy"),
        ("unit_user", "home-unit_officer"),
        ("supervisor_user", "home-supervisor"),
        ("operator_user", "home-station_operator"),
        ("citizen_user", "home-citizen"),
    ],
)
def test_each_role_lands_on_its_home_page(request, fixture, testid):
    # given a user of the role
    user = request.getfixturevalue(fixture)
    client = Client()
    # when logging in through the login page
    response = client.post(reverse("login"), {"username": user.username, "password": f.TEST_PASSWORD}, follow=True)
    # then they land on the home page for their role
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("home")
    assert f'data-testid="{testid}"' in response.content.decode()


def test_anonymous_user_is_sent_to_login():
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_five_wrong_passwords_lock_the_account(staff_user):
    # given a staff account
    client = Client()
    # when the wrong password is given five times
    for _ in range(5):
        client.post(reverse("login"), {"username": staff_user.username, "password": "wrong-password"})
    # then even the right password is refused with a clear lock-out message
    response = client.post(reverse("login"), {"username": staff_user.username, "password": f.TEST_PASSWORD})
    assert response.status_code == 429
    assert "账户已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock(staff_user):
    client = Client()
    for _ in range(4):
        response = client.post(reverse("login"), {"username": staff_user.username, "password": "wrong-password"})
        assert "用户名或密码不正确" in response.content.decode()
    response = client.post(reverse("login"), {"username": staff_user.username, "password": f.TEST_PASSWORD})
    assert response.status_code == 302


def test_deputy_directory_masks_phones_for_deputies_but_not_staff(deputy_user, staff_user):
    # given a deputy with a phone number
    other = f.DeputyFactory(phone="13712345678")
    # when a deputy views the directory
    client = Client()
    client.force_login(deputy_user)
    body = client.get(reverse("organization:deputy-directory"), {"q": other.name}).content.decode()
    # then the phone is masked
    assert "137****5678" in body and "13712345678" not in body
    # and staff see it in full
    client.force_login(staff_user)
    body = client.get(reverse("organization:deputy-directory"), {"q": other.name}).content.decode()
    assert "13712345678" in body


def test_deputy_api_masks_phone_for_non_staff(deputy_user):
    f.DeputyFactory(phone="13612345678", name="接口代表")
    client = Client()
    client.force_login(deputy_user)
    data = client.get("/api/organization/deputies/", {"search": "接口代表"}).json()
    assert data["count"] == 1
    assert data["results"][0]["phone"] == "136****5678"


def test_deputy_directory_query_count_is_constant(staff_user, django_assert_max_num_queries):
    for _ in range(30):
        f.DeputyFactory()
    client = Client()
    client.force_login(staff_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("organization:deputy-directory"))
    assert response.status_code == 200


def test_language_switch_to_english(staff_user):
    client = Client()
    client.force_login(staff_user)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True)
    assert "Logout" in response.content.decode() or "Log out" in response.content.decode()


def test_demo_matches_seed_figures_and_loads_twice_without_duplicates():
    # given the demo loaded twice
    demo.load()
    counts = {
        model: model.objects.count()
        for model in (Deputy, HandlingUnit, LiaisonStation, LiaisonPoint, Membership, Body, Official, User)
    }
    demo.load()
    # then nothing is duplicated
    assert {model: model.objects.count() for model in counts} == counts
    # and the seed's figures hold (RULES.md §7)
    assert Deputy.objects.count() == 345
    assert Deputy.objects.filter(is_first_term=True).count() == 110
    assert Deputy.objects.values("professional_groups").distinct().count() == 7
    assert LiaisonStation.objects.count() == 143
    assert LiaisonPoint.objects.count() == 389
    presidium = Body.objects.get(kind=Body.Kind.PRESIDIUM)
    assert presidium.memberships.count() == 46
    assert presidium.memberships.filter(role=Membership.Role.EXECUTIVE_CHAIR).count() == 10
    assert HandlingUnit.objects.count() >= 40
    assert HandlingUnit.objects.filter(kind=HandlingUnit.Kind.COURT, name="市中级人民法院").exists()
    assert HandlingUnit.objects.filter(kind=HandlingUnit.Kind.PROCURATORATE).exists()
    assert Official.objects.filter(title__startswith="副市长").exclude(portfolio=None).exists()
    session = presidium.session
    assert session is not None and session.ordinal == 3 and session.term.ordinal == 16
    cutoff = session.submission_cutoff.astimezone(f.SHANGHAI)
    assert (cutoff.month, cutoff.day, cutoff.hour, cutoff.minute) == (3, 21, 12, 0)
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)


def test_only_the_demo_admin_reaches_the_django_admin_staff_keep_reference_data_from_pages():
    # given the demo loaded twice (a database where ``staff`` was once an admin-site user in the admin group)
    demo.load()
    demo.load()
    client = Client()
    staff = User.objects.get(username="staff")
    # then the staff login is no admin-site user and in no group that grants the admin's permissions
    assert (staff.is_staff, staff.is_superuser, list(staff.groups.values_list("name", flat=True))) == (False, False, [])
    # when staff open the admin: they are sent to its login (302) or refused, for every page of it
    client.force_login(staff)
    for url in ("/admin/", "/admin/organization/handlingunit/", "/admin/organization/body/"):
        assert client.get(url).status_code in (302, 403), url
    # while 基础数据 opens for them, and the admin still opens for ``admin``
    assert client.get("/organization/reference/").status_code == 200
    assert "/admin/" not in client.get("/home/").content.decode()
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/organization/body/").status_code == 200


def test_staff_menu_groups_links_by_area(staff_user):
    from renda.core.navigation import menu_for

    # when building the staff menu
    menu = menu_for(staff_user)
    labels = [str(e.label) for e in menu]
    # then areas with several pages are dropdowns, public pages have their own group
    proposals = next(e for e in menu if str(e.label) == "议案建议")
    assert len(proposals.children) >= 3 and not proposals.url
    assert "信息公开" in labels
    assert len(menu) <= 9  # 立法与备案审查 and 监督与任免 joined (issues 14, 15); 站内通知 moved to the header
    # and every link resolves
    assert all(link.url for e in menu for link in e.children)


def test_visitor_menu_is_flat_public_links():
    from django.contrib.auth.models import AnonymousUser

    from renda.core.navigation import menu_for

    menu = menu_for(AnonymousUser())
    assert menu and all(e.url and not e.children for e in menu)
