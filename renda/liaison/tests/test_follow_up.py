"""A citizen's low rating sends the opinion to follow-up (回访复核) instead of closing it (issue 13 item 4).

Staff then re-route it to a unit (重新交办: the unit answers again, the citizen rates again) or close it
with a written explanation (办结说明) the citizen reads on the tracking page. Services, pages and API.
"""

from __future__ import annotations

from typing import cast

import pytest
from django.test import Client
from django.urls import reverse

from renda.core.exceptions import ApplicationError, ConcurrentModification, InvalidTransition, PermissionDeniedError
from renda.core.home import panels_for
from renda.core.models import Notification
from renda.liaison import followup, permissions, services
from renda.liaison.models import Opinion, OpinionEvent, Topic
from renda.liaison.tests.factories import OpinionFactory, TopicFactory
from renda.liaison.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


def _events(op: Opinion) -> list[tuple[str, str, str]]:
    return list(OpinionEvent.objects.filter(opinion=op).values_list("action", "from_status", "to_status"))


def _answered(staff: User, unit: User) -> Opinion:
    op = cast(Opinion, OpinionFactory(congress=staff.congress))
    services.opinion_triage(opinion=op, actor=staff, topic=cast(Topic, TopicFactory()))
    services.opinion_route(opinion=op, actor=staff, unit=unit.handling_unit)
    services.opinion_answer(opinion=op, actor=unit, answer="已处理")
    op.refresh_from_db()
    return op


def _in_follow_up(staff: User, unit: User) -> Opinion:
    op = _answered(staff, unit)
    services.opinion_rate(opinion=op, tracking_code=op.tracking_code, rating=2, comment="没解决")
    op.refresh_from_db()
    return op


