"""Pages and API of appointments: each role reaches its page; refusals are Chinese messages or API codes
and change nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from renda.appointments.models import Appointment
from renda.appointments.tests import factories as af
from renda.meetings.tests import factories as mf
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def _client(user):  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_staff_board_organ_member_and_public_pages():
    w = af.world()
    case = af.appoint(w)
    staff = _client(w["staff"])
    page = staff.get(reverse("appointments:board")).content.decode()
    assert "王建国" in page and "已任命尚未宪法宣誓" in page
    assert staff.get(reverse("appointments:register")).status_code == 200
    assert staff.get(reverse("appointments:oaths")).status_code == 200
    detail = staff.get(reverse("appointments:detail", args=[case.pk])).content.decode()
    assert "下载任命书" in detail and "尚未宣誓" in detail
    letter = staff.get(reverse("appointments:letter", args=[case.pk]))
    assert letter.status_code == 200 and letter.content[:2] == b"PK"
    # the organ's officer sees his organ's cases, not the staff board
    officer = _client(w["officer"])
    assert officer.get(reverse("appointments:board")).status_code == 403
    assert "王建国" in officer.get(reverse("appointments:organ")).content.decode()
    # a Standing Committee member sees filed cases
    filed = af.ready(w, af.nominate(w, name="刘洋", post="市水务局局长"))
    member = _client(mf.deputy_login(mf.members(w["meeting"])[0]))
    assert "刘洋" in member.get(reverse("appointments:member")).content.decode()
    assert member.get(reverse("appointments:detail", args=[filed.pk])).status_code == 200
    # a deputy without a Standing Committee seat sees no case
    outsider = f.UserFactory(role="deputy", username="d_out", congress=w["congress"],
                             deputy=f.DeputyFactory(term=w["term"]))  # fmt: skip
    assert "刘洋" not in _client(outsider).get(reverse("appointments:member")).content.decode()
    assert _client(outsider).get(reverse("appointments:detail", args=[filed.pk])).status_code == 404
    # the public sees the adopted list only
    public = Client().get(reverse("appointments:public")).content.decode()
    assert "王建国" in public and "刘洋" not in public
    assert Client().get(reverse("appointments:detail", args=[filed.pk])).status_code == 302  # login first


def test_a1_page_refuses_a_nomination_by_the_wrong_proposer_in_chinese_and_writes_nothing():
    w = af.world()
    data = {"kind": "appoint", "post_type": "vice_mayor", "post_title": "副市长", "person_name": "钱多多",
            "gender": "male", "nominator": "council"}  # fmt: skip
    page = _client(w["staff"]).post(reverse("appointments:new"), data)
    assert page.status_code == 200 and "副市长由市长提请任免" in page.content.decode()
    assert Appointment.objects.count() == 0
    data["nominator"] = "mayor"
    done = _client(w["officer"]).post(reverse("appointments:new"), data)
    assert done.status_code == 302 and Appointment.objects.get().person.name == "钱多多"


def test_a8_page_refuses_late_filing():
    w = af.world()
    case = af.nominate(w, actor=w["officer"])
    page = _client(w["officer"]).post(
        reverse("appointments:file", args=[case.pk]), {"filed_on": "2026-03-15", "meeting": w["meeting"].pk}
    )
    assert "10日前提请" in page.content.decode()
    case.refresh_from_db()
    assert case.status == Appointment.Status.DRAFT


def test_api_nominate_refusal_code_and_public_list():
    w = af.world()
    api = APIClient()
    api.force_authenticate(w["officer"])
    bad = api.post("/api/appointments/cases/", {"kind": "appoint", "post_type": "peoples_assessor",
                   "post_title": "人民陪审员", "person_name": "郑一", "nominator": "court_president"}, format="json")  # fmt: skip
    assert bad.status_code == 422 and bad.data["code"] == "rule_violation"
    ok = api.post("/api/appointments/cases/", {"kind": "appoint", "post_type": "bureau_head",
                  "post_title": "市商务局局长", "person_name": "郑一", "nominator": "mayor"}, format="json")  # fmt: skip
    assert ok.status_code == 201 and ok.data["status"] == "draft" and ok.data["allowed_actions"] == ["file"]
    listed = api.get("/api/appointments/cases/")
    assert listed.status_code == 200 and "市商务局局长" in listed.content.decode()
    assert APIClient().get("/api/appointments/public/").status_code == 200
    other = APIClient()
    other.force_authenticate(f.UserFactory(role="citizen", username="cit", congress=w["congress"]))
    assert other.get(f"/api/appointments/cases/{ok.data['id']}/").status_code == 404
