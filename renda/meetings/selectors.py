"""Reads of the meetings domain with visibility: who sees which meeting, the live quorum, results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from renda.core.exceptions import NotFoundOrForbidden
from renda.meetings import conf, rules
from renda.meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Meeting,
    MeetingEvent,
    Poll,
    PublicResultsVersion,
    VoteCast,
)
from renda.meetings.permissions import can_run, can_see_counts, can_see_pending, can_see_pending_names
from renda.meetings.workflow import MeetingStatus, PollStatus
from renda.organization.models import Body, Deputy, Membership, Session, Term, User

#: The kind of meeting each convening body holds.
MEETING_KIND_FOR_BODY = {
    Body.Kind.PRESIDIUM: Meeting.Kind.PRESIDIUM,
    Body.Kind.STANDING_COMMITTEE: Meeting.Kind.STANDING_COMMITTEE,
    Body.Kind.COUNCIL_OF_CHAIRPERSONS: Meeting.Kind.COUNCIL_OF_CHAIRPERSONS,
}


def roster_for(*, kind: str, term: Term, body: Body | None, on: datetime) -> list[Deputy]:
    """The full membership a meeting's votes are counted against, ordered by card number.

    A congress plenary: every serving deputy of the term (V1/V2). Another body: its members whose
    seat is current on the meeting's date ``on`` (aware datetime, local date) (V3/V5).
    """
    if kind == Meeting.Kind.PLENARY:
        return list(Deputy.objects.filter(term=term, status=Deputy.Status.SERVING).order_by("code"))
    assert body is not None
    day = timezone.localtime(on).date()
    seats = (
        Membership.objects.filter(body=body, started_on__lte=day)
        .exclude(ended_on__lt=day)
        .select_related("deputy")
        .order_by("deputy__code")
    )
    seen: dict[int, Deputy] = {}
    for m in seats:
        seen.setdefault(m.deputy_id, m.deputy)
    return list(seen.values())


@dataclass(frozen=True)
class ConveneTarget:
    """A body that may be convened: a session's plenary (``body`` None) or a body's meeting.

    ``key`` is the form value (``plenary-<session id>`` or ``body-<body id>``).
    """

    key: str
    label: str
    kind: str
    term: Term
    body: Body | None
    session: Session | None


def convene_targets(*, viewer: User) -> list[ConveneTarget]:
    """What ``viewer`` (staff) may convene: each session's plenary and each Presidium, Standing
    Committee and Council of Chairpersons of their congress, newest term first (2 queries)."""
    if not can_run(viewer, None):
        return []
    sessions = Session.objects.select_related("term__congress").order_by("-term__ordinal", "-ordinal")
    bodies = Body.objects.filter(kind__in=list(MEETING_KIND_FOR_BODY)).select_related("term__congress", "session")
    if viewer.congress_id:
        sessions = sessions.filter(term__congress_id=viewer.congress_id)
        bodies = bodies.filter(term__congress_id=viewer.congress_id)
    out = [
        ConveneTarget(f"plenary-{s.pk}", f"{s}·大会全体会议", Meeting.Kind.PLENARY, s.term, None, s) for s in sessions
    ]
    for b in bodies.order_by("-term__ordinal", "kind", "name"):
        kind = MEETING_KIND_FOR_BODY[Body.Kind(b.kind)]
        out.append(ConveneTarget(f"body-{b.pk}", f"第{b.term.ordinal}届{b.name}", kind, b.term, b, b.session))
    return out


@dataclass(frozen=True)
class RosterPreview:
    """The roster a meeting would get, shown before it is saved: 应到 ``size`` (the statutory
    denominator), the quorum ``required`` under ``rule`` (in Chinese, V1/V3/V5), the first ``names``, and the next
    free meeting ``number`` with a suggested ``title``."""

    size: int
    required: int
    rule: str
    names: list[str]
    number: int
    title: str


def roster_preview(*, target: ConveneTarget, on: datetime) -> RosterPreview:
    """What convening ``target`` on ``on`` (aware datetime) gives: roster size, quorum, next number."""
    roster = roster_for(kind=target.kind, term=target.term, body=target.body, on=on)
    rule = rules.QuorumRule(conf.quorum_rule(target.kind))
    last = (
        Meeting.objects.filter(term=target.term, kind=target.kind, session=target.session, body=target.body)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    number = (last or 0) + 1
    name = f"{target.session}" if target.body is None else f"第{target.term.ordinal}届{target.body.name}"
    title = f"{name}第{number}次全体会议" if target.body is None else f"{name}第{number}次会议"
    return RosterPreview(
        size=len(roster),
        required=rules.quorum_required(total=len(roster), rule=rule) if roster else 0,
        rule=gettext("三分之二以上") if rule is rules.QuorumRule.TWO_THIRDS else gettext("过半数"),
        names=[d.name for d in roster[:12]],
        number=number,
        title=title,
    )


@dataclass(frozen=True)
class PendingVoters:
    """Members present who have not voted yet in an open poll: ``count``, and ``names`` (card number,
    name) for a named vote only — ``None`` for a secret vote (RULES.md §3: who voted stays secret);
    ``cast``: how many have voted so far (people)."""

    count: int
    names: list[tuple[str, str]] | None
    cast: int


def pending_voters(*, poll: Poll, viewer: User) -> PendingVoters | None:
    """未投票 of an open electronic/secret poll for staff (``None`` if ``viewer`` may not see it): one
    query for the count (secret) or the names (named vote), and one for the turnout, whatever the roster."""
    if not can_see_pending(viewer, poll):
        return None
    cast = VoteCast.objects.filter(poll=poll).count()
    rows = Attendance.objects.filter(meeting_id=poll.item.meeting_id, status=Attendance.Status.PRESENT).exclude(
        deputy_id__in=VoteCast.objects.filter(poll=poll).values("deputy_id")
    )
    if not can_see_pending_names(viewer, poll):
        return PendingVoters(count=rows.count(), names=None, cast=cast)
    names = list(rows.order_by("deputy__code").values_list("deputy__code", "deputy__name"))
    return PendingVoters(count=len(names), names=names, cast=cast)


@dataclass(frozen=True)
class QuorumState:
    """The live quorum of a meeting: 应到 ``total``, 实到 ``present``, 请假 ``leave``, and whether the
    ``required`` number is reached under the meeting's rule (V1/V3/V5)."""

    total: int
    present: int
    leave: int
    absent: int
    required: int
    met: bool
    rule: str

    @property
    def text(self) -> str:
        verdict = gettext("符合法定人数") if self.met else gettext("不足法定人数")
        return gettext(
            "应到 %(total)s 人，实到 %(present)s 人，请假 %(leave)s 人，%(verdict)s（至少 %(required)s 人）"
        ) % {
            "total": self.total,
            "present": self.present,
            "leave": self.leave,
            "verdict": verdict,
            "required": self.required,
        }


