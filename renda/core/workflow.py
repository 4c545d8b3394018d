"""The workflow spine: the one way a status changes and an event is written, for every app.

Each app keeps its statuses as ``TextChoices`` and a ``TRANSITIONS`` map from each status to the
statuses it may go to (DESIGN.md house style 3), wrapped in a :class:`Workflow`. A service changes a
status only through :func:`transition`, which, inside the caller's transaction:

1. locks the record's row (``SELECT … FOR UPDATE``) and reads its status and ``version`` from the
   database (never trusting the caller's copy);
2. checks the optimistic ``expected_version`` when the caller passes one (a mismatch raises
   :class:`~renda.core.exceptions.ConcurrentModification`, "已被他人修改");
3. checks the move against the workflow's ``TRANSITIONS`` (:class:`InvalidTransition`) and the
   actor's permission, the result of the app's ``can_<verb>`` predicate
   (:class:`~renda.core.exceptions.PermissionDeniedError`);
4. assigns the status, bumps ``version`` and saves with ``update_fields``;
5. writes the typed, hash-chained event row (:func:`record_event`);
6. queues the notifications as a task on commit (:func:`renda.core.notifications.notify_on_commit`).

A refused step raises before anything is written; the caller's ``transaction.atomic`` rolls back
whatever it wrote earlier. The time of an action is an explicit ``at`` argument (paper records
entered later, the demo's history), never a hidden clock. No other code assigns a status field:
``renda/core/tests/test_spine.py`` scans the source for it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from renda.core.exceptions import ConcurrentModification, InvalidTransition, NotFoundOrForbidden, PermissionDeniedError
from renda.core.models import DomainEvent

M = TypeVar("M", bound=models.Model)
F = TypeVar("F", bound=Callable[..., Any])

#: The message of a stale optimistic version (the record changed since the actor loaded it).
STALE = gettext_noop("该记录已被他人修改，请刷新页面后重试")
#: The message of a refused permission predicate when the caller gives none.
FORBIDDEN = gettext_noop("您无权执行此操作")


def assert_transition(
    transitions: Mapping[str, Iterable[str]], current: str, target: str, *, labels: Mapping[str, str] | None = None
) -> None:
    """Raise unless ``current → target`` is listed in ``transitions``.

    Args:
        transitions: status → allowed next statuses.
        current: the record's status now.
        target: the status the action would set.
        labels: optional status → Chinese label, used in the error message.
    Raises:
        InvalidTransition: the move is not allowed (code ``invalid_transition``).
    """
    if target not in transitions.get(current, ()):
        name = labels or {}
        raise InvalidTransition(
            gettext("当前状态“%(current)s”不能变更为“%(target)s”")
            % {"current": name.get(current, current), "target": name.get(target, target)},
            extra={"from": current, "to": target},
        )


@dataclass(frozen=True)
class Workflow:
    """One status pipeline: its statuses, the allowed moves, and where its events are written.

    Attributes:
        statuses: the ``TextChoices`` of the status field (labels come from here).
        transitions: status → the statuses it may go to.
        event_model: ``"app_label.ModelName"`` of the event table (a :class:`DomainEvent` subclass).
        field: the status field's name on the record (default ``status``).
        event_subject: attribute of the record naming the event's subject when it is not the record
            itself (e.g. ``"proposal"``: an assignment's events belong to its proposal's trail; an
            attendance's to its meeting's).
        event_link: the event's foreign key to the record itself when ``event_subject`` is set
            (e.g. ``"assignment"``), or '' when the event table has none.
    """

    statuses: type[models.TextChoices]
    transitions: Mapping[str, Iterable[str]]
    event_model: str
    field: str = "status"
    event_subject: str = ""
    event_link: str = ""
    labels: Mapping[str, str] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", {k: str(v) for k, v in self.statuses.choices})

    def check(self, current: str, target: str) -> None:
        """Raise :class:`InvalidTransition` unless ``current → target`` is allowed."""
        assert_transition(self.transitions, current, target, labels=self.labels)

    def allows(self, current: str, target: str) -> bool:
        """Whether ``current → target`` is allowed (for ``allowed_actions`` on pages)."""
        return target in self.transitions.get(current, ())

    def label(self, value: str) -> str:
        """The Chinese label of a status ('—' for an empty one)."""
        return self.labels.get(value, value or "—")

    def events(self) -> type[DomainEvent]:
        """The event model class."""
        return apps.get_model(self.event_model)  # type: ignore[return-value]

    def event_fields(self, record: models.Model) -> dict[str, Any]:
        """The event's foreign keys for a record of this workflow."""
        model = self.events()
        if self.event_subject:
            fields: dict[str, Any] = {model.SUBJECT_FIELD + "_id": getattr(record, self.event_subject + "_id")}
            if self.event_link:
                fields[self.event_link] = record
            return fields
        return {model.SUBJECT_FIELD: record}


