"""Defect 8: routing to a unit is confirmed by staff unless the congress turns automatic routing on.

An elevator complaint classified 商贸旅游 at 0.97 went to 市商务局 with no human look. Now a confident
opinion is classified and waits in the triage inbox (待分办) with its suggested unit; staff confirm a
batch in one click; a congress may switch automatic routing on (per-congress setting, default off).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core import audit
from renda.core.exceptions import InvalidTransition, PermissionDeniedError
from renda.core.models import Notification
from renda.liaison import intelligence, services
from renda.liaison.importer import opinions_import
from renda.liaison.models import LiaisonSettings, Opinion, OpinionEvent
from renda.liaison.tests.factories import OpinionFactory, TopicFactory, TopicRouteFactory
from renda.liaison.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db

ELEVATOR = ("电梯坏了三个月没人修", "我们小区3号楼电梯坏了三个月，物业一直不修，老人上下楼很困难。")


@pytest.fixture
def commerce_route(staff_user):
    """The route that sent the elevator complaint astray: 商贸旅游 → 市商务局."""
    return TopicRouteFactory(
        congress=staff_user.congress,
        topic=TopicFactory(name="商贸旅游"),
        unit=org.HandlingUnitFactory(congress=staff_user.congress, name="市商务局"),
    )


@pytest.fixture
def predicts_commerce_at_097(monkeypatch):
    """The classifier says 商贸旅游 with probability 0.97, whatever the text."""
    monkeypatch.setattr(
        intelligence, "classify", lambda messages: [intelligence.Prediction("商贸旅游", 0.97) for _ in messages]
    )


def _record(operator_user):
    station = operator_user.liaison_station
    return services.opinion_record(
        congress=station.congress,
        station=station,
        title=ELEVATOR[0],
        text=ELEVATOR[1],
        source=Opinion.Source.STATION,
        actor=operator_user,
    )


def _actions(op) -> list[str]:
    return list(OpinionEvent.objects.filter(opinion=op).order_by("id").values_list("action", flat=True))


def test_a_097_prediction_is_not_routed_when_auto_routing_is_off(
    staff_user, commerce_route, predicts_commerce_at_097, settings
):
    # given: a station of the staff member's congress, automatic routing not turned on (the default)
    operator = org.UserFactory(
        role=User.Role.STATION_OPERATOR, liaison_station=org.LiaisonStationFactory(congress=staff_user.congress)
    )
    settings.LIAISON_TRIAGE_CONFIDENCE = 0.6
    # when: the elevator complaint is recorded
    op = _record(operator)
    # then: classified (已分类) and waiting in the triage inbox with 市商务局 suggested, not routed
    op.refresh_from_db()
    assert op.status == Status.TRIAGED and op.unit is None
    assert _actions(op) == ["received", "triage"]
    page = _client(staff_user).get(reverse("liaison:triage"))
    assert op.title in page.content.decode()
    assert 'data-testid="suggested-unit">市商务局<' in page.content.decode()


def test_a_097_prediction_is_routed_when_the_congress_turned_auto_routing_on(
    staff_user, commerce_route, predicts_commerce_at_097
):
    # given: the congress switched automatic routing on
    LiaisonSettings.objects.create(congress=staff_user.congress, auto_route=True)
    operator = org.UserFactory(
        role=User.Role.STATION_OPERATOR, liaison_station=org.LiaisonStationFactory(congress=staff_user.congress)
    )
    # when
    op = _record(operator)
    # then: routed at once to the route's unit, by the system
    op.refresh_from_db()
    assert op.status == Status.ROUTED and op.unit == commerce_route.unit
    assert _actions(op) == ["received", "triage", "route"]


def test_the_setting_falls_back_to_renda_liaison_auto_route_for_a_congress_without_a_row(
    staff_user, commerce_route, predicts_commerce_at_097, settings
):
    # given: no row for the congress, the project setting on
    settings.RENDA_LIAISON_AUTO_ROUTE = True
    operator = org.UserFactory(
        role=User.Role.STATION_OPERATOR, liaison_station=org.LiaisonStationFactory(congress=staff_user.congress)
    )
    # when / then
    assert _record(operator).status == Status.ROUTED


def test_import_leaves_confident_rows_classified_when_off_and_routes_them_when_on(
    topic_model, settings, staff_user, tmp_path
):
    # given: routes for every topic, any confidence counts as confident
    from renda.liaison.services import topic_for_label

    settings.LIAISON_TRIAGE_CONFIDENCE = 0.0
    for label in ("城乡建设", "劳动和社会保障", "教育文体", "卫生计生", "环境保护", "交通运输", "商贸旅游"):
        TopicRouteFactory(congress=staff_user.congress, topic=topic_for_label(label))
    f = tmp_path / "m.csv"
    f.write_text(
        "留言编号,留言用户,留言主题,留言时间,留言详情,一级分类\n"
        f"801,U1,{ELEVATOR[0]},2019/1/8 10:00:00,{ELEVATOR[1]},\n",
        encoding="utf-8",
    )
    # when: imported with automatic routing off (the default)
    report = opinions_import(path=f, congress=staff_user.congress)
    # then: classified, not routed
    op = Opinion.objects.get(congress=staff_user.congress, external_id="801")
    assert (op.status, op.unit, report.routed, report.classified) == (Status.TRIAGED, None, 0, 1)
    assert _actions(op) == ["received", "triage"]
    # when: the congress turns it on and a second row comes in
    services.auto_route_set(congress_id=staff_user.congress_id, enabled=True, actor=staff_user)
    f.write_text(
        "留言编号,留言用户,留言主题,留言时间,留言详情,一级分类\n"
        f"802,U2,{ELEVATOR[0]}（再次反映）,2019/1/9 10:00:00,{ELEVATOR[1]}又坏了,\n",
        encoding="utf-8",
    )
    report = opinions_import(path=f, congress=staff_user.congress)
    # then: that one is routed
    op2 = Opinion.objects.get(congress=staff_user.congress, external_id="802")
    assert op2.status == Status.ROUTED and op2.unit is not None and report.routed == 1


def test_batch_confirm_routes_exactly_the_selected_opinions_with_one_event_each(
    staff_user, commerce_route, django_capture_on_commit_callbacks
):
    # given: three classified opinions with a suggested unit; a deputy serving at the first one's station
    ops = [
        OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=commerce_route.topic)
        for _ in range(3)
    ]
    deputy = org.DeputyFactory()
    ops[0].station.deputies.add(deputy)
    deputy_login = org.UserFactory(role=User.Role.DEPUTY, deputy=deputy)
    versions = [op.version for op in ops]
    # when: staff confirm the first two in one request
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(staff_user).post(reverse("liaison:triage-confirm"), {"opinions": [ops[0].pk, ops[1].pk]})
    # then: those two are routed to 市商务局, one route event each by the staff member; the third is untouched
    assert response.status_code == 302
    for op, version in zip(ops[:2], versions[:2], strict=True):
        op.refresh_from_db()
        assert op.status == Status.ROUTED and op.unit == commerce_route.unit and op.version == version + 1
        [event] = OpinionEvent.objects.filter(opinion=op)
        assert (event.action, event.actor, event.from_status, event.to_status) == (
            "route",
            staff_user,
            "triaged",
            "routed",
        )
        assert event.note == "确认建议转办：市商务局"
    ops[2].refresh_from_db()
    assert ops[2].status == Status.TRIAGED and ops[2].unit is None
    assert not OpinionEvent.objects.filter(opinion=ops[2]).exists()
    # and the station's deputy is told, through the one notification path
    [note] = Notification.objects.filter(recipient=deputy_login)
    assert note.link == reverse("liaison:opinion-detail", args=[ops[0].pk])
    assert audit.verify() == []


def test_batch_confirm_by_a_non_staff_user_is_refused_and_writes_nothing(
    staff_user, unit_user, supervisor_user, commerce_route
):
    # given: two classified opinions with a suggested unit
    ops = [
        OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=commerce_route.topic)
        for _ in range(2)
    ]
    ids = [op.pk for op in ops]
    # when / then: the service refuses a unit officer and a supervisor; the page answers 403
    for user in (unit_user, supervisor_user):
        with pytest.raises(PermissionDeniedError):
            services.opinions_route_suggested(opinion_ids=ids, actor=user)
        assert _client(user).post(reverse("liaison:triage-confirm"), {"opinions": ids}).status_code == 403
    # and nothing moved, no event was written
    assert set(Opinion.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Status.TRIAGED}
    assert not OpinionEvent.objects.filter(opinion_id__in=ids).exists()


def test_batch_confirm_is_all_or_none(staff_user, commerce_route):
    # given: one classified opinion and one already routed
    ok = OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=commerce_route.topic)
    done = OpinionFactory(
        congress=staff_user.congress, status=Status.ROUTED, topic=commerce_route.topic, unit=commerce_route.unit
    )
    # when / then: the batch is refused and neither changes
    with pytest.raises(InvalidTransition):
        services.opinions_route_suggested(opinion_ids=[ok.pk, done.pk], actor=staff_user)
    ok.refresh_from_db()
    assert ok.status == Status.TRIAGED and not OpinionEvent.objects.filter(opinion__in=[ok, done]).exists()


def test_triage_page_offers_one_click_confirm_of_the_page_and_staff_switch_auto_routing(staff_user, commerce_route):
    # given: a classified opinion with a suggested unit and one without a topic
    ready = OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=commerce_route.topic)
    OpinionFactory(congress=staff_user.congress)
    c = _client(staff_user)
    # when
    html = c.get(reverse("liaison:triage")).content.decode()
    # then: one button confirms the page's confirmable opinions (only the ready one)
    assert 'data-testid="confirm-all-submit"' in html and "（1 件）" in html
    assert f'name="opinions" value="{ready.pk}"' in html
    # when: staff switch automatic routing on, then off again
    c.post(reverse("liaison:triage-auto-route"), {"auto_route": "1"})
    assert LiaisonSettings.objects.get(congress=staff_user.congress).auto_route is True
    c.post(reverse("liaison:triage-auto-route"), {})
    row = LiaisonSettings.objects.get(congress=staff_user.congress)
    # then: off, with the history of who changed it
    assert row.auto_route is False
    assert [h.history_user for h in row.history.all()] == [staff_user, staff_user]


def test_only_staff_switch_automatic_routing(supervisor_user, staff_user):
    # when / then
    assert _client(supervisor_user).post(reverse("liaison:triage-auto-route"), {"auto_route": "1"}).status_code == 403
    with pytest.raises(PermissionDeniedError):
        services.auto_route_set(congress_id=staff_user.congress_id, enabled=True, actor=supervisor_user)
    assert not LiaisonSettings.objects.exists()


def _client(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def test_triage_filters_by_status_and_a_confirm_returns_to_the_same_filter_and_page(staff_user, commerce_route):
    # given: classified opinions waiting to be routed and one waiting for a person
    ready = OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=commerce_route.topic)
    waiting = OpinionFactory(congress=staff_user.congress)
    c = _client(staff_user)
    # when: staff filter the inbox to the classified ones (the status filter offers the inbox's two statuses)
    url = reverse("liaison:triage") + "?status=triaged&page=1"
    html = c.get(url).content.decode()
    # then: only the classified one is listed, and the forms carry the page's address back
    assert 'data-testid="status-filter"' in html and f"/liaison/opinions/{ready.pk}/" in html
    assert f"/liaison/opinions/{waiting.pk}/" not in html
    assert 'name="next" value="/liaison/triage/?status=triaged&amp;page=1"' in html
    response = c.post(reverse("liaison:triage-confirm"), {"opinions": [ready.pk], "next": url})
    assert response.status_code == 302 and response["Location"] == url
    # and an off-site next is ignored
    off = c.post(reverse("liaison:triage-confirm"), {"opinions": [ready.pk], "next": "//evil.example/"})
    assert off["Location"] == reverse("liaison:triage")