def quorum_state(*, meeting: Meeting, counts: Mapping[str, int] | None = None) -> QuorumState:
    """Count the roster by status in one query and apply the meeting's quorum rule.

    ``counts``: the number of the meeting's attendance rows per status when the caller has already
    read them all (the console's roster); no query then.
    """
    if counts is None:
        counts = dict(
            Attendance.objects.filter(meeting=meeting).values_list("status").annotate(n=Count("id")).order_by()
        )
    present = counts.get(Attendance.Status.PRESENT, 0)
    rule = rules.QuorumRule(meeting.quorum_rule)
    return QuorumState(
        total=meeting.roster_size,
        present=present,
        leave=counts.get(Attendance.Status.LEAVE, 0),
        absent=counts.get(Attendance.Status.ABSENT, 0) + counts.get(Attendance.Status.EXPECTED, 0),
        required=rules.quorum_required(total=meeting.roster_size, rule=rule),
        met=rules.quorum_met(present=present, total=meeting.roster_size, rule=rule),
        rule=meeting.quorum_rule,
    )


def open_standing_committee_meetings(congress_id: int | None) -> QuerySet[Meeting]:
    """Standing Committee meetings not yet closed, by start: where another app may put an agenda item (a
    reading, a 任免案, a revocation bill). ``congress_id`` narrows them to one congress; ``None`` (staff bound
    to no congress) leaves every congress's."""
    qs = Meeting.objects.filter(kind=Meeting.Kind.STANDING_COMMITTEE).exclude(status=MeetingStatus.CLOSED)
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs.order_by("starts_at")


