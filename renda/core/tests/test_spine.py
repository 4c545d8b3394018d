"""The workflow spine: one transition function, append-only hash-chained events, one notification path.

The record used is a citizen's opinion (liaison); the workflow is built here from the liaison app's
statuses so these tests check the core mechanism, not the liaison services.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import RequestFactory

from renda.core import audit
from renda.core.exceptions import ConcurrentModification, InvalidTransition, PermissionDeniedError
from renda.core.models import AuditImmutable, Notification
from renda.core.notifications import Notice
from renda.core.workflow import Workflow, record_event, transition, transition_bulk
from renda.liaison.models import Opinion, OpinionEvent
from renda.liaison.tests.factories import OpinionFactory
from renda.liaison.workflow import TRANSITIONS, Status
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db

FLOW = Workflow(statuses=Status, transitions=TRANSITIONS, event_model="liaison.OpinionEvent")
#: A typed action of the liaison event table (any value it accepts).
ACTION = "triage"


@pytest.fixture
def opinion():
    return OpinionFactory(status=Status.RECEIVED)


@pytest.fixture
def staff():
    return f.UserFactory(role=User.Role.STAFF, username="spine_staff")


def test_transition_moves_bumps_version_and_writes_chained_event(opinion, staff):
    # given an opinion just received, version v
    version = opinion.version
    # when staff triage it
    event = transition(opinion, workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff, note="分类")
    # then the row, the version and the event agree, and the event is the first link of its chain
    opinion.refresh_from_db()
    assert opinion.status == Status.TRIAGED
    assert opinion.version == version + 1
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        Status.RECEIVED,
        Status.TRIAGED,
        staff,
        "分类",
    )
    assert event.prev_hash == "" and len(event.hash) == 64
    second = record_event(FLOW, opinion, action=ACTION, actor=staff, note="补充说明")
    assert second.prev_hash == event.hash
    assert audit.verify() == []


def test_transition_not_in_workflow_changes_nothing(opinion, staff):
    # given an opinion just received
    # when someone tries to close it at once (received → closed is not a move of the workflow)
    with pytest.raises(InvalidTransition):
        transition(opinion, workflow=FLOW, to=Status.CLOSED, action=ACTION, actor=staff)
    # then nothing changed and no event was written
    opinion.refresh_from_db()
    assert opinion.status == Status.RECEIVED
    assert not OpinionEvent.objects.filter(opinion=opinion).exists()


def test_transition_refused_by_permission_changes_nothing(opinion, staff):
    # given a predicate that said no
    # when the transition is attempted
    with pytest.raises(PermissionDeniedError, match="无权"):
        transition(opinion, workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff, allowed=False)
    # then nothing changed
    opinion.refresh_from_db()
    assert opinion.status == Status.RECEIVED
    assert not OpinionEvent.objects.filter(opinion=opinion).exists()


def test_transition_checks_the_stored_status_not_the_callers_copy(opinion, staff):
    # given two copies of the same opinion; one is triaged through the spine
    stale = Opinion.objects.get(pk=opinion.pk)
    transition(opinion, workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff)
    # when the stale copy (still "received" in memory) asks for received → triaged again
    # then the spine reads the stored status: triaged → triaged is not a move
    with pytest.raises(InvalidTransition):
        transition(stale, workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff)
    assert OpinionEvent.objects.filter(opinion=opinion).count() == 1


def test_transition_optimistic_version_mismatch_changes_nothing(opinion, staff):
    # given the actor saw version v - 1
    # when they act
    with pytest.raises(ConcurrentModification):
        transition(
            opinion,
            workflow=FLOW,
            to=Status.TRIAGED,
            action=ACTION,
            actor=staff,
            expected_version=opinion.version - 1,
        )
    # then nothing changed
    assert Opinion.objects.get(pk=opinion.pk).status == Status.RECEIVED
    assert not OpinionEvent.objects.filter(opinion=opinion).exists()


def test_transition_bulk_moves_all_or_none(staff):
    # given two received opinions and one already triaged
    a, b = OpinionFactory(status=Status.RECEIVED), OpinionFactory(status=Status.RECEIVED)
    c = OpinionFactory(status=Status.RECEIVED)
    transition(c, workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff)
    # when all three are moved received → triaged together
    with pytest.raises(InvalidTransition):
        transition_bulk(
            Opinion.objects.filter(pk__in=[a.pk, b.pk, c.pk]),
            workflow=FLOW,
            to=Status.TRIAGED,
            action=ACTION,
            actor=staff,
        )
    # then none moved; the two received ones alone move, one chained event each
    assert Opinion.objects.filter(status=Status.TRIAGED).count() == 1
    moved = transition_bulk(
        Opinion.objects.filter(pk__in=[a.pk, b.pk]), workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff
    )
    assert moved == 2
    assert Opinion.objects.filter(status=Status.TRIAGED).count() == 3
    assert OpinionEvent.objects.filter(opinion__in=[a, b], to_status=Status.TRIAGED).count() == 2
    assert audit.verify() == []


def test_event_with_an_untyped_action_is_refused(opinion, staff):
    # given / when an event with an action its table does not define / then it is refused
    if OpinionEvent.ACTIONS is None:
        pytest.skip("the liaison event table has no typed actions yet")
    with pytest.raises(ValueError, match="unknown action"):
        record_event(FLOW, opinion, action="no_such_action", actor=staff)


def test_event_rows_cannot_be_changed_or_deleted_by_model_code(opinion, staff):
    # given a stored event
    event = transition(opinion, workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff)
    # when model code tries to change or delete it, one by one or in bulk
    event.note = "伪造"
    with pytest.raises(AuditImmutable):
        event.save()
    with pytest.raises(AuditImmutable):
        event.delete()
    with pytest.raises(AuditImmutable):
        OpinionEvent.objects.filter(pk=event.pk).update(note="伪造")
    with pytest.raises(AuditImmutable):
        OpinionEvent.objects.filter(pk=event.pk).delete()
    # then the stored row is as written
    assert OpinionEvent.objects.get(pk=event.pk).note == ""


def test_record_with_events_cannot_be_deleted(opinion, staff):
    # given an opinion with an event
    transition(opinion, workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff)
    # when it is deleted / then deletion is refused (retire it instead)
    with pytest.raises(ProtectedError):
        Opinion.objects.filter(pk=opinion.pk).delete()
    assert Opinion.objects.filter(pk=opinion.pk).exists()


@pytest.mark.parametrize("model", audit.event_models(), ids=lambda m: m._meta.label)
def test_event_tables_are_view_only_in_the_admin_even_for_a_superuser(model):
    # given a superuser in the admin
    request = RequestFactory().get("/admin/")
    request.user = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    model_admin = admin.site._registry.get(model)
    # when the event table is registered / then it cannot be added, changed or deleted
    if model_admin is not None:
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    # and inlines of it on other admin pages are view-only too
    for parent in admin.site._registry.values():
        for inline in parent.get_inline_instances(request):
            if inline.model is model:
                assert not inline.has_change_permission(request) and not inline.has_delete_permission(request)


def _tamper(table: str, event_id: int) -> None:
    """Change one stored event row behind the application's back (raw SQL, triggers disabled on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # a database superuser's bypass
        cursor.execute(f"UPDATE \"{table}\" SET note = 'forged' WHERE id = %s", [event_id])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_audit_verify_passes_then_names_the_exact_event_after_a_raw_sql_tamper(opinion, staff):
    # given a chain of three events
    first = transition(opinion, workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff)
    middle = record_event(FLOW, opinion, action=ACTION, actor=staff, note="中间")
    record_event(FLOW, opinion, action=ACTION, actor=staff, note="最后")
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "校验通过" in out.getvalue()
    # when the middle one is changed in raw SQL
    _tamper(OpinionEvent._meta.db_table, middle.pk)
    # then verify fails and names that event (not the first, not the next)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 处断裂"):
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert f"#{middle.pk}，" in err.getvalue()
    assert f"#{first.pk}，" not in err.getvalue()
    [broken] = audit.verify()
    assert (broken.event_id, broken.subject_id, broken.reason) == (middle.pk, opinion.pk, "content")