def lock(record: M, *, expected_version: int | None = None, related: Iterable[str] = ()) -> M:
    """Lock ``record``'s row for the rest of the transaction and return a fresh copy.

    Args:
        record: a saved model instance.
        expected_version: the ``version`` the actor saw (optimistic check), or ``None`` to skip it.
        related: ``select_related`` paths to load with the fresh copy.
    Returns:
        A new instance read under ``SELECT … FOR UPDATE``.
    Raises:
        NotFoundOrForbidden: the row no longer exists.
        ConcurrentModification: ``expected_version`` differs from the stored version.
    """
    model = type(record)
    try:
        fresh = model._default_manager.select_for_update().select_related(*related).get(pk=record.pk)
    except ObjectDoesNotExist as exc:
        raise NotFoundOrForbidden(gettext("记录不存在")) from exc
    if expected_version is not None and getattr(fresh, "version", expected_version) != expected_version:
        raise ConcurrentModification(gettext(STALE), extra={"version": fresh.version})  # type: ignore[attr-defined]
    return fresh


def _lock_in_place(record: models.Model, workflow: Workflow, expected_version: int | None) -> None:
    """Lock the row and refresh the status and version of the caller's instance from the database."""
    model = type(record)
    names = [workflow.field] + (["version"] if hasattr(record, "version") else [])
    row = model._default_manager.select_for_update().filter(pk=record.pk).values(*names).first()
    if row is None:
        raise NotFoundOrForbidden(gettext("记录不存在"))
    if expected_version is not None and "version" in row and row["version"] != expected_version:
        raise ConcurrentModification(gettext(STALE), extra={"version": row["version"]})
    for name, value in row.items():
        setattr(record, name, value)


def record_event(
    workflow: Workflow,
    record: models.Model,
    *,
    action: str,
    actor: Any = None,
    note: str = "",
    at: datetime | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    lock_subject: bool = True,
    **extra: Any,
) -> DomainEvent:
    """Write one typed, hash-chained event row for ``record`` (an act that does not change its status,
    or the event of a :func:`transition`).

    Args:
        workflow: the record's workflow (where its events go).
        record: the record acted on.
        action: one of the event model's ``ACTIONS`` (the app's ``events.Action``).
        actor: the user who acted (``None``: the system, e.g. the daily urge run).
        note: free text shown on the timeline (reasons, comments).
        at: when it happened (aware datetime; default now). Back-dated for paper records and the demo.
        from_status, to_status: default: the record's current status (an act without a move).
        lock_subject: lock the subject row first so the hash chain cannot fork (``False`` when the
            caller already holds the lock).
        extra: other columns of the event model.
    Returns:
        The saved event.
    Raises:
        ValueError: ``action`` is not a typed action of the event model.
    """
    model = workflow.events()
    fields = workflow.event_fields(record)
    if lock_subject and workflow.event_subject:
        subject_model = model._meta.get_field(model.SUBJECT_FIELD).related_model
        subject_model._default_manager.select_for_update().filter(  # type: ignore[union-attr]
            pk=fields[model.SUBJECT_FIELD + "_id"]
        ).values_list("pk").first()
    elif lock_subject:
        type(record)._default_manager.select_for_update().filter(pk=record.pk).values_list("pk").first()
    current = getattr(record, workflow.field, "")
    event = model(
        **fields,
        action=str(action),
        actor=actor,
        note=note,
        at=at or timezone.now(),
        from_status=current if from_status is None else from_status,
        to_status=current if to_status is None else to_status,
        **extra,
    )
    event.save()
    return event


