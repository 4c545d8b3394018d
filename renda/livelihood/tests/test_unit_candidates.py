"""L1: the government's units propose candidate projects while a programme collects them — from a page
reachable from the unit officer's home (before, the permission allowed it but the programme was hidden
from units, so only the API could do it), in their own unit's name only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.livelihood import permissions, selectors, services
from renda.livelihood.models import Candidate, Programme
from renda.livelihood.tests import factories as lf
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def soliciting():
    staff = lf.staff()
    p = lf.soliciting(staff)
    unit = f.HandlingUnitFactory(congress=staff.congress, name="市住房和城乡建设局")
    return staff, p, lf.unit_officer(unit)


def test_l1_a_unit_officer_proposes_a_candidate_from_home_in_the_unit_name(soliciting):
    _staff, p, officer = soliciting
    c = Client()
    c.force_login(officer)
    # the home page offers the programme collecting candidates
    home = c.get(reverse("home")).content.decode()
    form_url = reverse("livelihood:candidate-new", args=[p.pk])
    assert "民生实事候选项目征集" in home and form_url in home
    # the form offers the officer's own unit only, already chosen
    page = c.get(form_url)
    assert page.status_code == 200
    units = page.context["form"].fields["lead_unit"].queryset
    assert list(units) == [officer.handling_unit]
    # submitting stores the candidate in the unit's name and lists it on the unit's page
    r = c.post(
        form_url,
        {
            "title": "老旧小区加装电梯",
            "budget": "1200.50",
            "lead_unit": officer.handling_unit_id,
            "targets": "加装100部",
        },
    )
    assert r.status_code == 302
    cand = Candidate.objects.get(programme=p)
    assert (cand.title, cand.budget, cand.lead_unit_id) == (
        "老旧小区加装电梯",
        Decimal("1200.50"),
        officer.handling_unit_id,
    )
    mine = c.get(reverse("livelihood:unit-projects")).content.decode()
    assert 'data-testid="unit-candidates"' in mine and "老旧小区加装电梯" in mine and "已提交" in mine
    assert f'data-testid="propose-candidate-{p.pk}"' in mine


def test_l1_a_unit_officer_may_not_propose_in_another_unit_name(soliciting):
    staff, p, officer = soliciting
    other = f.HandlingUnitFactory(congress=staff.congress, name="市交通运输局")
    c = Client()
    c.force_login(officer)
    # the page refuses the other unit (not among the choices) and stores nothing
    r = c.post(
        reverse("livelihood:candidate-new", args=[p.pk]), {"title": "公交线路", "budget": "10", "lead_unit": other.pk}
    )
    assert r.status_code == 200 and "lead_unit" in r.context["form"].errors
    # the service refuses it too (the API goes through it)
    with pytest.raises(PermissionDeniedError):
        services.candidate_submit(programme=p, title="公交线路", budget=Decimal("10"), lead_unit=other, actor=officer)
    assert not Candidate.objects.exists()
    # staff may name any unit of the congress, but not a unit of another congress
    services.candidate_submit(programme=p, title="公交线路", budget=Decimal("10"), lead_unit=other, actor=staff)
    foreign = f.HandlingUnitFactory(congress=f.CongressFactory(region_code="990500", name="邻市人民代表大会"))
    assert not permissions.can_submit_candidate_for(staff, p, foreign)
    with pytest.raises(PermissionDeniedError):
        services.candidate_submit(programme=p, title="外市项目", budget=Decimal("10"), lead_unit=foreign, actor=staff)
    assert Candidate.objects.count() == 1


def test_l1_units_see_a_programme_only_while_it_collects_and_once_published(soliciting):
    staff, p, officer = soliciting
    c = Client()
    c.force_login(officer)
    assert c.get(reverse("livelihood:programme-detail", args=[p.pk])).status_code == 200
    for i in range(3):
        services.candidate_submit(
            programme=p, title=f"项目{i}", budget=Decimal("10"), lead_unit=officer.handling_unit, actor=officer
        )
    services.programme_close_solicitation(programme=p, actor=staff, today=date(2026, 10, 9))
    p.refresh_from_db()
    assert p.status == Programme.Status.SCREENING
    assert selectors.programmes_collecting(viewer=officer).get() == p  # screening still collects (L1)
    for cand in p.candidates.all():
        services.candidate_screen(candidate=cand, include=True, actor=staff)
    services.programme_submit(programme=p, actor=staff)
    # once submitted to the congress the list is fixed: no longer shown to units until published
    assert c.get(reverse("livelihood:programme-detail", args=[p.pk])).status_code == 404
    assert not selectors.programmes_collecting(viewer=officer).exists()
    assert "民生实事候选项目征集" not in c.get(reverse("home")).content.decode()
    with pytest.raises((PermissionDeniedError, RuleViolation)):
        services.candidate_submit(
            programme=p, title="迟到", budget=Decimal("1"), lead_unit=officer.handling_unit, actor=officer
        )


def test_list_and_predicate_agree_for_a_unit_officer_at_every_stage(soliciting):
    _staff, p, officer = soliciting
    for status in Programme.Status.values:
        Programme.objects.filter(pk=p.pk).update(status=status)
        p.refresh_from_db()
        listed = selectors.programme_list(viewer=officer).filter(pk=p.pk).exists()
        assert permissions.can_view_programme(officer, p) == listed, status
        assert listed == (status in (*Programme.COLLECTING, Programme.Status.PUBLISHED)), status


def test_l1_the_api_mirrors_the_page_for_a_unit_officer(soliciting):
    _staff, p, officer = soliciting
    other = f.HandlingUnitFactory(congress=p.congress, name="市交通运输局")
    api = APIClient()
    api.force_authenticate(officer)
    url = f"/api/livelihood/programmes/{p.pk}/candidates/"
    own = api.post(url, {"title": "加装电梯", "budget": "100.00", "lead_unit": officer.handling_unit_id}, format="json")
    assert own.status_code == 201 and own.json()["lead_unit"] == officer.handling_unit_id
    refused = api.post(url, {"title": "公交", "budget": "100.00", "lead_unit": other.pk}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert list(Candidate.objects.values_list("title", flat=True)) == ["加装电梯"]
