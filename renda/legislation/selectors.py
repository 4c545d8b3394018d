"""Reads of the legislation app: visibility, the comment report (征求意见情况报告) and the public pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from renda.core.exceptions import NotFoundOrForbidden
from renda.legislation import permissions
from renda.legislation.docstruct import ArticleChange, compare, to_chinese
from renda.legislation.models import (
    Article,
    Comment,
    ContactPoint,
    Draft,
    DraftVersion,
    LegislativePlan,
    Position,
    Reading,
)


def drafts_for(user: Any) -> QuerySet[Draft]:
    """The drafts ``user`` sees: staff, deputies and station operators see their congress's drafts."""
    if not permissions.can_see_drafts(user):
        return Draft.objects.none()
    qs = Draft.objects.all()
    if user.congress_id:
        qs = qs.filter(congress_id=user.congress_id)
    return qs.annotate(n_versions=Count("versions", distinct=True), n_readings=Count("readings", distinct=True))


def access_draft(user: Any, pk: Any) -> Draft:
    """The draft ``pk`` if ``user`` may see it.

    Raises:
        NotFoundOrForbidden: missing or not visible (alike).
    """
    try:
        return drafts_for(user).get(pk=int(pk))
    except (Draft.DoesNotExist, ValueError, TypeError, OverflowError) as err:
        raise NotFoundOrForbidden("没有找到该法规草案") from err


def access_version(user: Any, pk: Any) -> DraftVersion:
    """The version ``pk`` of a draft ``user`` may see (404 alike)."""
    try:
        return DraftVersion.objects.select_related("draft").get(pk=int(pk), draft__in=drafts_for(user))
    except (DraftVersion.DoesNotExist, ValueError, TypeError, OverflowError) as err:
        raise NotFoundOrForbidden("没有找到该草案文本") from err


def public_versions() -> QuerySet[DraftVersion]:
    """Versions that were opened for public comment (the public list, newest first)."""
    return DraftVersion.objects.filter(comment_opens__isnull=False).select_related("draft").order_by("-comment_opens")


def public_version(pk: Any) -> DraftVersion:
    """A version opened for comment, for the public page (404 otherwise)."""
    try:
        return public_versions().get(pk=int(pk))
    except (DraftVersion.DoesNotExist, ValueError, TypeError, OverflowError) as err:
        raise NotFoundOrForbidden("没有找到该草案") from err


def plans_for(user: Any) -> QuerySet[LegislativePlan]:
    """Plans of ``user``'s congress with their items (staff and deputies)."""
    qs = LegislativePlan.objects.prefetch_related("items")
    return qs.filter(congress_id=user.congress_id) if user.congress_id else qs


def articles(version: DraftVersion) -> list[Article]:
    """The version's articles in order, each with ``chapter_heading`` set on the first of a chapter."""
    rows = list(version.articles.order_by("number"))
    chapter = 0
    for a in rows:
        a.chapter_heading = ""  # type: ignore[attr-defined]
        a.label = f"第{to_chinese(a.number)}条"  # type: ignore[attr-defined]
        if a.chapter_number and a.chapter_number != chapter:
            chapter = a.chapter_number
            a.chapter_heading = f"第{to_chinese(chapter)}章　{a.chapter_title}"  # type: ignore[attr-defined]
    return rows


def comparison(old: DraftVersion, new: DraftVersion) -> list[ArticleChange]:
    """Article-by-article comparison of two versions (added / removed / changed with word diff)."""
    return compare(list(old.articles.order_by("number")), list(new.articles.order_by("number")))


@dataclass
class ArticleReport:
    """The report's section for one article (``article`` None: the draft as a whole)."""

    article: Article | None
    label: str
    comments: int = 0
    campaigns: list[Position] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)


@dataclass
class Report:
    """征求意见情况报告 of a version: totals and one section per article with comments."""

    version: DraftVersion
    total: int
    hidden: int
    by_source: dict[str, int]
    sections: list[ArticleReport]

    @property
    def campaign_count(self) -> int:
        """Number of campaigns."""
        return sum(len(s.campaigns) for s in self.sections)