def meeting_list(*, viewer: User) -> QuerySet[Meeting]:
    """Meetings ``viewer`` may see: staff see their congress's; deputies see those on whose roster
    they sit; others see none."""
    qs = Meeting.objects.select_related("body", "session__term")
    if can_run(viewer, None):
        return qs.filter(congress_id=viewer.congress_id) if viewer.congress_id else qs
    if viewer.is_authenticated and viewer.deputy_id:
        return qs.filter(attendances__deputy_id=viewer.deputy_id)
    return qs.none()


def access_meeting(*, viewer: User, pk: int) -> Meeting:
    """Fetch and authorise; missing and forbidden answer alike (404)."""
    meeting = meeting_list(viewer=viewer).filter(pk=pk).first()
    if meeting is None:
        raise NotFoundOrForbidden(gettext("会议不存在或无权查看"))
    return meeting


def access_poll(*, viewer: User, pk: int) -> Poll:
    """Fetch a poll of a meeting ``viewer`` may see (404 alike for missing and forbidden)."""
    poll = Poll.objects.select_related("item__meeting").filter(pk=pk).first()
    if poll is None or not meeting_list(viewer=viewer).filter(pk=poll.item.meeting_id).exists():
        raise NotFoundOrForbidden(gettext("表决不存在或无权查看"))
    return poll


def access_agenda_item(*, viewer: User, pk: int) -> AgendaItem:
    """Fetch an agenda item of a meeting ``viewer`` may see (404 alike for missing and forbidden)."""
    item = AgendaItem.objects.filter(pk=pk, meeting__in=meeting_list(viewer=viewer)).first()
    if item is None:
        raise NotFoundOrForbidden(gettext("议程事项不存在或无权查看"))
    return item


def counts_visible(*, poll: Poll, viewer: User) -> bool:
    """Whether ``viewer`` may see the vote counts of ``poll`` (V-rules on secrecy of an open vote).

    Staff running the meeting see the live counts at any time; members who may see the meeting see them
    once the poll is closed; everyone sees them once published. While a poll is open, non-staff see only
    the turnout (已投票 N 人). The caller must already have authorised ``viewer`` for the poll's meeting.
    """
    return can_see_counts(viewer, poll)


def open_polls_for_deputy(*, user: User) -> QuerySet[Poll]:
    """Open electronic/secret polls of meetings where ``user``'s deputy is checked in and has not voted."""
    if not user.deputy_id:
        return Poll.objects.none()
    return (
        Poll.objects.filter(
            status=PollStatus.OPEN,
            item__meeting__attendances__deputy_id=user.deputy_id,
            item__meeting__attendances__status=Attendance.Status.PRESENT,
        )
        .exclude(method=Poll.Method.SHOW_OF_HANDS)
        .exclude(casts__deputy_id=user.deputy_id)
        .select_related("item__meeting")
        .distinct()
    )


def attendance_status(*, poll: Poll, user: User) -> str | None:
    """``user``'s deputy's attendance status at ``poll``'s meeting (``None``: no deputy, or not on the roster)."""
    if not user.deputy_id:
        return None
    return (
        Attendance.objects.filter(meeting_id=poll.item.meeting_id, deputy_id=user.deputy_id)
        .values_list("status", flat=True)
        .first()
    )