def _client(user: User | None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


# ---------------------------------------------------------------------------------------------- services
def test_a_2_of_5_rating_goes_to_follow_up_and_tells_staff_and_the_unit(
    staff_user, unit_user, django_capture_on_commit_callbacks
):
    # given: an answered opinion (on the old code a 2-of-5 rating closed it)
    op = _answered(staff_user, unit_user)
    other_staff = org.UserFactory(role=User.Role.STAFF, congress=staff_user.congress)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_rate(opinion=op, tracking_code=op.tracking_code, rating=2)
    # then: follow-up, not closed; a typed event; staff of the congress and the unit's officer are told
    op.refresh_from_db()
    assert op.status == Status.FOLLOW_UP and op.rating == 2
    assert _events(op)[-1] == ("rate_low", "answered", "follow_up")
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert told == {staff_user.pk, other_staff.pk, unit_user.pk}


def test_a_3_of_5_rating_still_closes(staff_user, unit_user):
    # given
    op = _answered(staff_user, unit_user)
    # when
    services.opinion_rate(opinion=op, tracking_code=op.tracking_code, rating=3)
    # then
    op.refresh_from_db()
    assert op.status == Status.CLOSED and _events(op)[-1] == ("rate", "answered", "closed")


def test_the_threshold_is_a_setting(staff_user, unit_user, settings):
    # given: follow-up turned off
    settings.LIAISON_LOW_RATING = 0
    op = _answered(staff_user, unit_user)
    # when
    services.opinion_rate(opinion=op, tracking_code=op.tracking_code, rating=1)
    # then
    op.refresh_from_db()
    assert op.status == Status.CLOSED


def test_the_citizen_cannot_rate_again_while_in_follow_up(staff_user, unit_user):
    # given
    op = _in_follow_up(staff_user, unit_user)
    # when / then
    with pytest.raises(InvalidTransition):
        services.opinion_rate(opinion=op, tracking_code=op.tracking_code, rating=5)
    op.refresh_from_db()
    assert op.status == Status.FOLLOW_UP and op.rating == 2


def test_reroute_then_new_answer_then_new_rating_closes(staff_user, unit_user, django_capture_on_commit_callbacks):
    # given
    op = _in_follow_up(staff_user, unit_user)
    Notification.objects.all().delete()
    # when: staff send it back to the same unit with a reason
    with django_capture_on_commit_callbacks(execute=True):
        followup.opinion_reroute(opinion=op, actor=staff_user, reason="请到现场核实", expected_version=op.version)
    # then: routed again to that unit, whose officer is told
    op.refresh_from_db()
    assert op.status == Status.ROUTED and op.unit == unit_user.handling_unit
    assert _events(op)[-1] == ("reroute", "follow_up", "routed")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [unit_user.pk]
    # when: the unit answers again and the citizen rates again
    services.opinion_answer(opinion=op, actor=unit_user, answer="已现场核实并整改")
    services.opinion_rate(opinion=op, tracking_code=op.tracking_code, rating=5)
    # then
    op.refresh_from_db()
    assert op.status == Status.CLOSED and op.rating == 5 and op.answer == "已现场核实并整改"


def test_reroute_to_another_unit_of_the_congress(staff_user, unit_user):
    # given
    op = _in_follow_up(staff_user, unit_user)
    other = org.HandlingUnitFactory(congress=staff_user.congress)
    # when
    followup.opinion_reroute(opinion=op, actor=staff_user, reason="职责在另一单位", unit=other)
    # then
    op.refresh_from_db()
    assert op.unit == other and op.status == Status.ROUTED


@pytest.mark.parametrize(
    ("reason", "unit_kind", "code"),
    [("  ", None, "reason_required"), ("x" * 201, None, "reason_too_long"), ("原因", "inactive", "unit_invalid")],
)
def test_reroute_bad_input_is_refused_and_changes_nothing(staff_user, unit_user, reason, unit_kind, code):
    # given
    op = _in_follow_up(staff_user, unit_user)
    unit = org.HandlingUnitFactory(congress=staff_user.congress, is_active=False) if unit_kind else None
    before = _events(op)
    # when / then
    with pytest.raises(ApplicationError) as exc:
        followup.opinion_reroute(opinion=op, actor=staff_user, reason=reason, unit=unit)
    assert exc.value.code == code
    op.refresh_from_db()
    assert op.status == Status.FOLLOW_UP and _events(op) == before


def test_follow_up_actions_by_the_unit_are_forbidden(staff_user, unit_user):
    # given
    op = _in_follow_up(staff_user, unit_user)
    # when / then
    with pytest.raises(PermissionDeniedError):
        followup.opinion_reroute(opinion=op, actor=unit_user, reason="x")
    with pytest.raises(PermissionDeniedError):
        followup.opinion_close_explained(opinion=op, actor=unit_user, explanation="x")
    op.refresh_from_db()
    assert op.status == Status.FOLLOW_UP and len(_events(op)) == 4


def test_follow_up_actions_on_an_answered_opinion_are_invalid(staff_user, unit_user):
    # given: answered, not rated
    op = _answered(staff_user, unit_user)
    # when / then
    with pytest.raises(InvalidTransition):
        followup.opinion_reroute(opinion=op, actor=staff_user, reason="x")
    with pytest.raises(InvalidTransition):
        followup.opinion_close_explained(opinion=op, actor=staff_user, explanation="x")
    assert len(_events(op)) == 3


def test_a_stale_version_is_refused(staff_user, unit_user):
    # given
    op = _in_follow_up(staff_user, unit_user)
    stale = op.version - 1
    # when / then
    with pytest.raises(ConcurrentModification):
        followup.opinion_close_explained(opinion=op, actor=staff_user, explanation="已说明", expected_version=stale)
    with pytest.raises(ConcurrentModification):
        followup.opinion_reroute(opinion=op, actor=staff_user, reason="x", expected_version=stale)
    op.refresh_from_db()
    assert op.status == Status.FOLLOW_UP and op.closing_note == ""


def test_the_normal_route_action_does_not_take_a_follow_up_opinion(staff_user, unit_user):
    # given
    op = _in_follow_up(staff_user, unit_user)
    # when / then: 转办 is for classified opinions; follow-up goes back with 重新交办
    with pytest.raises(InvalidTransition):
        services.opinion_route(opinion=op, actor=staff_user, unit=unit_user.handling_unit)
    assert "route" not in permissions.allowed_actions(staff_user, op)


def test_close_with_explanation_is_shown_to_the_citizen(staff_user, unit_user):
    # given
    op = _in_follow_up(staff_user, unit_user)
    # when: an empty explanation is refused, then a real one closes it
    with pytest.raises(ApplicationError) as exc:
        followup.opinion_close_explained(opinion=op, actor=staff_user, explanation=" ")
    assert exc.value.code == "explanation_required"
    followup.opinion_close_explained(
        opinion=op, actor=staff_user, explanation="经回访，该路段已列入明年改造计划，电话13812345678"
    )
    # then: closed; the tracking page and its API show the explanation (phone masked)
    op.refresh_from_db()
    assert op.status == Status.CLOSED and _events(op)[-1] == ("close_explained", "follow_up", "closed")
    page = Client().get(reverse("liaison:track"), {"code": op.tracking_code}).content.decode()
    assert "已列入明年改造计划" in page and "13812345678" not in page and 'data-testid="rate-form"' not in page
    api = Client().get("/api/liaison/track/", {"code": op.tracking_code}).json()
    assert "已列入明年改造计划" in api["closing_note"] and api["status"] == "closed"


# ---------------------------------------------------------------------------------------------- pages
def test_tracking_page_low_rating_says_follow_up(staff_user, unit_user):
    # given
    op = _answered(staff_user, unit_user)
    # when: the citizen rates 2 on the page
    r = Client().post(reverse("liaison:track"), {"code": op.tracking_code, "rating": "2", "comment": ""}, follow=True)
    # then
    op.refresh_from_db()
    assert op.status == Status.FOLLOW_UP
    assert "工作人员正在回访复核" in r.content.decode()


def test_follow_up_list_and_home_panel_for_staff_only(staff_user, unit_user):
    # given
    op = _in_follow_up(staff_user, unit_user)
    # when
    staff_page = _client(staff_user).get(reverse("liaison:follow-up"))
    unit_page = _client(unit_user).get(reverse("liaison:follow-up"))
    # then
    assert (
        staff_page.status_code == 200 and reverse("liaison:opinion-detail", args=[op.pk]) in staff_page.content.decode()
    )
    assert unit_page.status_code == 403
    panel = next(p for p in panels_for(staff_user) if p.url == reverse("liaison:follow-up"))
    assert panel.count == 1


def test_detail_page_offers_both_actions_and_reroute_posts(staff_user, unit_user):
    # given
    op = _in_follow_up(staff_user, unit_user)
    c = _client(staff_user)
    # when
    page = c.get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    # then
    assert 'data-testid="reroute-form"' in page and 'data-testid="close-form"' in page
    # when: an empty reason is posted, nothing changes and the Chinese error shows
    r = c.post(reverse("liaison:opinion-reroute", args=[op.pk]), {"reason": "", "version": op.version}, follow=True)
    op.refresh_from_db()
    assert op.status == Status.FOLLOW_UP and "请说明重新交办的原因" in r.content.decode()
    # when: a stale version
    r = c.post(
        reverse("liaison:opinion-close", args=[op.pk]), {"explanation": "说明", "version": op.version - 1}, follow=True
    )
    op.refresh_from_db()
    assert op.status == Status.FOLLOW_UP and "已被他人修改" in r.content.decode()
    # when: a valid re-route
    c.post(reverse("liaison:opinion-reroute", args=[op.pk]), {"reason": "请重新核实", "version": op.version})
    op.refresh_from_db()
    assert op.status == Status.ROUTED


def test_unit_cannot_use_the_follow_up_pages(staff_user, unit_user):
    # given
    op = _in_follow_up(staff_user, unit_user)
    # when
    r = _client(unit_user).post(reverse("liaison:opinion-close", args=[op.pk]), {"explanation": "说明"}, follow=True)
    # then
    op.refresh_from_db()
    assert op.status == Status.FOLLOW_UP and "只有常委会工作人员" in r.content.decode()


# ---------------------------------------------------------------------------------------------- API
def test_api_follow_up_list_reroute_and_close(staff_user, unit_user):
    # given
    op = _in_follow_up(staff_user, unit_user)
    c = _client(staff_user)
    # when / then: the list
    listed = c.get("/api/liaison/opinions/follow-up/").json()
    assert [o["id"] for o in listed["results"]] == [op.pk]
    assert _client(unit_user).get("/api/liaison/opinions/follow-up/").status_code == 403
    # bad input and a stale version
    url = f"/api/liaison/opinions/{op.pk}/reroute/"
    r = c.post(url, {"reason": ""}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "reason_required"
    r = c.post(url, {"reason": "x", "unit": 999999}, content_type="application/json")
    assert r.status_code == 400
    r = c.post(url, {"reason": "x", "version": op.version - 1}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "concurrent_modification"
    # the unit may not
    r = _client(unit_user).post(
        f"/api/liaison/opinions/{op.pk}/close/", {"explanation": "x"}, content_type="application/json"
    )
    assert r.status_code == 403
    op.refresh_from_db()
    assert op.status == Status.FOLLOW_UP
    # close with an explanation
    r = c.post(
        f"/api/liaison/opinions/{op.pk}/close/",
        {"explanation": "已说明情况", "version": op.version},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = c.post(f"/api/liaison/opinions/{op.pk}/close/", {"explanation": "again"}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"


def test_api_rate_low_goes_to_follow_up(staff_user, unit_user):
    # given
    op = _answered(staff_user, unit_user)
    # when
    r = Client().post(
        "/api/liaison/track/rate/", {"code": op.tracking_code, "rating": 1}, content_type="application/json"
    )
    # then
    assert r.status_code == 200 and r.json()["status"] == "follow_up"
