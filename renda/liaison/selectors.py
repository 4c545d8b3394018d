"""Reads of the liaison domain, with visibility by role.

Visibility (who sees which opinions): staff and supervisors — every opinion of their congress;
station operators — their station's; deputies — those heard at stations they serve; unit
officers — those routed to their unit; citizens — none (they follow their own opinion by its
查询码 on the public tracking page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import BigIntegerField, Count, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext

from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError
from renda.core.privacy import redact_public, redact_text, shorten_name
from renda.liaison import intelligence, permissions, search
from renda.liaison.models import (
    MAX_OPINION_PHOTOS,
    HotTopicSnapshot,
    Opinion,
    OpinionImportJob,
    OpinionPhoto,
    Reception,
    Topic,
    normalize_phone,
)
from renda.liaison.workflow import Status
from renda.organization.models import Deputy, LiaisonPoint, LiaisonStation, User

#: Roles that see every opinion of their congress (the others see a station's, a unit's …).
CONGRESS_WIDE_ROLES = frozenset({User.Role.STAFF, User.Role.SUPERVISOR})


def opinion_visible(*, viewer: User) -> QuerySet[Opinion]:
    """Opinions ``viewer`` may see (see module docstring); an empty queryset for other roles."""
    qs = Opinion.objects.all()
    if not viewer.is_authenticated:
        return qs.none()
    if viewer.congress_id:
        # compared as bigint, the column's type: an int literal (int4) cannot use the btree_gin column of
        # the (congress_id, search_vector) index that ranks a search within the congress (search.ranked_ids)
        qs = qs.filter(congress_id=Cast(Value(viewer.congress_id), BigIntegerField()))
    role = viewer.role
    if role in CONGRESS_WIDE_ROLES:
        return qs
    if role == User.Role.STATION_OPERATOR:
        return qs.filter(station_id=viewer.liaison_station_id)
    if role == User.Role.DEPUTY and viewer.deputy_id:
        return qs.filter(station__deputies=viewer.deputy_id)
    if role == User.Role.UNIT_OFFICER:
        return qs.filter(unit_id=viewer.handling_unit_id)
    return qs.none()


def recording_stations(*, viewer: User) -> QuerySet[LiaisonStation]:
    """The stations at which ``viewer`` may record an opinion (:func:`permissions.can_record_at`): an
    operator's own station; for staff, every station of their congress (all, for staff bound to none)."""
    if not permissions.can_record(viewer):
        return LiaisonStation.objects.none()
    if viewer.role == User.Role.STATION_OPERATOR:
        return LiaisonStation.objects.filter(operators=viewer)
    qs = LiaisonStation.objects.select_related("congress").order_by("name")
    return qs.filter(congress_id=viewer.congress_id) if viewer.congress_id else qs


def recording_station(*, viewer: User, station_id: int | None) -> LiaisonStation:
    """The station an opinion recorded by ``viewer`` belongs to: ``station_id`` if ``viewer`` may record
    there, or, when ``station_id`` is None, the viewer's only station (an operator's own).

    Raises:
        PermissionDeniedError: ``viewer`` records nowhere, the station is not theirs, or they must choose
            (staff with several stations and no ``station_id``).
    """
    stations = recording_stations(viewer=viewer)
    if station_id is not None:
        found = stations.filter(pk=station_id).first()
    else:
        two = list(stations[:2])
        found = two[0] if len(two) == 1 else None
        if len(two) > 1:
            raise PermissionDeniedError("请指定登记意见的联络站（station）")
    if found is None:
        raise PermissionDeniedError("只有联络站工作人员或常委会工作人员可以在本联络站登记意见")
    return found


def receptions_visible(*, viewer: User) -> QuerySet[Reception]:
    """Reception days (接待活动) at the stations ``viewer`` records for (:func:`recording_stations`), newest
    first, with station, point and the deputies on duty loaded."""
    return (
        Reception.objects.filter(station__in=recording_stations(viewer=viewer))
        .select_related("station", "point")
        .prefetch_related("deputies")
        .order_by("-date", "-id")
    )


def reception_points(*, viewer: User) -> QuerySet[LiaisonPoint]:
    """The points (联络点) of the stations ``viewer`` records for."""
    return LiaisonPoint.objects.filter(station__in=recording_stations(viewer=viewer)).order_by("station__name", "name")