def test_audit_verify_detects_a_row_removed_from_the_middle(opinion, staff):
    # given three events; the middle one is deleted in raw SQL (triggers disabled on PostgreSQL)
    transition(opinion, workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff)
    middle = record_event(FLOW, opinion, action=ACTION, actor=staff, note="中间")
    last = record_event(FLOW, opinion, action=ACTION, actor=staff, note="最后")
    table = OpinionEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # a database superuser's bypass
        cursor.execute(f'DELETE FROM "{table}" WHERE id = %s', [middle.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    # when verified / then the next row's broken link is reported
    [broken] = audit.verify()
    assert (broken.event_id, broken.reason) == (last.pk, "link")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "statement", ["UPDATE \"{t}\" SET note = 'x' WHERE id = %s", 'DELETE FROM "{t}" WHERE id = %s']
)
def test_postgresql_refuses_raw_sql_update_and_delete_of_events(opinion, staff, statement):
    # given a stored event
    event = transition(opinion, workflow=FLOW, to=Status.TRIAGED, action=ACTION, actor=staff)
    # when raw SQL changes or deletes it / then the database refuses
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(t=OpinionEvent._meta.db_table), [event.pk])
    assert OpinionEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
@pytest.mark.parametrize("model", audit.event_models(), ids=lambda m: m._meta.label)
def test_every_event_table_has_the_append_only_trigger(model):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname = %s",
            [model._meta.db_table, f"{model._meta.db_table}_append_only"],
        )
        assert cursor.fetchone()[0] == 1


