"""Writes of the appointments domain after the vote and around the register (RULES.md §10):

- :func:`upper_decide` — the upper-level Standing Committee's approval of a decision that needs it
  (A20: a 检察长's resignation); the case waits in 待上级批准 and takes effect only when approved.
- :func:`notice_record` — the formal notice of an adopted case to the organs (A15, Beijing: 3 days).
- :func:`reelection_record` — a new government elected: the mayor's 2-month clock (A2, A22).
- :func:`post_rename`, :func:`tenure_end_filed` — changes filed without a vote (A22).
- :func:`discipline_record` — a 政务处分 only after the Standing Committee removed the person (A23).

Each runs in one transaction; a refusal (``ApplicationError``) writes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction

from renda.appointments import events, notices, permissions
from renda.appointments.events import Action
from renda.appointments.models import Appointment, Discipline, Person, Post, Reelection, RegisterFiling, Tenure
from renda.appointments.posts import notify_days
from renda.appointments.services import take_effect
from renda.appointments.workflow import APPOINTMENT_WORKFLOW
from renda.core.constraints import check_date, check_text
from renda.core.exceptions import ApplicationError, PermissionDeniedError, RuleViolation
from renda.core.notifications import notify_on_commit
from renda.core.workflow import lock, save_versioned, transition
from renda.organization.models import Congress, User

S = Appointment.Status


def _staff(actor: User, congress_id: int, message: str = "只有常委会工作人员可以办理") -> None:
    if not permissions.is_staff(actor, congress_id):
        raise PermissionDeniedError(message)


@transaction.atomic
def upper_decide(
    *, appointment: Appointment, actor: User, approved: bool, on: date, ref: str, at: datetime | None = None
) -> Appointment:
    """待上级批准 → 已通过 (approved: the case takes effect on ``on``, the register changes) or → 未通过
    (the upper-level Standing Committee refused), A20.

    Args:
        on: the day of the upper level's decision (calendar day, not before the vote).
        ref: its document number or a note (required).
    Raises:
        RuleViolation: rule A20 — a decision before the vote; ``required``/``too_long``/``invalid_date``.
        PermissionDeniedError: not staff. InvalidTransition: the case is not waiting for approval.
    """
    check_date(on, label="上级批准日期")
    if not ref.strip():
        raise ApplicationError("请填写上级批准文号或说明", code="required")
    check_text(ref, label="上级批准文号", max_length=80)
    locked = lock(appointment)
    _staff(actor, locked.congress_id)
    APPOINTMENT_WORKFLOW.check(locked.status, S.ADOPTED if approved else S.REJECTED)
    if locked.voted_on and on < locked.voted_on:
        raise RuleViolation(f"上级批准日期早于常委会表决日期（{locked.voted_on}）", extra={"rule": "A20"})
    locked.approval_ref = ref.strip()
    fields = ["approval_ref"]
    if approved:
        locked.adopted_on = on
        fields.append("adopted_on")
    transition(
        locked, workflow=APPOINTMENT_WORKFLOW, to=S.ADOPTED if approved else S.REJECTED,
        action=Action.UPPER_APPROVE if approved else Action.UPPER_REFUSE, actor=actor, at=at, fields=fields,
        note=locked.approval_ref, notice=notices.voted(locked, S.ADOPTED if approved else S.REJECTED),
    )  # fmt: skip
    if approved:
        take_effect(locked)
    return locked


def notice_due(appointment: Appointment) -> date | None:
    """A15: the last day for the organs' formal notice (adoption + ``posts.notify_days()`` calendar days)."""
    return appointment.adopted_on + timedelta(days=notify_days()) if appointment.adopted_on else None


@transaction.atomic
def notice_record(*, appointment: Appointment, actor: User, on: date, at: datetime | None = None) -> Appointment:
    """Record the formal notice (任免通知) of an adopted case sent to the organs on ``on`` (A15) and send
    it to the organ's officers; a notice after the due day is recorded as late (逾期) on the trail.

    Raises:
        RuleViolation: rule A15 — the case is not adopted, already notified, or ``on`` before the
            adoption; ``invalid_date``. PermissionDeniedError: not staff.
    """
    check_date(on, label="通知日期")
    locked = lock(appointment)
    _staff(actor, locked.congress_id)
    if locked.status != S.ADOPTED or locked.adopted_on is None:
        raise RuleViolation("任免案通过后才能发出任免通知", extra={"rule": "A15"})
    if locked.notified_on is not None:
        raise RuleViolation(f"已于{locked.notified_on}发出任免通知", extra={"rule": "A15"})
    if on < locked.adopted_on:
        raise RuleViolation("任免通知不得早于常委会通过之日", extra={"rule": "A15"})
    due = notice_due(locked)
    assert due is not None
    late = (on - due).days
    locked.notified_on = on
    save_versioned(locked, ["notified_on"])
    note = f"{on}发出" + (f"，逾期{late}日（应于{due}前）" if late > 0 else "")
    events.notified(locked, note=note, actor=actor, at=at)
    notify_on_commit(notices.formal_notice(locked))
    return locked


@transaction.atomic
def reelection_record(*, congress: Congress, actor: User, elected_on: date, note: str = "") -> Reelection:
    """Record that the congress elected a new government on ``elected_on`` (换届): the mayor's posts
    (``posts.MAYOR_POSTS``) are to be re-appointed within ``posts.reelection_months()`` months (A2);
    other appointees continue without re-appointment (A22).

    Raises:
        RuleViolation: ``duplicate`` (already recorded that day); ``invalid_date``/``too_long``.
        PermissionDeniedError: not staff.
    """
    _staff(actor, congress.pk)
    check_date(elected_on, label="选举日期")
    check_text(note, label="说明", max_length=200)
    if Reelection.objects.filter(congress=congress, elected_on=elected_on).exists():
        raise RuleViolation(f"{elected_on}的政府换届已经登记", code="duplicate")
    return Reelection.objects.create(congress=congress, elected_on=elected_on, note=note, created_by=actor)