def reception_deputies(*, viewer: User) -> QuerySet[Deputy]:
    """The deputies serving at the stations (or their points) ``viewer`` records for: who may be on duty."""
    stations = recording_stations(viewer=viewer)
    return (
        Deputy.objects.filter(Q(liaison_stations__in=stations) | Q(liaison_points__station__in=stations))
        .distinct()
        .order_by("code")
    )


def _list_qs(qs: QuerySet[Opinion]) -> QuerySet[Opinion]:
    return qs.select_related("station", "predicted_topic", "topic", "unit", "duplicate_group")


ROW_DEFERRED = ("text", "search_text", "answer", "closing_note")
"""The long texts a result row (``_row.html``, ``apis.OpinionSerializer``) never shows."""


def _row_qs(qs: QuerySet[Opinion]) -> QuerySet[Opinion]:
    """:func:`_list_qs` without :data:`ROW_DEFERRED` (~3.6 KB an opinion): for rows shown as rows only.

    Search results at provincial scale (51 rows): 6.5 → 5.4 ms to fetch and build (issue 17 item 3).
    Reading a deferred field later costs one query per row, so only callers whose rows go straight to
    the row template or the list serializer use it.
    """
    return _list_qs(qs).defer(*ROW_DEFERRED)


@dataclass(frozen=True)
class TriageFilters:
    """Filters of the triage inbox. ``max_confidence`` keeps opinions predicted below it."""

    station_id: int | None = None
    topic_id: int | None = None
    max_confidence: float | None = None
    group_id: int | None = None
    statuses: tuple[str, ...] = (Status.RECEIVED, Status.TRIAGED)


def suggested_units(opinions: list[Opinion]) -> dict[int, Any]:
    """The unit each opinion's topic routes to (:class:`TopicRoute`, most specific first), by opinion id.

    For the triage page (建议承办单位 beside each row): the routes of the opinions' congresses and
    the topics' ancestors are read in three queries, whatever the number of rows. Opinions without
    a topic or a route are left out.
    """
    from renda.liaison.models import TopicRoute

    if not opinions:
        return {}
    routes = {
        (r.congress_id, r.topic_id): r.unit
        for r in TopicRoute.objects.filter(congress_id__in={o.congress_id for o in opinions}).select_related("unit")
    }
    topics = Topic.objects.in_bulk()  # the taxonomy is small (≈ 600 rows) and needed for the parents
    result: dict[int, Any] = {}
    for op in opinions:
        node = topics.get(op.topic_id or op.predicted_topic_id or 0)
        while node is not None:
            unit = routes.get((op.congress_id, node.pk))
            if unit is not None:
                result[op.pk] = unit
                break
            node = topics.get(node.parent_id or 0)
    return result


def triage_inbox(*, viewer: User, filters: TriageFilters | None = None) -> QuerySet[Opinion]:
    """The manual triage queue: opinions waiting for a topic or a unit, lowest confidence first.

    Args:
        viewer: staff (others get what they may see, usually nothing to triage).
        filters: station, predicted/manual topic (first-level id: matches its subtopics too),
            confidence ceiling, duplicate group, statuses.
    Returns:
        A queryset with station, topics, unit and group joined (constant query count).
    """
    f = filters or TriageFilters()
    qs = opinion_visible(viewer=viewer).filter(status__in=f.statuses)
    if f.station_id:
        qs = qs.filter(station_id=f.station_id)
    if f.topic_id:
        qs = qs.filter(
            Q(predicted_topic_id=f.topic_id)
            | Q(topic_id=f.topic_id)
            | Q(topic__parent_id=f.topic_id)
            | Q(topic__parent__parent_id=f.topic_id)
        )
    if f.max_confidence is not None:
        qs = qs.filter(Q(confidence__lt=f.max_confidence) | Q(confidence__isnull=True))
    if f.group_id:
        qs = qs.filter(duplicate_group_id=f.group_id)
    return _list_qs(qs).order_by("status", "confidence", "-received_at", "-id")


def triage_queue_count(*, viewer: User) -> int:
    """How many opinions the triage page lists by default (已接收 and 已分类, waiting for a person or a
    unit): the home panel shows this number, so it equals the page's (issue 13 item 7)."""
    return opinion_visible(viewer=viewer).filter(status__in=TriageFilters().statuses).count()


