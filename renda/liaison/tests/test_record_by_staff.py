"""Issue 12 item 9: ``can_record`` allows Standing Committee staff, so the record page and API let staff
record an opinion at a station of their congress (they choose it); an operator stays bound to their own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.liaison.models import Opinion, OpinionEvent
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


def test_staff_record_an_opinion_at_a_chosen_station_of_their_congress(client, staff_user):
    # given two stations of the staff member's congress and one of another congress
    here = org.LiaisonStationFactory(congress=staff_user.congress)
    org.LiaisonStationFactory(congress=staff_user.congress)
    elsewhere = org.LiaisonStationFactory(
        congress=org.CongressFactory(region_code="990200", name="邻市人民代表大会", region_name="邻市")
    )
    client.force_login(staff_user)
    # the page offers the stations of the congress only
    page = client.get(reverse("liaison:record"))
    assert page.status_code == 200
    html = page.content.decode()
    assert here.name in html
    assert elsewhere.name not in html
    # a station of another congress is refused with a Chinese message, nothing written
    refused = client.post(reverse("liaison:record"), {"station": elsewhere.pk, "title": "路灯", "text": "路灯不亮"})
    assert refused.status_code == 200 and "请选择您可以登记的联络站" in refused.content.decode()
    assert Opinion.objects.count() == 0
    # the chosen station of the congress is recorded, with its event
    done = client.post(reverse("liaison:record"), {"station": here.pk, "title": "路灯", "text": "路灯不亮"})
    op = Opinion.objects.get()
    assert done.status_code == 302 and op.station == here and op.congress == staff_user.congress
    assert OpinionEvent.objects.filter(opinion=op, action="received").exists()


def test_operator_cannot_record_for_another_station(client, operator_user):
    other = org.LiaisonStationFactory(congress=operator_user.liaison_station.congress)
    client.force_login(operator_user)
    client.post(reverse("liaison:record"), {"station": other.pk, "title": "路灯", "text": "路灯不亮"})
    assert not Opinion.objects.filter(station=other).exists()


def test_api_staff_name_the_station_and_must_name_one_among_several(client, staff_user):
    here = org.LiaisonStationFactory(congress=staff_user.congress)
    org.LiaisonStationFactory(congress=staff_user.congress)
    client.force_login(staff_user)
    url = "/api/liaison/opinions/"
    unnamed = client.post(url, {"title": "路灯", "text": "路灯不亮"}, content_type="application/json")
    assert unnamed.status_code == 403 and unnamed.json()["code"] == "permission_denied"
    named = client.post(url, {"station": here.pk, "title": "路灯", "text": "路灯不亮"}, content_type="application/json")
    assert named.status_code == 201, named.content
    assert Opinion.objects.get().station == here


def test_record_is_in_the_staff_menu(client, staff_user):
    org.LiaisonStationFactory(congress=staff_user.congress)
    client.force_login(staff_user)
    assert reverse("liaison:record") in client.get(reverse("home")).content.decode()