def test_notice_is_delivered_on_commit_and_not_after_a_rollback(opinion, staff, django_capture_on_commit_callbacks):
    # given a transition with a notice, committed
    user = f.UserFactory(username="spine_reader")
    with django_capture_on_commit_callbacks(execute=True):
        transition(
            opinion,
            workflow=FLOW,
            to=Status.TRIAGED,
            action=ACTION,
            actor=staff,
            notice=Notice.to([user], "意见已分类", "/liaison/"),
        )
    # then the recipient has it in-app
    assert Notification.objects.filter(recipient=user, text="意见已分类").count() == 1
    # when a second action with a notice fails after the transition
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        transition(
            opinion,
            workflow=FLOW,
            to=Status.ROUTED,
            action=ACTION,
            actor=staff,
            notice=Notice.to([user], "不应送达", "/liaison/"),
        )
        raise RuntimeError("later step failed")
    # then nothing was sent and nothing changed
    assert not Notification.objects.filter(text="不应送达").exists()
    assert Opinion.objects.get(pk=opinion.pk).status == Status.TRIAGED


#: ``x.status = …`` / ``setattr(x, "status", …)`` / ``.update(status=…)`` (any field named *status or state).
ASSIGNS_STATUS = re.compile(
    r"\.(?:\w*status|state)\s*=(?!=)|setattr\([^,]+,\s*[\"']\w*(?:status|state)[\"']|\.update\([^)]*\b\w*(?:status|state)\s*="
)


def test_no_module_outside_the_spine_assigns_a_status_field():
    # given every module of the project but migrations, tests and the spine itself
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if "/migrations/" in rel or "/tests/" in rel or rel == "core/workflow.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if ASSIGNS_STATUS.search(code):
                offenders.append(f"renda/{rel}:{n}: {line.strip()}")
    # then none assigns a status: every change goes through renda.core.workflow.transition
    assert offenders == []