def opinion_get(*, viewer: User, opinion_id: int) -> Opinion:
    """One opinion ``viewer`` may see; :class:`NotFoundOrForbidden` alike for missing and hidden."""
    op = _list_qs(opinion_visible(viewer=viewer)).filter(pk=opinion_id).first()
    if op is None:
        raise NotFoundOrForbidden(gettext("意见不存在或无权查看"))
    return op


@dataclass(frozen=True, slots=True)
class OpinionTexts:
    """What a viewer may read of an opinion's personal data (see :func:`opinion_texts`)."""

    text: str
    answer: str
    citizen_name: str
    events: list[Any]


def opinion_texts(*, viewer: User, opinion: Opinion) -> OpinionTexts:
    """The opinion's text, answer, citizen's name and event log as ``viewer`` may read them.

    Staff and station operators (``permissions.can_see_citizen_contact``) read everything. Other
    roles read the citizen's name shortened (王某) and every phone / ID number in the text, the
    answer and the event notes (a citizen's rating comment may carry a phone number) masked
    (个人信息保护法 第28条). Events come with their actor, oldest first; their ``note`` is replaced
    in place on the returned objects, never saved.
    """
    full = permissions.can_see_citizen_contact(viewer)
    events = list(opinion.events.select_related("actor"))
    if not full:
        for event in events:
            event.note = redact_text(event.note)
    return OpinionTexts(
        text=opinion.text if full else redact_text(opinion.text),
        answer=opinion.answer if full else redact_text(opinion.answer),
        citizen_name=opinion.citizen_name if full else shorten_name(opinion.citizen_name),
        events=events,
    )


def suggestion_targets(*, viewer: User, opinion: Opinion, whole_group: bool) -> list[Opinion]:
    """The opinions a deputy's draft suggestion is made from: ``opinion`` alone, or with ``whole_group``
    every opinion of its duplicate group that ``viewer`` may see and that is not yet in a suggestion
    (oldest first). Used by the page and the API before ``services.suggestion_draft_from_opinions``."""
    if not whole_group or opinion.duplicate_group_id is None:
        return [opinion]
    return list(
        opinion_visible(viewer=viewer)
        .filter(duplicate_group_id=opinion.duplicate_group_id, suggestion__isnull=True)
        .select_related("station")
        .order_by("received_at")
    )


def source_opinions(*, viewer: User, proposal_id: int) -> list[dict[str, Any]]:
    """The citizens' opinions a draft suggestion was made from (意见转建议), as far as ``viewer`` may see them.

    Args:
        viewer: the user reading the suggestion.
        proposal_id: the ``proposals.Proposal`` created by ``services.suggestion_draft_from_opinions``.
    Returns:
        ``{"pk", "title", "station"}`` per opinion visible to ``viewer`` (:func:`opinion_visible`),
        oldest first; phone and ID numbers in the title are masked unless the viewer's role may see
        citizens' contacts.
    """
    full = permissions.can_see_citizen_contact(viewer)
    rows = (
        opinion_visible(viewer=viewer)
        .filter(suggestion__proposal_id=proposal_id)
        .order_by("received_at", "pk")
        .values_list("pk", "title", "station__name")
    )
    return [
        {"pk": pk, "title": title if full else redact_text(title), "station": station} for pk, title, station in rows
    ]


def opinion_photo_get(*, viewer: User, opinion_id: int, number: int) -> OpinionPhoto:
    """The ``number``-th photo (from 1, in upload order) of an opinion ``viewer`` may see (:func:`opinion_get`).

    Raises:
        NotFoundOrForbidden: alike for a missing or hidden opinion and a missing photo.
    """
    opinion = opinion_get(viewer=viewer, opinion_id=opinion_id)
    in_range = 1 <= number <= MAX_OPINION_PHOTOS  # a huge number would overflow the database's OFFSET
    photo = next(iter(opinion.photos.order_by("pk")[number - 1 : number]), None) if in_range else None
    if photo is None:
        raise NotFoundOrForbidden(gettext("照片不存在或无权查看"))
    return photo


def opinion_by_tracking_code(*, code: str) -> Opinion:
    """The opinion a citizen follows with their 查询码 (public page); 404 alike when unknown."""
    op = Opinion.objects.select_related("unit", "station").filter(tracking_code=code.strip().upper()).first()
    if op is None:
        raise NotFoundOrForbidden(gettext("查询码不存在"))
    return op


