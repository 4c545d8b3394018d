"""What a citizen's public page shows (issue 12 item 4): the tracking page and its API mask phone and ID
numbers and the household detail of home addresses (``selectors.tracked_texts``; S21 publication
standard): whoever holds the 查询码 reads it without logging in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from renda.liaison.tests.factories import OpinionFactory
from renda.liaison.workflow import Status

pytestmark = pytest.mark.django_db

TITLE = "XX路12号3栋2单元501室门前路灯不亮"
ANSWER = "已派人修复XX路12号3栋2单元501室门前路灯，如有问题请联系王师傅13912345678。"


def test_tracking_page_and_api_hide_the_household_and_the_phone(unit_user):
    # given an answered opinion whose title and answer name a home and a phone
    op = OpinionFactory(
        congress=unit_user.congress, unit=unit_user.handling_unit, status=Status.ANSWERED, title=TITLE, answer=ANSWER
    )
    # when anyone follows it with the 查询码, on the page and through the API
    page = Client().get(reverse("liaison:track"), {"code": op.tracking_code}).content.decode()
    api = Client().get("/api/liaison/track/", {"code": op.tracking_code}).json()
    # then the road stays, the door and the phone do not
    for text in (page, api["title"] + api["answer"]):
        assert "12号3栋2单元501室" not in text and "13912345678" not in text
        assert "XX路**号*栋*单元***室" in text and "139****5678" in text
