"""Opinion status transitions: each allowed and a forbidden case; a refused action writes no event."""

from __future__ import annotations

import pytest

from renda.core.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from renda.core.models import Notification
from renda.liaison import services
from renda.liaison.models import LiaisonSettings, OpinionEvent
from renda.liaison.tests.factories import OpinionFactory, TopicFactory, TopicRouteFactory
from renda.liaison.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


def _events(op) -> list[tuple[str, str, str]]:
    return list(OpinionEvent.objects.filter(opinion=op).values_list("action", "from_status", "to_status"))


def test_triage_by_staff_moves_received_to_triaged_with_event(staff_user):
    # given
    op = OpinionFactory(congress=staff_user.congress)
    topic = TopicFactory(name="城乡建设")
    # when
    services.opinion_triage(opinion=op, actor=staff_user, topic=topic)
    # then
    op.refresh_from_db()
    assert op.status == Status.TRIAGED and op.topic == topic
    assert _events(op) == [("triage", "received", "triaged")]


def test_triage_by_unit_officer_is_refused_and_writes_nothing(unit_user):
    # given
    op = OpinionFactory(congress=unit_user.congress)
    # when / then
    with pytest.raises(PermissionDeniedError):
        services.opinion_triage(opinion=op, actor=unit_user, topic=TopicFactory())
    op.refresh_from_db()
    assert op.status == Status.RECEIVED and _events(op) == []


def test_triage_without_topic_or_prediction_is_refused(staff_user):
    # given
    op = OpinionFactory(congress=staff_user.congress)
    # when / then
    with pytest.raises(ApplicationError) as exc:
        services.opinion_triage(opinion=op, actor=staff_user)
    assert exc.value.code == "topic_required" and _events(op) == []


def test_route_uses_topic_route_and_notifies_station_deputies(staff_user, django_capture_on_commit_callbacks):
    # given: a deputy with a login serving at the opinion's station, and a route for the topic
    op = OpinionFactory(congress=staff_user.congress)
    deputy = org.DeputyFactory()
    op.station.deputies.add(deputy)
    deputy_login = org.UserFactory(role=User.Role.DEPUTY, deputy=deputy)
    route = TopicRouteFactory(congress=staff_user.congress, topic=TopicFactory(name="交通运输"))
    services.opinion_triage(opinion=op, actor=staff_user, topic=route.topic)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_route(opinion=op, actor=staff_user)
    # then
    op.refresh_from_db()
    assert op.status == Status.ROUTED and op.unit == route.unit
    assert _events(op)[-1] == ("route", "triaged", "routed")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [deputy_login.pk]


def test_route_falls_back_to_subtopic_parent_route(staff_user):
    # given: a route on the first-level topic, a manual third-level topic
    root = TopicFactory(name="环境保护", path="环境保护")
    child = TopicFactory(name="噪音", path="环境保护/噪音", level=2, parent=root)
    route = TopicRouteFactory(congress=staff_user.congress, topic=root)
    op = OpinionFactory(congress=staff_user.congress)
    services.opinion_triage(opinion=op, actor=staff_user, topic=child)
    # when
    services.opinion_route(opinion=op, actor=staff_user)
    # then
    op.refresh_from_db()
    assert op.unit == route.unit


def test_route_from_received_is_invalid_transition(staff_user):
    # given
    op = OpinionFactory(congress=staff_user.congress)
    unit = org.HandlingUnitFactory(congress=staff_user.congress)
    # when / then
    with pytest.raises(InvalidTransition):
        services.opinion_route(opinion=op, actor=staff_user, unit=unit)
    assert _events(op) == []


def test_answer_only_by_the_routed_unit(staff_user, unit_user):
    # given: routed to unit_user's unit
    op = OpinionFactory(congress=staff_user.congress)
    services.opinion_triage(opinion=op, actor=staff_user, topic=TopicFactory())
    services.opinion_route(opinion=op, actor=staff_user, unit=unit_user.handling_unit)
    other = org.UserFactory(role=User.Role.UNIT_OFFICER, handling_unit=org.HandlingUnitFactory())
    # when / then: another unit is refused, nothing written
    with pytest.raises(PermissionDeniedError):
        services.opinion_answer(opinion=op, actor=other, answer="已处理")
    assert len(_events(op)) == 2
    # when: the routed unit answers
    services.opinion_answer(opinion=op, actor=unit_user, answer="已增设停车位 120 个")
    # then
    op.refresh_from_db()
    assert op.status == Status.ANSWERED and op.answer == "已增设停车位 120 个" and op.answered_at is not None


