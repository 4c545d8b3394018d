"""The liaison app on the workflow spine: versions, typed events with labels, permissions as the single
source of the buttons, the audit chain after an import."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from renda.core import audit
from renda.core.exceptions import ConcurrentModification, PermissionDeniedError
from renda.liaison import permissions, services
from renda.liaison.events import Action
from renda.liaison.importer import opinions_import
from renda.liaison.models import OpinionEvent
from renda.liaison.tests.factories import OpinionFactory, TopicFactory, TopicRouteFactory
from renda.liaison.workflow import OPINION_FLOW, Status
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_each_transition_bumps_the_version(staff_user, unit_user):
    # given: a received opinion with a route to unit_user's unit
    op = OpinionFactory(congress=staff_user.congress)
    route = TopicRouteFactory(congress=staff_user.congress, unit=unit_user.handling_unit)
    # when: triaged, routed, answered
    services.opinion_triage(opinion=op, actor=staff_user, topic=route.topic, expected_version=0)
    services.opinion_route(opinion=op, actor=staff_user, expected_version=1)
    services.opinion_answer(opinion=op, actor=unit_user, answer="已处理", expected_version=2)
    # then
    op.refresh_from_db()
    assert (op.status, op.version) == (Status.ANSWERED, 3)


def test_a_stale_version_is_refused_and_writes_no_event(staff_user):
    # given: an opinion staff loaded at version 0, then someone else classified it
    op = OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=TopicFactory())
    services.opinion_triage(opinion=op, actor=staff_user, topic=TopicFactory(name="另一个分类"))
    before = OpinionEvent.objects.filter(opinion=op).count()
    # when / then: routing with the stale version is refused
    with pytest.raises(ConcurrentModification):
        services.opinion_route(opinion=op, actor=staff_user, unit=org.HandlingUnitFactory(), expected_version=0)
    op.refresh_from_db()
    assert op.status == Status.TRIAGED and OpinionEvent.objects.filter(opinion=op).count() == before


def test_the_page_passes_a_stale_version_back_as_a_chinese_message(staff_user):
    # given
    op = OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=TopicFactory())
    unit = org.HandlingUnitFactory(congress=staff_user.congress)
    # when: the route form carries an old version
    response = _client(staff_user).post(
        reverse("liaison:opinion-route", args=[op.pk]), {"unit": unit.pk, "version": 7}, follow=True
    )
    # then: refused with the spine's message, nothing changed
    assert "已被他人修改" in response.content.decode()
    op.refresh_from_db()
    assert op.status == Status.TRIAGED


def test_an_unknown_action_is_refused_by_the_event_table():
    # given
    op = OpinionFactory()
    # when / then
    with pytest.raises(ValueError, match="unknown action"):
        OpinionEvent(opinion=op, action="routed_by_magic").save()
    assert OpinionEvent.ACTIONS is Action


def test_timeline_shows_chinese_action_labels_on_the_page_and_in_the_api(staff_user):
    # given: a classified opinion
    op = OpinionFactory(congress=staff_user.congress)
    services.opinion_triage(opinion=op, actor=staff_user, topic=TopicFactory(name="城乡建设"))
    c = _client(staff_user)
    # when
    html = c.get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    data = c.get(f"/api/liaison/opinions/{op.pk}/").json()
    # then
    assert 'data-testid="event-action">分类<' in html
    assert [(e["action"], e["action_label"]) for e in data["events"]] == [("triage", "分类")]
    assert data["version"] == 1 and "route" in data["actions"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.RECEIVED, {"triage"}),
        (Status.TRIAGED, {"reclassify", "route"}),
        (Status.ROUTED, {"withdraw"}),
        (Status.ANSWERED, set()),
        (Status.CLOSED, set()),
    ],
)
def test_allowed_actions_of_staff_follow_the_workflow(staff_user, status, expected):
    # given
    op = OpinionFactory(congress=staff_user.congress, status=status)
    # when / then
    assert permissions.allowed_actions(staff_user, op) == expected


def test_the_detail_page_shows_exactly_the_allowed_buttons(staff_user, unit_user):
    # given: an opinion routed to unit_user's unit
    op = OpinionFactory(congress=staff_user.congress, status=Status.ROUTED, unit=unit_user.handling_unit)
    # when
    staff_html = _client(staff_user).get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    unit_html = _client(unit_user).get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    # then: staff may withdraw only; the unit may answer only
    assert 'data-testid="withdraw-form"' in staff_html
    assert all(f'data-testid="{t}"' not in staff_html for t in ("triage-form", "route-form", "answer-form"))
    assert permissions.allowed_actions(unit_user, op) == {"answer"}
    assert 'data-testid="answer-form"' in unit_html
    assert all(f'data-testid="{t}"' not in unit_html for t in ("triage-form", "route-form", "withdraw-form"))


def test_withdraw_by_a_unit_officer_is_refused_and_writes_no_event(unit_user):
    # given
    op = OpinionFactory(congress=unit_user.congress, status=Status.ROUTED, unit=unit_user.handling_unit)
    # when / then
    with pytest.raises(PermissionDeniedError):
        services.opinion_withdraw_routing(opinion=op, actor=unit_user, reason="不是我们的")
    op.refresh_from_db()
    assert op.status == Status.ROUTED and not OpinionEvent.objects.filter(opinion=op).exists()


def test_reclassifying_keeps_the_status_logs_an_event_and_bumps_the_version(staff_user):
    # given
    op = OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=TopicFactory(name="甲"))
    # when
    services.opinion_triage(opinion=op, actor=staff_user, topic=TopicFactory(name="乙"), expected_version=0)
    # then
    op.refresh_from_db()
    assert (op.status, op.topic.name, op.version) == (Status.TRIAGED, "乙", 1)
    assert list(OpinionEvent.objects.filter(opinion=op).values_list("action", "from_status", "to_status")) == [
        ("triage", "triaged", "triaged")
    ]


def test_audit_verify_passes_after_an_import(tmp_path, staff_user, settings):
    # given: a small file imported with raw inserts (the importer's hash-chained events)
    settings.LIAISON_TRIAGE_CONFIDENCE = 0.0
    f = tmp_path / "m.csv"
    f.write_text(
        "留言编号,留言用户,留言主题,留言时间,留言详情,一级分类\n"
        "701,U1,路灯不亮,2019/1/8 10:00:00,我们小区路灯坏了一个月,城乡建设\n"
        "702,U2,学校学位不足,2019/1/9 10:00:00,孩子上学难，学校学位不足,教育文体\n",
        encoding="utf-8",
    )
    report = opinions_import(path=f, congress=staff_user.congress)
    assert report.created == 2
    # when
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    # then: every chain is intact, and a later service event links onto the imported one
    assert "校验通过" in out.getvalue() and audit.verify() == []
    op = OpinionEvent.objects.filter(opinion__external_id="701").first().opinion
    if op.status == Status.RECEIVED:
        services.opinion_triage(opinion=op, actor=staff_user, topic=TopicFactory(name="城乡建设"))
    else:
        services.opinion_route(opinion=op, actor=staff_user, unit=org.HandlingUnitFactory())
    assert audit.verify() == []
    assert OPINION_FLOW.labels[Status.TRIAGED] == "已分类"


def test_admin_changes_of_settings_and_routes_keep_history_with_the_actor(admin_client, admin_user):
    # given
    congress = org.CongressFactory()
    # when: the superuser turns automatic routing on in the admin
    response = admin_client.post(
        reverse("admin:liaison_liaisonsettings_add"), {"congress": congress.pk, "auto_route": "on"}
    )
    # then: saved, with a history row naming the superuser
    assert response.status_code == 302
    from renda.liaison.models import LiaisonSettings, TopicRoute

    row = LiaisonSettings.objects.get(congress=congress)
    assert row.auto_route and [h.history_user for h in row.history.all()] == [admin_user]
    assert hasattr(TopicRoute, "history")


def test_hot_topic_snapshots_are_view_only_in_the_admin(admin_client):
    # given
    from django.utils import timezone

    from renda.liaison.models import HotTopicSnapshot

    now = timezone.now()
    snap = HotTopicSnapshot.objects.create(congress=org.CongressFactory(), since=now, until=now, data=[])
    # when / then
    page = admin_client.get(reverse("admin:liaison_hottopicsnapshot_change", args=[snap.pk])).content.decode()
    assert 'name="_save"' not in page
    assert admin_client.get(reverse("admin:liaison_hottopicsnapshot_add")).status_code == 403