def _in_transaction(fn: F) -> F:
    """Run ``fn`` in the caller's transaction, or in a new one when there is none (never a savepoint)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if transaction.get_connection().in_atomic_block:
            return fn(*args, **kwargs)
        with transaction.atomic():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@_in_transaction
def transition(
    record: M,
    *,
    workflow: Workflow,
    to: str,
    action: str,
    actor: Any,
    allowed: bool = True,
    denied: str = FORBIDDEN,
    note: str = "",
    at: datetime | None = None,
    expected_version: int | None = None,
    fields: Iterable[str] = (),
    notice: Any = None,
    **event_extra: Any,
) -> DomainEvent:
    """Move ``record`` to status ``to``: the only function that changes a status field.

    Args:
        record: the record (its in-memory status and version are refreshed under the row lock and
            updated; other attributes the caller changed are saved when named in ``fields``).
        workflow: the record's :class:`Workflow`.
        to: the target status.
        action: the typed action written on the event (the app's ``events.Action``).
        actor: the user acting (``None``: the system).
        allowed: the result of the app's permission predicate for this actor and record
            (``can_<verb>(actor, record)``).
        denied: the Chinese message when ``allowed`` is false.
        note: reason or comment, shown on the timeline.
        at: when it happened (aware datetime, default now); also written to the event.
        expected_version: the ``version`` the actor saw, or ``None`` to skip the optimistic check.
        fields: other fields of ``record`` the caller set and wants saved in the same UPDATE.
        notice: a :class:`renda.core.notifications.Notice` (or ``None``), queued on commit.
        event_extra: other columns of the event row.
    Returns:
        The event written.
    Raises:
        NotFoundOrForbidden: the record no longer exists.
        ConcurrentModification: the version differs from ``expected_version``.
        PermissionDeniedError: ``allowed`` is false.
        InvalidTransition: the move is not in the workflow's ``TRANSITIONS``.
    """
    from renda.core.notifications import notify_on_commit

    _lock_in_place(record, workflow, expected_version)
    if not allowed:
        raise PermissionDeniedError(gettext(denied))
    old = getattr(record, workflow.field)
    workflow.check(old, to)
    setattr(record, workflow.field, to)
    update = [workflow.field, *fields]
    if hasattr(record, "version"):
        record.version += 1  # type: ignore[attr-defined]
        update.append("version")
    if any(f.name == "updated_at" for f in record._meta.concrete_fields):
        update.append("updated_at")
    record.save(update_fields=list(dict.fromkeys(update)))
    event = record_event(
        workflow,
        record,
        action=action,
        actor=actor,
        note=note,
        at=at,
        from_status=old,
        to_status=to,
        lock_subject=bool(workflow.event_subject),
        **event_extra,
    )
    if notice is not None:
        notify_on_commit(notice)
    return event


@_in_transaction
def transition_bulk(
    records: models.QuerySet[M],
    *,
    workflow: Workflow,
    to: str,
    action: str,
    actor: Any,
    allowed: bool = True,
    denied: str = FORBIDDEN,
    note: str = "",
    at: datetime | None = None,
    note_for: Callable[[M], str] | None = None,
    changes: Mapping[str, Any] | None = None,
) -> int:
    """Move every record of ``records`` to ``to`` at once (e.g. members still expected are marked
    absent when a meeting closes): the bulk form of :func:`transition`, one UPDATE and one event per
    record, all or nothing.

    Args:
        records: the records to move (locked here with ``SELECT … FOR UPDATE``).
        workflow, to, action, actor, allowed, denied, note, at: as for :func:`transition`.
        note_for: the note of each record's event (e.g. the member's name), instead of ``note``.
        changes: other columns set on every moved record in the same UPDATE (e.g. a check-in time).
    Returns:
        How many records moved.
    Raises:
        PermissionDeniedError: ``allowed`` is false.
        InvalidTransition: one of the records may not move to ``to`` (none is moved).
    """
    if not allowed:
        raise PermissionDeniedError(gettext(denied))
    rows = list(records.select_for_update().order_by("pk"))
    if not rows:
        return 0
    for row in rows:
        workflow.check(getattr(row, workflow.field), to)
    model = workflow.events()
    when = at or timezone.now()
    subject_model = model._meta.get_field(model.SUBJECT_FIELD).related_model
    events = []
    for row in rows:
        fields = workflow.event_fields(row)
        events.append(
            model(
                **fields,
                action=str(action),
                actor=actor,
                note=note_for(row) if note_for is not None else note,
                at=when,
                from_status=getattr(row, workflow.field),
                to_status=to,
            )
        )
    subject_ids = {getattr(e, model.SUBJECT_FIELD + "_id") for e in events}
    list(subject_model._default_manager.select_for_update().filter(pk__in=subject_ids).values_list("pk"))  # type: ignore[union-attr]
    update: dict[str, Any] = {**(changes or {}), workflow.field: to}
    if hasattr(rows[0], "version"):
        update["version"] = models.F("version") + 1
    if any(f.name == "updated_at" for f in rows[0]._meta.concrete_fields):
        update["updated_at"] = timezone.now()
    type(rows[0])._default_manager.filter(pk__in=[r.pk for r in rows]).update(**update)
    model.objects.bulk_create(events)
    return len(rows)


def save_versioned(record: models.Model, fields: Iterable[str], *, expected_version: int | None = None) -> None:
    """Save a change that is not a status move (e.g. a deadline, a unit) with the version bump.

    Args:
        record: a row the caller already locked (:func:`lock`).
        fields: the fields the caller changed.
        expected_version: optimistic check, as for :func:`transition`.
    Raises:
        ConcurrentModification: the version differs from ``expected_version``.
    """
    if expected_version is not None and record.version != expected_version:  # type: ignore[attr-defined]
        raise ConcurrentModification(gettext(STALE), extra={"version": record.version})  # type: ignore[attr-defined]
    update = list(fields)
    if hasattr(record, "version"):
        record.version += 1  # type: ignore[attr-defined]
        update.append("version")
    if any(f.name == "updated_at" for f in record._meta.concrete_fields):
        update.append("updated_at")
    record.save(update_fields=list(dict.fromkeys(update)))


__all__ = [
    "STALE",
    "InvalidTransition",
    "Workflow",
    "assert_transition",
    "lock",
    "record_event",
    "save_versioned",
    "transition",
    "transition_bulk",
]