def test_rating_closes_an_answered_opinion_with_the_right_code(staff_user, unit_user):
    # given
    op = OpinionFactory(congress=staff_user.congress)
    services.opinion_triage(opinion=op, actor=staff_user, topic=TopicFactory())
    services.opinion_route(opinion=op, actor=staff_user, unit=unit_user.handling_unit)
    services.opinion_answer(opinion=op, actor=unit_user, answer="已处理")
    # when / then: a wrong code or a rating out of range is refused
    with pytest.raises(PermissionDeniedError):
        services.opinion_rate(opinion=op, tracking_code="WRONGCODE1", rating=5)
    with pytest.raises(ApplicationError):
        services.opinion_rate(opinion=op, tracking_code=op.tracking_code, rating=6)
    assert len(_events(op)) == 3
    services.opinion_rate(opinion=op, tracking_code=op.tracking_code.lower(), rating=4)
    # then
    op.refresh_from_db()
    assert op.status == Status.CLOSED and op.rating == 4
    assert _events(op)[-1] == ("rate", "answered", "closed")


def test_rating_before_answer_is_invalid_transition():
    # given
    op = OpinionFactory()
    # when / then
    with pytest.raises(InvalidTransition):
        services.opinion_rate(opinion=op, tracking_code=op.tracking_code, rating=5)
    op.refresh_from_db()
    assert op.rating is None


@pytest.mark.parametrize(("confidence", "routed"), [(0.59, False), (0.6, True), (0.95, True)])
def test_auto_route_at_and_above_the_confidence_threshold(settings, confidence, routed):
    # given: threshold 0.6, a route for the predicted topic, automatic routing on
    settings.LIAISON_TRIAGE_CONFIDENCE = 0.6
    route = TopicRouteFactory(topic=TopicFactory(name="教育文体"))
    LiaisonSettings.objects.create(congress=route.congress, auto_route=True)
    op = OpinionFactory(congress=route.congress, predicted_topic=route.topic, confidence=confidence)
    # when
    result = services.opinion_auto_route(opinion=op)
    # then
    op.refresh_from_db()
    assert result is routed
    assert op.status == (Status.ROUTED if routed else Status.RECEIVED)
    assert [e[0] for e in _events(op)] == (["triage", "route"] if routed else [])


def test_auto_route_without_route_stays_in_triage(settings):
    # given: confident, but no route for that topic
    settings.LIAISON_TRIAGE_CONFIDENCE = 0.5
    op = OpinionFactory(predicted_topic=TopicFactory(name="卫生计生"), confidence=0.99)
    # when / then
    assert services.opinion_auto_route(opinion=op) is False
    op.refresh_from_db()
    assert op.status == Status.RECEIVED


def test_deputy_of_the_station_drafts_a_suggestion_from_a_group(deputy_user):
    # given: two opinions at a station the deputy serves, one at another station
    station = org.LiaisonStationFactory(congress=deputy_user.congress)
    station.deputies.add(deputy_user.deputy)
    a = OpinionFactory(congress=deputy_user.congress, station=station)
    b = OpinionFactory(congress=deputy_user.congress, station=station)
    foreign = OpinionFactory(congress=deputy_user.congress)
    # when / then: the foreign station's opinion is refused
    with pytest.raises(PermissionDeniedError):
        services.suggestion_draft_from_opinions(opinions=[foreign], actor=deputy_user)
    link = services.suggestion_draft_from_opinions(opinions=[a, b], actor=deputy_user)
    # then
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.suggestion == link and b.suggestion == link
    assert link.body.startswith("群众意见2件")
    # and a draft suggestion of the deputy exists in the proposals app, linked back
    assert link.proposal is not None
    assert (link.proposal.status, link.proposal.lead_deputy) == ("draft", deputy_user.deputy)
    assert link.proposal.title == link.title and link.proposal.opinion_link == link
    with pytest.raises(ApplicationError):
        services.suggestion_draft_from_opinions(opinions=[a], actor=deputy_user)