def report(version: DraftVersion) -> Report:
    """The comment report: per article the comment count, campaigns (with their sizes) and distinct
    positions with their representative quotes and responses (G12)."""
    comments = Comment.objects.filter(version=version)
    visible = comments.filter(hidden=False)
    by_source = {
        str(Comment.Source(row["source"]).label): row["n"]
        for row in visible.values("source").annotate(n=Count("pk")).order_by("source")
    }
    counts: dict[int | None, int] = dict(
        visible.values("article_id").annotate(n=Count("pk")).values_list("article_id", "n")
    )
    sections: dict[int | None, ArticleReport] = {}
    labels: dict[int | None, str] = {a.pk: f"第{to_chinese(a.number)}条" for a in version.articles.all()}
    order = {a.pk: a.number for a in version.articles.all()}
    for pos in Position.objects.filter(version=version).select_related("article"):
        sec = sections.setdefault(
            pos.article_id,
            ArticleReport(pos.article, labels.get(pos.article_id, "总体意见"), counts.get(pos.article_id, 0)),
        )
        (sec.campaigns if pos.kind == Position.Kind.CAMPAIGN else sec.positions).append(pos)
    return Report(
        version=version,
        total=visible.count(),
        hidden=comments.filter(hidden=True).count(),
        by_source=by_source,
        sections=sorted(sections.values(), key=lambda s: order.get(s.article.pk, 0) if s.article else 0),
    )


def public_comments(version: DraftVersion) -> QuerySet[Comment]:
    """Comments shown on the public page: not hidden, masked text only."""
    return Comment.objects.filter(version=version, hidden=False).filter(~Q(published_text=""))