@transaction.atomic
def post_rename(*, post: Post, actor: User, new_title: str, on: date, note: str = "") -> RegisterFiling:
    """A body renamed with the same duties (A22): the post's title changes, its holders stay in office
    without re-appointment, and the change is filed.

    Raises:
        RuleViolation: ``duplicate`` (the title is taken or unchanged); ``required``/``too_long``/
            ``invalid_date``. PermissionDeniedError: not staff.
    """
    _staff(actor, post.congress_id)
    new_title = new_title.strip()
    if not new_title:
        raise ApplicationError("请填写新职务名称", code="required")
    check_text(new_title, label="新职务名称", max_length=80)
    check_text(note, label="说明", max_length=200)
    check_date(on, label="日期")
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if new_title == locked.title or Post.objects.filter(congress_id=locked.congress_id, title=new_title).exists():
        raise RuleViolation(f"职务名称“{new_title}”已经存在", code="duplicate")
    filing = RegisterFiling.objects.create(
        congress_id=locked.congress_id, kind=RegisterFiling.Kind.RENAMED, post=locked, on=on,
        old_title=locked.title, new_title=new_title, note=note, created_by=actor,
    )  # fmt: skip
    old = locked.title
    locked.title = new_title
    locked.save(update_fields=["title", "updated_at"])
    for tenure in Tenure.objects.filter(post=locked, ended_on__isnull=True).select_related("appointment"):
        events.register_filed(tenure.appointment, note=f"{old}更名为{new_title}，无需重新任命，备案", actor=actor)
    return filing


ENDING_KINDS = (RegisterFiling.Kind.ABOLISHED, RegisterFiling.Kind.MERGED, RegisterFiling.Kind.DIED)


@transaction.atomic
def tenure_end_filed(*, tenure: Tenure, actor: User, kind: str, on: date, note: str = "") -> RegisterFiling:
    """End a tenure without a removal vote because the body was abolished or merged or the holder died,
    and file it (A22).

    Raises:
        RuleViolation: ``invalid_choice`` (kind); ``not_in_office`` (already ended); the end before the
            start (rule A22); ``invalid_date``/``too_long``. PermissionDeniedError: not staff.
    """
    _staff(actor, tenure.post.congress_id)
    if kind not in ENDING_KINDS:
        raise RuleViolation("备案类别不存在", code="invalid_choice")
    check_date(on, label="日期")
    check_text(note, label="说明", max_length=200)
    locked = Tenure.objects.select_for_update().select_related("post", "person", "appointment").get(pk=tenure.pk)
    if locked.ended_on is not None:
        raise RuleViolation(f"{locked.person.name}已于{locked.ended_on}离任", code="not_in_office")
    if on < locked.started_on:
        raise RuleViolation("离任日期早于任职日期", extra={"rule": "A22"})
    label = str(RegisterFiling.Kind(kind).label)
    locked.ended_on, locked.end_reason = on, f"{label}（备案）"[:40]
    locked.save(update_fields=["ended_on", "end_reason"])
    filing = RegisterFiling.objects.create(
        congress_id=locked.post.congress_id, kind=kind, post=locked.post, tenure=locked, on=on,
        old_title=locked.post.title, note=note, created_by=actor,
    )  # fmt: skip
    events.register_filed(locked.appointment, note=f"{label}，职务自然终止，无需免职表决，备案", actor=actor)
    return filing


def holding_on(person: Person, day: date) -> list[Tenure]:
    """The person's tenures of posts the Standing Committee appointed that are current on ``day``
    (begun by then and not ended before or on it)."""
    return list(
        Tenure.objects.filter(person=person, started_on__lte=day)
        .exclude(ended_on__lte=day)
        .select_related("post")
        .order_by("started_on", "id")
    )


@transaction.atomic
def discipline_record(
    *, congress: Congress, actor: User, person: Person, measure: str, decided_on: date, note: str = ""
) -> Discipline:
    """Record a 政务处分 of 开除 or 撤职 by the supervisory commission (A23).

    Raises:
        RuleViolation: rule A23 — the person still holds a post the Standing Committee appointed on
            ``decided_on`` (the Standing Committee must remove the person first); ``invalid_choice``;
            ``invalid_date``/``too_long``. PermissionDeniedError: neither staff nor the supervisory
            commission's officer.
    """
    if not permissions.can_discipline(actor, congress.pk):
        raise PermissionDeniedError("只有监察委员会或常委会工作人员可以登记政务处分")
    if measure not in Discipline.Measure.values or person.congress_id != congress.pk:
        raise RuleViolation("处分类别或被处分人不存在", code="invalid_choice")
    check_date(decided_on, label="处分决定日期")
    check_text(note, label="说明", max_length=200)
    held = holding_on(person, decided_on)
    if held:
        posts = "、".join(t.post.title for t in held)
        raise RuleViolation(
            f"{person.name}现任{posts}，由常委会任命：须先由常委会依法罢免或撤销其职务，监察机关方可给予开除、撤职处分",
            extra={"rule": "A23"},
        )
    return Discipline.objects.create(
        congress=congress, person=person, measure=measure, decided_on=decided_on, note=note, created_by=actor
    )