def test_a_routed_opinion_is_not_re_triaged_behind_the_units_back(staff_user, unit_user):
    # given an opinion routed to the unit
    op = OpinionFactory(congress=staff_user.congress, status=Status.ROUTED, unit=unit_user.handling_unit)
    # when staff try to classify it again directly
    with pytest.raises(InvalidTransition, match="请先撤回转办"):
        services.opinion_triage(opinion=op, actor=staff_user, topic=TopicFactory())
    # then nothing changed
    op.refresh_from_db()
    assert op.status == Status.ROUTED and op.unit == unit_user.handling_unit and _events(op) == []


def test_withdrawing_a_routing_clears_the_unit_and_logs_the_former_unit_and_reason(staff_user, unit_user):
    # given an opinion routed to the wrong unit
    unit = unit_user.handling_unit
    op = OpinionFactory(congress=staff_user.congress, status=Status.ROUTED, unit=unit)
    # when
    services.opinion_withdraw_routing(opinion=op, actor=staff_user, reason="不属于本单位职责")
    # then it is back in triage, the former unit no longer sees it, and the log says why
    op.refresh_from_db()
    assert op.status == Status.TRIAGED and op.unit is None
    assert _events(op) == [("withdraw", "routed", "triaged")]
    assert OpinionEvent.objects.get(opinion=op).note == f"撤回转办（原承办单位：{unit}）：不属于本单位职责"
    from renda.liaison import selectors

    assert not selectors.opinion_visible(viewer=unit_user).filter(pk=op.pk).exists()
    # and it can be routed again
    other = org.HandlingUnitFactory(congress=staff_user.congress)
    services.opinion_route(opinion=op, actor=staff_user, unit=other)
    op.refresh_from_db()
    assert op.status == Status.ROUTED and op.unit == other


@pytest.mark.parametrize(
    ("status", "actor", "reason", "error"),
    [
        (Status.TRIAGED, "staff_user", "转错了", InvalidTransition),
        (Status.ANSWERED, "staff_user", "转错了", InvalidTransition),
        (Status.ROUTED, "unit_user", "不是我们的", PermissionDeniedError),
        (Status.ROUTED, "staff_user", "   ", ApplicationError),
    ],
)
def test_withdrawing_a_routing_is_refused_and_changes_nothing(request, unit_user, status, actor, reason, error):
    # given
    op = OpinionFactory(congress=unit_user.congress, status=status, unit=unit_user.handling_unit)
    # when / then
    with pytest.raises(error):
        services.opinion_withdraw_routing(opinion=op, actor=request.getfixturevalue(actor), reason=reason)
    op.refresh_from_db()
    assert op.status == status and op.unit == unit_user.handling_unit and _events(op) == []


def test_a_withdrawn_opinion_is_classified_again_and_routed_by_its_new_topic(staff_user, unit_user):
    # given an opinion routed under the wrong topic, then withdrawn
    wrong, right = TopicFactory(name="城乡建设"), TopicFactory(name="交通运输")
    route = TopicRouteFactory(topic=right, congress=staff_user.congress)
    op = OpinionFactory(congress=staff_user.congress, status=Status.ROUTED, unit=unit_user.handling_unit, topic=wrong)
    services.opinion_withdraw_routing(opinion=op, actor=staff_user, reason="分类错误")
    # when: the same topic again is a repeat, another topic re-classifies
    with pytest.raises(InvalidTransition, match="不能重复分类"):
        services.opinion_triage(opinion=op, actor=staff_user, topic=wrong)
    services.opinion_triage(opinion=op, actor=staff_user, topic=right)
    services.opinion_route(opinion=op, actor=staff_user)
    # then it went to the new topic's unit
    op.refresh_from_db()
    assert op.topic == right and op.status == Status.ROUTED and op.unit == route.unit
    assert _events(op)[-2:] == [("triage", "triaged", "triaged"), ("route", "triaged", "routed")]