def tracked_texts(*, opinion: Opinion) -> dict[str, str]:
    """The title, answer and 办结说明 as the public tracking page (/liaison/track/) and its API show them: whoever
    holds the 查询码 reads them without logging in, so phone and ID numbers and the household detail of
    home addresses are masked (``renda.core.privacy.redact_public``; S21 publication standard)."""
    return {
        "title": redact_public(opinion.title),
        "answer": redact_public(opinion.answer),
        "closing_note": redact_public(opinion.closing_note),
    }


SIMILAR_MIN_OVERLAP = 0.1
"""Below this word overlap a search hit is not shown as a similar opinion (it shares a word or two at most)."""


def similar_opinions(*, viewer: User, opinion: Opinion, limit: int = 10) -> list[tuple[Opinion, float]]:
    """Opinions like ``opinion``: its duplicate group first, then related ones, best first, with a similarity.

    Group members score their stored near-duplicate similarity (character-5-gram Jaccard). Other
    candidates come from ``search.related_ids`` on its characteristic words
    (``intelligence.characteristic_words``: title words first, no stopwords or place codes); each
    scores the higher of its near-duplicate similarity and the overlap (Jaccard) of the two
    opinions' characteristic words, and is left out below :data:`SIMILAR_MIN_OVERLAP`.

    Returns:
        Up to ``limit`` ``(opinion, similarity 0–1)`` pairs that ``viewer`` may see.
    """
    visible = opinion_visible(viewer=viewer).exclude(pk=opinion.pk)
    found: dict[int, tuple[Opinion, float]] = {}
    if opinion.duplicate_group_id:
        for o in _list_qs(visible.filter(duplicate_group_id=opinion.duplicate_group_id))[:limit]:
            found[o.pk] = (o, o.similarity or 1.0)
    words = intelligence.characteristic_words(opinion.title, opinion.text)
    if words and len(found) < limit:
        ids = search.related_ids(visible, words)
        candidates = [c for c in _list_qs(Opinion.objects.filter(pk__in=ids)) if c.pk not in found]
        finder = intelligence.NearDupFinder()
        finder.add_many([c.pk for c in candidates], [intelligence.clean(f"{c.title}\n{c.text}") for c in candidates])
        near = dict(finder.query(intelligence.clean(f"{opinion.title}\n{opinion.text}")))
        for c in candidates:
            overlap = intelligence.word_overlap(words, intelligence.characteristic_words(c.title, c.text))
            score = max(near.get(c.pk, 0.0), overlap)
            if score >= SIMILAR_MIN_OVERLAP:
                found[c.pk] = (c, score)
    ranked = sorted(found.values(), key=lambda t: -t[1])
    return ranked[:limit]


_WORD = re.compile(r"\w")

#: The orders of 意见检索: by relevance (the index's BM25 / ts_rank, the default) or newest first.
SEARCH_ORDERS = ("relevance", "newest")


def opinion_search(
    *,
    viewer: User,
    query: str,
    phone: str = "",
    limit: int = 50,
    offset: int = 0,
    order: str = "relevance",
) -> list[Opinion]:
    """Chinese full-text search over the opinions ``viewer`` may see.

    ``limit`` / ``offset``: one page of the matches. ``order``: ``relevance`` (default; BM25 on SQLite,
    ``ts_rank`` on PostgreSQL, ties newest first) or ``newest`` (反映时间, newest first).

    The query is segmented like the index (``intelligence.query_terms``); every word must occur; common
    words (停用词: 问题, 没有 …) are dropped from the query (:func:`stopwords_only` tells the page).
    One interface, two backends: SQLite FTS5 or PostgreSQL GIN (``renda.liaison.search``).
    The index holds the text with phone and ID numbers masked, so nobody can confirm a citizen's
    number by searching for it (个人信息保护法 第28条). ``phone`` is an exact match on the citizen's
    phone, honoured only for roles that see citizens' contacts (staff, station operators); an empty
    result for the others.

    Returns:
        At most ``limit`` opinions (with their station, topics, unit and group loaded; the long texts of
        :data:`ROW_DEFERRED` deferred: rows to show, not to read) in ``order``.
    """
    phone = normalize_phone(phone)  # stored without separators (services.opinion_record)
    terms = intelligence.query_terms(query) if query.strip() else []
    if phone and not permissions.can_see_citizen_contact(viewer):
        return []
    if not terms and not phone:
        return []
    visible = opinion_visible(viewer=viewer)
    if phone:
        visible = visible.filter(citizen_phone=phone)
        if not terms:
            return list(_row_qs(visible).order_by("-received_at", "-id")[offset : offset + limit])
    if order == "newest":
        ids = search.search_ids(visible, terms, limit=limit, offset=offset)
        return list(_row_qs(Opinion.objects.filter(pk__in=ids)).order_by("-received_at", "-id"))
    wide = bool(viewer.congress_id) and viewer.role in CONGRESS_WIDE_ROLES and not phone
    ids = search.ranked_ids(visible, terms, limit=limit, offset=offset, congress_wide=wide)
    # put in rank order here: a CASE of one WHEN per id took ~13 ms per page to compile (issue 17)
    position = {pk: i for i, pk in enumerate(ids)}
    return sorted(_row_qs(Opinion.objects.filter(pk__in=ids)), key=lambda op: position[op.pk]) if ids else []