def report_docx(rep: Report) -> bytes:
    """The comment report as .docx (python-docx): totals, then per article its count, campaigns and
    positions with quote, response and reason."""
    import io

    import docx

    document = docx.Document()
    document.add_heading(f"《{rep.version.draft.title}》征求意见情况报告", level=1)
    document.add_paragraph(
        f"{rep.version.label}共收到意见{rep.total}条（"
        + "，".join(f"{k}{v}条" for k, v in rep.by_source.items())
        + f"），其中集中意见（近似重复）{rep.campaign_count}组。"
    )
    for sec in rep.sections:
        document.add_heading(f"{sec.label}（{sec.comments}条意见）", level=2)
        for pos in [*sec.campaigns, *sec.positions]:
            head = (
                f"集中意见，共{pos.size}条"
                if pos.kind == Position.Kind.CAMPAIGN
                else f"意见要点（{pos.size}条；{pos.keywords}）"
            )
            document.add_paragraph(f"{head}：“{pos.quote}”")
            if pos.response:
                document.add_paragraph(f"处理情况：{Position.Response(pos.response).label}。{pos.reason}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def drafts_adopted(*, congress_id: int, start: date, end: date, making: str = "") -> QuerySet[Draft]:
    """Regulations the Standing Committee adopted between ``start`` and ``end`` (inclusive): the work
    report's "审议通过…条例"; ``making`` (a :class:`Draft.Making` value) keeps only the new ones (制定) or
    only the revisions (修订), empty keeps both."""
    qs = Draft.objects.filter(congress_id=congress_id, adopted_on__range=(start, end))
    if making:
        qs = qs.filter(making=making)
    return qs.order_by("adopted_on", "id")


def drafts_read(*, congress_id: int, start: date, end: date) -> QuerySet[Draft]:
    """Drafts read (审议) at least once at a Standing Committee meeting held between ``start`` and ``end``."""
    read = Reading.objects.filter(agenda_item__meeting__starts_at__date__range=(start, end)).values("draft_id")
    return Draft.objects.filter(congress_id=congress_id, pk__in=read).order_by("title", "id")


def versions_published(*, congress_id: int, start: date, end: date) -> QuerySet[DraftVersion]:
    """Draft texts published for public comment (G11) with the comment period opening in [start, end]."""
    return (
        DraftVersion.objects.filter(draft__congress_id=congress_id, comment_opens__range=(start, end))
        .select_related("draft")
        .order_by("comment_opens", "id")
    )


def comments_received(*, congress_id: int, start: date, end: date) -> QuerySet[Comment]:
    """Comments received on the texts published for comment in [start, end] (every source: online,
    deputies, contact points, hearings; hidden ones excluded): the report's "征求各方面意见建议42条"."""
    versions = versions_published(congress_id=congress_id, start=start, end=end).values("pk")
    return (
        Comment.objects.filter(version__in=versions, hidden=False)
        .select_related("version__draft", "contact_point")
        .order_by("created_at", "pk")
    )


def contact_points(*, congress_id: int) -> QuerySet[ContactPoint]:
    """The congress's grassroots legislative contact points (G19), with their experts, by name."""
    return ContactPoint.objects.filter(congress_id=congress_id).order_by("name")


def expert_count(points: QuerySet[ContactPoint]) -> int:
    """The experts of ``points`` (one per non-empty line of each point's list): the report's "聘请专家20名"."""
    return sum(len(p.expert_list) for p in points)


# --------------------------------------------------------------------------------------------------
# G2 repetition of higher law, G14 the two-year clock, G17 publication of the announced text.
# --------------------------------------------------------------------------------------------------

_PROVISION = re.compile(r"(?<=[\s　])(?=第[一二三四五六七八九十百零〇\d]+条)")


@dataclass(frozen=True)
class Repetition:
    """An article of a version that repeats a provision of the higher law (G2: 一般不作重复性规定)."""

    article: int
    provision: str
    similarity: float


def higher_law_provisions(text: str) -> list[str]:
    """The provisions of a pasted higher-law text: split at each "第X条", else one per non-empty line."""
    parts = [p.strip() for line in text.splitlines() for p in _PROVISION.split(line)]
    return [p for p in parts if len(p) >= 8]


def repetitions(version: DraftVersion) -> list[Repetition]:
    """G2: the version's articles with a paragraph (款) near-identical to a provision of the draft's
    ``higher_law_text`` (Jaccard of character 5-gram shingles ≥ REPETITION_THRESHOLD, default 0.6),
    each with its closest provision; empty when no higher-law text was entered."""
    from renda.legislation import conf
    from renda.textmining.lib.neardup import jaccard, shingle_hashes

    text = Draft.objects.filter(pk=version.draft_id).values_list("higher_law_text", flat=True).first() or ""
    provisions = higher_law_provisions(text)
    if not provisions:
        return []
    heading = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条\s*")
    hashed = [(p, shingle_hashes(heading.sub("", p))) for p in provisions]
    threshold = float(conf.get("REPETITION_THRESHOLD"))
    found = []
    for a in version.articles.order_by("number"):
        best = max(
            ((jaccard(shingle_hashes(par), h), p) for par in a.paragraphs for p, h in hashed),
            key=lambda t: t[0],
            default=(0.0, ""),
        )
        if best[0] >= threshold:
            found.append(Repetition(a.number, best[1], round(best[0], 2)))
    return found


def last_reading_day(draft: Draft) -> date | None:
    """The day (Asia/Shanghai) of the meeting of the draft's latest reading, if any."""
    from django.utils import timezone

    last = draft.readings.select_related("agenda_item__meeting").order_by("-number").first()
    return timezone.localdate(last.agenda_item.meeting.starts_at) if last else None


def termination_due(draft: Draft) -> date | None:
    """G14: the day a draft in reading that has not been put to the vote completes two years
    (TERMINATION_MONTHS = 24 calendar months, D1 month rule) since its last reading: from that day it is
    搁置审议满两年 and may be terminated. ``None`` when the draft is not in reading, has a vote, or was never read.
    """
    from renda.core.workdays import add_months
    from renda.legislation import conf
    from renda.legislation.workflow import Status

    if draft.status != Status.IN_READING or draft.poll_id:
        return None
    day = last_reading_day(draft)
    return add_months(day, conf.value("TERMINATION_MONTHS", draft.congress)) if day else None


@dataclass(frozen=True)
class TerminationRow:
    """One line of the G14 board: a draft in reading, its last reading day, its two-year day."""

    draft: Draft
    last_reading: date
    due: date
    overdue: bool


def termination_board(user: Any, *, today: date | None = None) -> list[TerminationRow]:
    """G14 board for staff: drafts in reading without a vote whose two years are reached or fall
    within TERMINATION_WARN_DAYS (90) days of ``today``; reached ones (``overdue``) first."""
    from datetime import timedelta

    from django.utils import timezone

    from renda.legislation import conf
    from renda.legislation.workflow import Status

    day = today or timezone.localdate()
    horizon = day + timedelta(days=conf.value("TERMINATION_WARN_DAYS", getattr(user, "congress", None)))
    rows = []
    for d in drafts_for(user).filter(status=Status.IN_READING, poll__isnull=True):
        due = termination_due(d)
        last = last_reading_day(d)
        if due and last and due <= horizon:
            rows.append(TerminationRow(d, last, due, due <= day))
    return sorted(rows, key=lambda r: r.due)


def publications_missing(draft: Draft) -> list[str]:
    """G17: the channels (labels) where an announced regulation is not yet recorded as published."""
    from renda.legislation.models import Publication
    from renda.legislation.workflow import Status

    if draft.status not in (Status.PROMULGATED, Status.FILED):
        return []
    done = set(draft.publications.values_list("channel", flat=True))
    return [str(label) for value, label in Publication.Channel.choices if value not in done]


def deputy_comments(*, deputy_id: int, start: date, end: date) -> QuerySet[Comment]:
    """Comments the deputy made as a deputy (来源 人大代表, signed in as that deputy) on draft
    regulations in [start, end], hidden ones excluded; draft joined, oldest first. Contact-point and
    hearing comments are entered by staff and name no deputy, so they are not a deputy's record."""
    return (
        Comment.objects.filter(
            source=Comment.Source.DEPUTY, user__deputy_id=deputy_id, hidden=False, created_at__date__range=(start, end)
        )
        .select_related("version__draft")
        .order_by("created_at", "pk")
    )