def has_voted(*, poll: Poll, user: User) -> bool:
    """True if ``user``'s deputy has a vote recorded in ``poll`` (secret polls record only that)."""
    if not user.deputy_id:
        return False
    return VoteCast.objects.filter(poll=poll, deputy_id=int(user.deputy_id)).exists()


def meetings_on(*, viewer: User, day: date | None = None) -> QuerySet[Meeting]:
    """Meetings of ``viewer``'s congress starting on ``day`` (default today, Asia/Shanghai)."""
    day = day or timezone.localdate()
    return meeting_list(viewer=viewer).filter(starts_at__date=day)


def published_polls() -> QuerySet[Poll]:
    """Results the public may see: published polls, newest first, with their options."""
    return (
        Poll.objects.filter(status=PollStatus.PUBLISHED)
        .select_related("item__meeting")
        .prefetch_related("options")
        .order_by("-published_at", "-id")
    )


def public_results(*, limit: int = 50) -> list[dict[str, Any]]:
    """The public results page's rows: the ``limit`` newest published polls (as :func:`published_polls`)
    as plain dicts — ``title``, ``kind``, ``passed``, ``result_text``, ``published_at``,
    ``meeting_title`` and ``options`` (their ``label``, ``counts``, ``result_text`` in ballot order).

    One query, no model instances (issue 17 item 3: building 50 polls with their meetings and options
    as objects was most of the page's time, and a second round trip for the options half of what was
    left): the newest ids come from ``poll_published_idx`` in a sub-select, each poll's options are
    joined to it (LEFT JOIN: a poll without options still shows), and the flat rows are grouped here.
    """
    newest = Poll.objects.filter(status=PollStatus.PUBLISHED).order_by("-published_at", "-id").values("id")[:limit]
    rows = (
        Poll.objects.filter(id__in=Subquery(newest))
        .order_by("-published_at", "-id", "options__order", "options__id")
        .values_list(
            "id",
            "title",
            "kind",
            "passed",
            "result_text",
            "published_at",
            "item__meeting__title",
            "options__id",
            "options__label",
            "options__counts",
            "options__result_text",
        )
    )
    polls: list[dict[str, Any]] = []
    for pk, title, kind, passed, result_text, published_at, meeting, option, label, counts, option_text in rows:
        if not polls or polls[-1]["id"] != pk:
            polls.append(
                {
                    "id": pk,
                    "title": title,
                    "kind": kind,
                    "passed": passed,
                    "result_text": result_text,
                    "published_at": published_at,
                    "meeting_title": meeting,
                    "options": [],
                }
            )
        if option is not None:
            polls[-1]["options"].append({"label": label, "counts": counts, "result_text": option_text})
    return polls


#: The rows :func:`public_results_cached` read last in this process, by ``limit``: (token, rows).
_PUBLIC_RESULTS: dict[int, tuple[Any, list[dict[str, Any]]]] = {}


def public_results_cached(*, limit: int = 50) -> list[dict[str, Any]]:
    """:func:`public_results` as of now, read from the database only when what it shows has changed
    (the public results page, issue 17 item 3: the rows of published polls change only when a poll is
    published, so reading and grouping them on every anonymous request was most of the page's time).

    One query a request: the token of :class:`PublicResultsVersion`, which every such write replaces
    in its own transaction (``services.public_results_changed``). While it equals the token this
    process kept the rows under, those rows are returned; otherwise they are read again and kept
    under the token read *before* them (a publication committed in between is in the rows and gives
    a new token: never stale rows under a current token). The row is made, with a random token, by
    the first request that finds it missing (a new or flushed database; once). Per process (each
    gunicorn worker reads the rows once per publication): the shared database cache
    (``CACHES["default"]``, a table) would add a round trip and unpickling to every request.

    Returns:
        The same list as :func:`public_results` — shared between requests: read it, do not change it.
    """
    token = next(iter(PublicResultsVersion.objects.filter(pk=1).values_list("token", flat=True)), None)
    if token is None:
        token = PublicResultsVersion.objects.get_or_create(pk=1)[0].token
    kept = _PUBLIC_RESULTS.get(limit)
    if kept is not None and kept[0] == token:
        return kept[1]
    rows = public_results(limit=limit)
    _PUBLIC_RESULTS[limit] = (token, rows)
    return rows