def stopwords_only(query: str) -> bool:
    """True if ``query`` has words but all of them are too common to search for (问题, 没有, 的 …)."""
    return bool(_WORD.search(query)) and not intelligence.query_terms(query)


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of :func:`opinion_search_page`: ``results``, 1-based ``number``, ``has_next``, rows
    ``first``–``last``, the ``order`` used, and ``stopwords_only`` (the query was only common words)."""

    results: list[Opinion]
    number: int
    has_next: bool
    first: int
    last: int
    order: str = "relevance"
    stopwords_only: bool = False


def opinion_search_page(
    *, viewer: User, query: str, phone: str = "", number: int = 1, size: int = 50, order: str = "relevance"
) -> SearchPage:
    """Page ``number`` (1-based, ``size`` rows) of :func:`opinion_search` in ``order``.

    One row more than the page is read to know whether a next page exists (no count of all matches:
    counting every match of a common word over a million opinions costs more than the page).
    """
    order = order if order in SEARCH_ORDERS else "relevance"
    rows = list(
        opinion_search(viewer=viewer, query=query, phone=phone, limit=size + 1, offset=(number - 1) * size, order=order)
    )
    first = (number - 1) * size + 1
    page = rows[:size]
    return SearchPage(
        results=page,
        number=number,
        has_next=len(rows) > size,
        first=first,
        last=first + len(page) - 1,
        order=order,
        stopwords_only=not phone and stopwords_only(query),
    )


def first_level_topics() -> QuerySet[Topic]:
    """The first-level topics (the classifier's labels and the triage filter)."""
    return Topic.objects.filter(level=1).order_by("name")


def latest_known_time(qs: QuerySet[Opinion]) -> datetime | None:
    """The newest ``received_at`` among opinions of ``qs`` whose time is known (the end of the default
    hot-topic window); ``None`` when there are none."""
    return qs.filter(received_at_unknown=False).order_by("-received_at").values_list("received_at", flat=True).first()


def hot_topics_for(
    qs: QuerySet[Opinion], *, since: datetime, until: datetime, top: int = 10
) -> list[intelligence.HotTopic]:
    """Hot topics over an opinion queryset (used by the page and by ``renda opinions hot``).

    Opinions whose time is unknown (imported without 留言时间, ``received_at_unknown``) are left out:
    their ``received_at`` is the import time, which says nothing about when the problem was raised.
    """
    qs = qs.filter(received_at_unknown=False)
    records: list[dict[str, Any]] = [
        {
            "id": pk,
            "title": redact_text(title),
            "text": redact_text(text),
            "time": at,
            "likes": likes,
            "dislikes": dislikes,
        }
        for pk, title, text, at, likes, dislikes in qs.values_list(
            "pk", "title", "text", "received_at", "likes", "dislikes"
        ).iterator(chunk_size=2000)
    ]
    return intelligence.hot_topics(records, since=since, until=until, top=top)


def topic_counts(*, viewer: User) -> list[dict[str, Any]]:
    """Opinions per effective first-level topic (manual topic's root if chosen, else predicted)."""
    qs = opinion_visible(viewer=viewer)
    # counted per topic id on the index (congress, predicted_topic), then named: joining the topic
    # to each of a congress's 50,000 opinions before grouping cost most of the page (issue 17)
    per_id = qs.order_by().values_list("predicted_topic_id").annotate(n=Count("*"))
    names = dict(Topic.objects.values_list("id", "name"))
    counts: dict[str | None, int] = {}
    for topic_id, n in per_id:
        name = names.get(topic_id) if topic_id is not None else None
        counts[name] = counts.get(name, 0) + n
    rows = sorted(counts.items(), key=lambda kv: -kv[1])
    return [{"topic": name or "未分类", "count": n} for name, n in rows]


def hot_topic_snapshot(
    *, viewer: User, since: datetime | None = None, until: datetime | None = None
) -> HotTopicSnapshot | None:
    """The latest hot-topic snapshot of the viewer's congress (for that window when given).

    Snapshots hold aggregate keywords and counts; roles that see no opinions get ``None``.
    """
    if not permissions.can_see_hot_topics(viewer):
        return None
    qs = HotTopicSnapshot.objects.all()
    if viewer.congress_id:
        qs = qs.filter(congress_id=viewer.congress_id)
    if since is not None:
        qs = qs.filter(since__date=since.date())
    if until is not None:
        qs = qs.filter(until__date=until.date())
    return qs.order_by("-computed_at", "-id").first()


def receptions_in(*, congress_id: int, start: date, end: date) -> QuerySet[Reception]:
    """Reception days (接待活动) at the congress's stations and points in [start, end], newest first;
    the sum of their ``visitor_count`` is the work report's "接待群众6300余人次"."""
    return (
        Reception.objects.filter(station__congress_id=congress_id, date__range=(start, end))
        .select_related("station", "point")
        .order_by("-date", "-id")
    )


def opinions_heard(*, congress_id: int, start: date, end: date, to_suggestion: bool = False) -> QuerySet[Opinion]:
    """Citizens' opinions heard at liaison stations (an opinion with a station) received in [start, end]
    (the work report's "收集意见建议3200余条"); ``to_suggestion`` keeps those a deputy turned into a
    suggestion (转为代表建议). Station joined, newest first. The days are local days, read as a range of
    instants (``received_at`` ≥ the first day's midnight, < the midnight after the last) so that the
    index ``opinion_period_idx`` serves it."""
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    qs = Opinion.objects.filter(
        congress_id=congress_id,
        station__isnull=False,
        received_at__gte=timezone.make_aware(datetime.combine(start, time.min)),
        received_at__lt=after,
    )
    if to_suggestion:
        qs = qs.filter(suggestion__isnull=False)
    return _list_qs(qs).order_by("-received_at", "-id")


def opinion_import_jobs(*, viewer: Any) -> QuerySet[OpinionImportJob]:
    """The message-file imports ``viewer`` may see: staff see their congress's, newest first."""
    if not permissions.can_import_opinions(viewer):
        return OpinionImportJob.objects.none()
    return (
        OpinionImportJob.objects.filter(congress_id=viewer.congress_id)
        .select_related("created_by", "station")
        .order_by("-id")
    )


def access_opinion_import_job(*, viewer: Any, pk: int) -> OpinionImportJob:
    """One import ``viewer`` may see; missing and forbidden answer alike (NotFoundOrForbidden)."""
    job = opinion_import_jobs(viewer=viewer).filter(pk=pk).first()
    if job is None:
        raise NotFoundOrForbidden("记录不存在或您无权查看")
    return job


def deputy_receptions(*, deputy_id: int, start: date, end: date) -> QuerySet[Reception]:
    """Reception days in [start, end] at which the deputy was on duty (接待代表), station and point
    joined, oldest first: the deputy's station duty days and the citizens received there."""
    return (
        Reception.objects.filter(deputies__id=deputy_id, date__range=(start, end))
        .select_related("station", "point")
        .order_by("date", "id")
    )


def deputy_opinions_to_suggestions(*, deputy_id: int, start: date, end: date) -> QuerySet[Opinion]:
    """Citizens' opinions received in [start, end] that the deputy turned into a suggestion (转为代表建议,
    the deputy's own draft), station and suggestion joined, oldest first."""
    return (
        Opinion.objects.filter(suggestion__deputy_id=deputy_id, received_at__date__range=(start, end))
        .select_related("station", "suggestion")
        .order_by("received_at", "id")
    )
