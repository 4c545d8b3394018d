"""Ballots of the meetings domain: casting a vote (electronic named or secret) and counting them.

The hot path of a vote (issue 17: a 345-member plenary presses at once): casting a ballot writes no
event row (the :class:`VoteCast` row is the record that a member voted; a secret ballot keeps no link
to him); one query reads and share-locks the poll state and the member's attendance, one statement
stores the cast row, the ballot and its entries, and the database's unique (poll, member) constraint
keeps one ballot per member; counts are computed at close. The page and API paths authenticate by
session (:func:`ballot_cast`); the lean endpoint by a signed per-member ballot token
(:func:`ballot_token`, :func:`ballot_cast_with_token`), with no session read or write. Re-exported by
:mod:`renda.meetings.services`. Rule ids refer to RULES.md §3.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import NoReturn

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden, PermissionDeniedError, RuleViolation
from renda.meetings import permissions
from renda.meetings.models import (
    MOTION_CHOICES,
    SATISFACTION_CHOICES,
    AgendaItem,
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


BALLOT_TOKEN_SALT = "renda.meetings.ballot-token"
BALLOT_TOKEN_MAX_AGE = 24 * 3600  # seconds; a poll is open for minutes, and a closed poll refuses every token


class BadBallotToken(ApplicationError):
    """A ballot token that is forged, expired or for another poll (code ``bad_ballot_token``, 403)."""

    code = "bad_ballot_token"
    http_status = 403


def ballot_token(*, poll: Poll, user: User) -> str:
    """The signed ballot token of ``user``'s member for ``poll``, issued while the poll is open.

    The token (django.core.signing, salted, timestamped) carries (poll id, deputy id, user id) and is
    the member's credential for :func:`ballot_cast_with_token`: a ballot then costs no session read
    or write. It is valid for this poll only, for at most ``BALLOT_TOKEN_MAX_AGE`` seconds, while
    the poll is open and the login active; attendance (V1) is checked when the ballot is cast.
    Raises:
        NotFoundOrForbidden: ``user`` is no member's login, or the poll is not an open electronic or
            secret vote.
    """
    if not getattr(user, "is_authenticated", False) or not user.deputy_id:
        raise NotFoundOrForbidden("只有代表本人可以领取选票")
    if poll.status != PollStatus.OPEN or poll.method == Poll.Method.SHOW_OF_HANDS:
        raise NotFoundOrForbidden("表决未在进行或不是电子表决")
    return signing.dumps([poll.pk, user.deputy_id, user.pk], salt=BALLOT_TOKEN_SALT)


def ballot_cast_with_token(*, token: str, choices: Mapping[int, str]) -> None:
    """Cast the ballot that ``token`` (from :func:`ballot_token`) authorises, with ``choices``.

    Raises:
        BadBallotToken (403): forged, expired or malformed token, or the login is no longer active.
        AlreadyVoted, RuleViolation: as :func:`ballot_cast`.
    """
    try:
        poll_id, deputy_id, user_id = signing.loads(token, salt=BALLOT_TOKEN_SALT, max_age=BALLOT_TOKEN_MAX_AGE)
        ids = (int(poll_id), int(deputy_id), int(user_id))
    except (signing.BadSignature, TypeError, ValueError):
        raise BadBallotToken("选票凭证无效或已过期，请重新打开表决页面") from None
    _cast(poll_id=ids[0], deputy_id=ids[1], user_id=ids[2], choices=choices)


def ballot_cast(*, poll: Poll, voter: Deputy, choices: Mapping[int, str], actor: User) -> None:
    """Cast ``voter``'s ballot (electronic named vote or secret ballot); the page and API paths.

    Args:
        choices: option id → choice. Per-option polls need a choice for every option
            (赞成/反对/弃权, or 满意/基本满意/不满意/弃权); choose-up-to polls list only the chosen options
            with ``"yes"``, at most ``max_choices`` of them (L3).
    Raises:
        AlreadyVoted (code ``already_voted``, 409): the member has voted in this poll. Two concurrent
            calls record exactly one ballot: (poll, member) is unique in the database, and the poll row
            is locked (shared) against a concurrent close.
        RuleViolation: the poll is not open (code ``poll_not_open``), is a show of hands, the member is
            not present (code ``on_leave`` while on leave, defect 5; V1), bad choices.
        PermissionDeniedError: ``actor`` is not ``voter``'s own login (:func:`permissions.can_cast_ballot`).
    """
    _require(permissions.can_cast_ballot(actor, voter), "只能本人投票")
    _cast(poll_id=poll.pk, deputy_id=voter.pk, user_id=actor.pk, choices=choices)


def _state_sql(vendor: str) -> str:
    """One query: the poll's state, the member's attendance and the login's activity, and the option
    ids; on PostgreSQL it takes the poll row and the attendance row in SHARE mode (see :func:`_cast`)."""
    poll, item = Poll._meta.db_table, AgendaItem._meta.db_table
    att, opt, usr = Attendance._meta.db_table, PollOption._meta.db_table, User._meta.db_table
    if vendor == "postgresql":
        options = f"ARRAY(SELECT o.id FROM {opt} o WHERE o.poll_id = p.id)"
        lock = " FOR SHARE OF p, a"
    else:
        options = f"(SELECT group_concat(o.id) FROM {opt} o WHERE o.poll_id = p.id)"
        lock = ""
    return (
        f"SELECT p.status, p.method, p.ballot_form, p.max_choices, p.kind, a.status, u.id, {options} "
        f"FROM {poll} p JOIN {item} i ON i.id = p.item_id "
        f"JOIN {att} a ON a.meeting_id = i.meeting_id AND a.deputy_id = %s "
        f"JOIN {usr} u ON u.id = %s AND u.deputy_id = a.deputy_id AND u.is_active "
        f"WHERE p.id = %s{lock}"
    )


@transaction.atomic
def _cast(*, poll_id: int, deputy_id: int, user_id: int, choices: Mapping[int, str]) -> None:
    """The lean ballot: one query reads and locks the state, one statement stores the ballot.

    The poll row is taken in SHARE mode (PostgreSQL), so voters do not queue behind each other while
    open/close/publish take it FOR UPDATE and wait for the ballots in flight: no ballot is stored after
    the poll closed. The member's attendance row is taken in SHARE mode too, so a leave recorded
    meanwhile waits for this ballot or is seen by it. One ballot per member is the database's unique
    (poll, member) constraint on the cast row; counts are computed at close (:func:`tally`). A secret
    poll's ballot row has no voter, a random UUID key and no timestamp (unlinkable to the cast row).
    SQLite serialises writers and has no row locks.
    """
    with connection.cursor() as cur:
        cur.execute(_state_sql(connection.vendor), [deputy_id, user_id, poll_id])
        row = cur.fetchone()
    if row is None:
        _refuse_missing(poll_id, user_id)
    status, method, form, max_choices, kind, attendance, _user, option_ids = row
    if method == Poll.Method.SHOW_OF_HANDS:
        raise RuleViolation("举手表决由工作人员录入票数")
    if status != PollStatus.OPEN:
        raise RuleViolation("表决未开始或已经结束", code="poll_not_open")
    if attendance == Attendance.Status.LEAVE:
        raise RuleViolation("您已登记请假，请假期间不能投票", code="on_leave", extra={"rule": "V1"})
    if attendance != Attendance.Status.PRESENT:
        raise RuleViolation("您未报到出席本次会议，不能投票", extra={"rule": "V1"})
    if isinstance(option_ids, str):
        option_ids = [int(x) for x in option_ids.split(",")]
    entries = _validate_choices(form, max_choices, kind, set(option_ids or ()), choices)
    _insert(poll_id, deputy_id if method != Poll.Method.SECRET else None, deputy_id, entries)


def _refuse_missing(poll_id: int, user_id: int) -> NoReturn:
    """Explain why :func:`_state_sql` found no row (the slow path of a refused ballot)."""
    poll = Poll.objects.filter(pk=poll_id).values_list("status", "method").first()
    if poll is None:
        raise NotFoundOrForbidden("表决不存在或无权查看")
    if not User.objects.filter(pk=user_id, is_active=True).exists():
        raise BadBallotToken("选票凭证无效或已过期，请重新打开表决页面")
    if poll[1] == Poll.Method.SHOW_OF_HANDS:
        raise RuleViolation("举手表决由工作人员录入票数")
    if poll[0] != PollStatus.OPEN:
        raise RuleViolation("表决未开始或已经结束", code="poll_not_open")
    raise RuleViolation("您未报到出席本次会议，不能投票", extra={"rule": "V1"})


def _insert(poll_id: int, voter_id: int | None, deputy_id: int, entries: list[tuple[int, str]]) -> None:
    """Store the cast row, the ballot and its entries: one statement on PostgreSQL (CTEs), three on
    SQLite. A second ballot of the member violates the unique (poll, member) constraint: the whole
    statement fails and nothing is stored (AlreadyVoted)."""
    ops = connection.ops
    ballot_id = Ballot._meta.pk.get_db_prep_value(uuid.uuid4(), connection)  # type: ignore[union-attr]
    cast_sql = f"INSERT INTO {VoteCast._meta.db_table} (poll_id, deputy_id, at) VALUES (%s, %s, %s)"
    cast_params = [poll_id, deputy_id, ops.adapt_datetimefield_value(timezone.now())]
    ballot_sql = f"INSERT INTO {Ballot._meta.db_table} (id, poll_id, voter_id) VALUES (%s, %s, %s)"
    ballot_params = [ballot_id, poll_id, voter_id]
    statements = [(cast_sql, cast_params), (ballot_sql, ballot_params)]
    if entries:  # a choose-up-to ballot may choose nothing (a blank ballot still counts as cast)
        entry_pk = BallotEntry._meta.pk
        entry_params: list[object] = []
        for option_id, choice in entries:
            entry_params += [entry_pk.get_db_prep_value(uuid.uuid4(), connection), ballot_id, option_id, choice]  # type: ignore[union-attr]
        values = ", ".join(["(%s, %s, %s, %s)"] * len(entries))
        statements.append(
            (
                f"INSERT INTO {BallotEntry._meta.db_table} (id, ballot_id, option_id, choice) VALUES {values}",
                entry_params,
            )
        )
    try:
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                *ctes, (last_sql, last_params) = statements
                head = ", ".join(f"s{n} AS ({sql})" for n, (sql, _p) in enumerate(ctes))
                cur.execute(f"WITH {head} {last_sql}", [x for _s, p in ctes for x in p] + list(last_params))
            else:
                for sql, params in statements:
                    cur.execute(sql, params)
    except IntegrityError:
        # the member has voted (or a concurrent request of his committed first); nothing is stored
        raise AlreadyVoted("您已投票，不能重复投票") from None


def _validate_choices(
    form: str, max_choices: int | None, kind: str, options: set[int], choices: Mapping[int, str]
) -> list[tuple[int, str]]:
    unknown = set(choices) - options
    if unknown:
        raise RuleViolation("选票含有不属于本次表决的选项")
    if form == Poll.BallotForm.CHOOSE_UP_TO:
        chosen = sorted(oid for oid, c in choices.items() if c == "yes")
        if len(chosen) != len(choices):
            raise RuleViolation("限选票只能选择“赞成”", extra={"rule": "L3"})
        if max_choices and len(chosen) > max_choices:
            raise RuleViolation(f"最多只能选择 {max_choices} 项", extra={"rule": "L3"})
        return [(oid, "yes") for oid in chosen]
    allowed = SATISFACTION_CHOICES if kind == Poll.Kind.SATISFACTION else MOTION_CHOICES
    if set(choices) != options:
        raise RuleViolation("请对每一项作出选择")
    if any(c not in allowed for c in choices.values()):
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
