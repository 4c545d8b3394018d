"""Ballots of the meetings domain: casting a vote (electronic named or secret) and counting them.

The hot path of a vote: casting a ballot writes no event row (the :class:`VoteCast` row is the record
that a member voted; a secret ballot keeps no link to him) and runs a fixed handful of queries; the
database's unique (poll, member) constraint keeps one ballot per member. Re-exported by
:mod:`renda.meetings.services`. Rule ids refer to RULES.md §3.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, connection, transaction
from django.db.models import Count

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.meetings import permissions
from renda.meetings.models import (
    MOTION_CHOICES,
    SATISFACTION_CHOICES,
    Attendance,
    Ballot,
    BallotEntry,
    Poll,
    PollOption,
    VoteCast,
)
from renda.meetings.workflow import PollStatus
from renda.organization.models import Deputy, User


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDeniedError(message)


def allowed_choices(poll: Poll) -> tuple[str, ...]:
    """The choices a ballot of ``poll`` may carry (赞成/反对/弃权, or 满意… for satisfaction polls)."""
    return SATISFACTION_CHOICES if poll.kind == Poll.Kind.SATISFACTION else MOTION_CHOICES


class AlreadyVoted(RuleViolation):
    """A member tried to vote twice in the same poll."""

    code = "already_voted"
    http_status = 409


@transaction.atomic
def ballot_cast(*, poll: Poll, voter: Deputy, choices: Mapping[int, str], actor: User) -> None:
    """Cast ``voter``'s ballot (electronic named vote or secret ballot).

    Args:
        choices: option id → choice. Per-option polls need a choice for every option
            (赞成/反对/弃权, or 满意/基本满意/不满意/弃权); choose-up-to polls list only the chosen options
            with ``"yes"``, at most ``max_choices`` of them (L3).
    Raises:
        AlreadyVoted (code ``already_voted``, 409): the member has voted in this poll. Two concurrent
            calls record exactly one ballot: (poll, member) is unique in the database, and the poll row
            is locked (shared) against a concurrent close.
        RuleViolation: the poll is not open, is a show of hands, the member is not present (code
            ``on_leave`` while on leave, defect 5), bad choices.
        PermissionDeniedError: ``actor`` is not ``voter``'s own login (:func:`permissions.can_cast_ballot`).
    """
    _require(permissions.can_cast_ballot(actor, voter), "只能本人投票")
    # Checks that do not depend on concurrent voters run before the poll lock, to keep it short.
    current = Poll.objects.select_related("item").get(pk=poll.pk)
    if current.method == Poll.Method.SHOW_OF_HANDS:
        raise RuleViolation("举手表决由工作人员录入票数")
    # The member's own attendance row, locked: a leave staff record meanwhile waits for this ballot
    # or is seen by it (one query, as before; no other voter touches this row).
    attendance = (
        Attendance.objects.select_for_update()
        .filter(meeting_id=current.item.meeting_id, deputy=voter)
        .values_list("status", flat=True)
        .first()
    )
    if attendance == Attendance.Status.LEAVE:
        raise RuleViolation("您已登记请假，请假期间不能投票", code="on_leave", extra={"rule": "V1"})
    if attendance != Attendance.Status.PRESENT:
        raise RuleViolation("您未报到出席本次会议，不能投票", extra={"rule": "V1"})
    options = {o.pk: o for o in PollOption.objects.filter(poll=current)}
    entries = _validate_choices(current, options, choices)
    if VoteCast.objects.filter(poll=current, deputy=voter).exists():
        raise AlreadyVoted("您已投票，不能重复投票")
    if _share_lock_poll(current) != PollStatus.OPEN:
        raise RuleViolation("表决未开始或已经结束", code="poll_not_open")
    try:
        VoteCast.objects.create(poll=current, deputy=voter)
    except IntegrityError:
        # a concurrent request of the same member committed first; this transaction rolls back whole
        raise AlreadyVoted("您已投票，不能重复投票") from None
    ballot = Ballot.objects.create(poll=current, voter=None if current.is_secret else voter)
    BallotEntry.objects.bulk_create([BallotEntry(ballot=ballot, option_id=oid, choice=c) for oid, c in entries])


def _share_lock_poll(poll: Poll) -> str:
    """Lock the poll row in SHARE mode and return its status.

    Voters take the shared lock, so they do not queue behind each other; every transition (open,
    close, publish) takes ``FOR UPDATE`` and therefore waits for the ballots in flight and is waited
    for by later ones: no ballot is stored after the poll closed. One ballot per member is the
    database's unique (poll, member) constraint. SQLite serialises writers and has no row locks.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"SELECT status FROM {Poll._meta.db_table} WHERE id = %s FOR SHARE", [poll.pk])
            row = cur.fetchone()
        return str(row[0]) if row else ""
    return str(Poll.objects.select_for_update().values_list("status", flat=True).get(pk=poll.pk))


def _validate_choices(poll: Poll, options: dict[int, PollOption], choices: Mapping[int, str]) -> list[tuple[int, str]]:
    unknown = set(choices) - set(options)
    if unknown:
        raise RuleViolation("选票含有不属于本次表决的选项")
    if poll.ballot_form == Poll.BallotForm.CHOOSE_UP_TO:
        chosen = [oid for oid, c in choices.items() if c == "yes"]
        if len(chosen) != len(choices):
            raise RuleViolation("限选票只能选择“赞成”", extra={"rule": "L3"})
        if poll.max_choices and len(chosen) > poll.max_choices:
            raise RuleViolation(f"最多只能选择 {poll.max_choices} 项", extra={"rule": "L3"})
        return [(oid, "yes") for oid in chosen]
    allowed = allowed_choices(poll)
    if set(choices) != set(options):
        raise RuleViolation("请对每一项作出选择")
    bad = [c for c in choices.values() if c not in allowed]
    if bad:
        raise RuleViolation("选择无效")
    return [(oid, choices[oid]) for oid in sorted(choices)]


def tally(poll: Poll) -> dict[int, dict[str, int]]:
    """Counts per option and choice from the stored ballots (not for show of hands)."""
    out: dict[int, dict[str, int]] = {o: {} for o in poll.options.values_list("pk", flat=True)}
    rows = (
        BallotEntry.objects.filter(ballot__poll=poll).values("option_id", "choice").annotate(n=Count("id")).order_by()
    )
    for row in rows:
        out[row["option_id"]][row["choice"]] = row["n"]
    return out