def roll_call(*, poll: Poll) -> QuerySet[Ballot]:
    """The roll-call archive of a named (electronic) vote: voter and choice per ballot.

    Secret polls have no roll call: their ballots carry no voter, and this returns nothing.
    """
    if poll.is_secret or poll.method == Poll.Method.SHOW_OF_HANDS:
        return Ballot.objects.none()
    return (
        Ballot.objects.filter(poll=poll, voter__isnull=False)
        .select_related("voter__delegation")
        .prefetch_related("entries__option")
        .order_by("voter__code")
    )


def visible_polls(*, meeting: Meeting) -> QuerySet[Poll]:
    """Polls of ``meeting`` in agenda order, with ``cast_count`` (members who have voted) annotated."""
    return (
        Poll.objects.filter(item__meeting=meeting)
        .select_related("item")
        .annotate(cast_count=Count("casts"))
        .prefetch_related("options")
        .order_by("item__order", "id")
    )


def votes_cast(*, poll: Poll) -> int:
    """How many members have voted: counted live from the cast rows while an electronic/secret poll is
    open (ballots do not update the poll row), the stored figure otherwise."""
    if poll.status == PollStatus.OPEN and poll.method != Poll.Method.SHOW_OF_HANDS:
        return VoteCast.objects.filter(poll=poll).count()
    return poll.votes_cast


def attendance_rows(*, meeting: Meeting, status: str | None = None) -> QuerySet[Attendance]:
    """Attendance rows of ``meeting``, optionally of one status, with deputies joined."""
    qs = Attendance.objects.filter(meeting=meeting).select_related("deputy__delegation")
    if status:
        qs = qs.filter(Q(status=status))
    return qs.order_by("deputy__code")


def meeting_trail(*, meeting: Meeting, limit: int = 200) -> list[MeetingEvent]:
    """The meeting's record (会议记录) for staff: its events, newest first, with actors (one query).

    Each event shows its Chinese ``action_label`` (never the raw code) on the page.
    """
    return list(meeting.events.select_related("actor").order_by("-at", "-id")[:limit])


def meetings_convened(*, congress_id: int, start: date, end: date, kind: str) -> QuerySet[Meeting]:
    """Meetings of ``kind`` (a ``Meeting.Kind``) starting in [start, end] (local dates, inclusive), the
    work report's "召开常委会会议12次、主任会议18次"; session and body joined, by start time."""
    return (
        Meeting.objects.filter(congress_id=congress_id, kind=kind, starts_at__date__range=(start, end))
        .select_related("session", "body")
        .order_by("starts_at", "id")
    )


def deputy_attendance(*, deputy_id: int, start: date, end: date) -> QuerySet[Attendance]:
    """The deputy's rows on the rosters of meetings starting in [start, end] (local dates, inclusive):
    出席 / 请假 (with its reason) / 缺席 / 未报到, for the deputy's activity record. Meeting joined, by start."""
    return (
        Attendance.objects.filter(deputy_id=deputy_id, meeting__starts_at__date__range=(start, end))
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting_id")
    )


def deputy_votes(*, deputy_id: int, start: date, end: date) -> QuerySet[VoteCast]:
    """The polls the deputy voted in, of meetings starting in [start, end]: only *that* the deputy voted
    (the :class:`VoteCast` row), never how. Ballots are not read, so a secret ballot's choice cannot
    reach the record (V-rules: a secret ballot is unlinkable to its voter). Poll, item, meeting joined."""
    return (
        VoteCast.objects.filter(deputy_id=deputy_id, poll__item__meeting__starts_at__date__range=(start, end))
        .select_related("poll__item__meeting")
        .order_by("poll__item__meeting__starts_at", "poll_id")
    )
