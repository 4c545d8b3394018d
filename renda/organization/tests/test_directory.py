"""代表名录 (issue 13 item 6): searching a delegation or a professional group finds its deputies; filters by
delegation, group and first term; malformed filters are ignored with a message, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from renda.organization.models import ProfessionalGroup
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff_user):
    term = f.TermFactory(congress=staff_user.congress)
    pingcheng = f.DelegationFactory(term=term, name="平城区代表团")
    yungang = f.DelegationFactory(term=term, name="云冈区代表团")
    law = ProfessionalGroup.objects.create(term=term, name="法制专业小组")
    a = f.DeputyFactory(term=term, delegation=pingcheng, name="甲代表", is_first_term=True)
    b = f.DeputyFactory(term=term, delegation=yungang, name="乙代表")
    b.professional_groups.add(law)
    client = Client()
    client.force_login(staff_user)
    return {"client": client, "pingcheng": pingcheng, "law": law, "a": a, "b": b}


def _names(client, params) -> set[str]:
    response = client.get(reverse("organization:deputy-directory"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return {n for n in ("甲代表", "乙代表") if n in html}


def test_searching_a_delegation_or_group_name_finds_its_deputies(world):
    assert _names(world["client"], {"q": "平城区"}) == {"甲代表"}
    assert _names(world["client"], {"q": "法制"}) == {"乙代表"}


def test_filters_by_delegation_group_and_first_term(world):
    c = world["client"]
    assert _names(c, {"delegation": world["pingcheng"].pk}) == {"甲代表"}
    assert _names(c, {"group": world["law"].pk}) == {"乙代表"}
    assert _names(c, {"first_term": "on"}) == {"甲代表"}
    form = c.get(reverse("organization:deputy-directory")).content.decode()
    assert "平城区代表团" in form and "法制专业小组" in form


@pytest.mark.parametrize("bad", ["abc", "²", "99999999999999999999999", "-1", "1.5"])
def test_malformed_filters_are_ignored_with_a_message(world, bad):
    response = world["client"].get(reverse("organization:deputy-directory"), {"delegation": bad, "group": bad})
    assert response.status_code == 200
    assert "部分筛选条件无效" in response.content.decode()


@pytest.mark.parametrize("bad", ["abc", "²", "99999999999999999999999"])
def test_api_ignores_malformed_delegation_ids(world, bad):
    response = world["client"].get("/api/organization/deputies/", {"delegation": bad})
    assert response.status_code == 200
