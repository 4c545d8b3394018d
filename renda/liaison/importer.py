"""Streaming import of message-board files (xlsx/CSV in the real format) into opinions.

Pipeline per batch of rows: read (library reader) → clean → identity (留言编号, else content hash)
→ classify (one batch call) → segment for the search index → ``bulk_create`` (the search index is
kept by the database: FTS5 triggers on SQLite, a GIN expression index on PostgreSQL) → near-duplicate
grouping (library MinHash LSH, streaming) → events. Re-importing a file adds nothing.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from renda.core.models import Notification
from renda.core.privacy import redact_text
from renda.liaison import intelligence
from renda.liaison.models import (
    OPINION_CITIZEN_NAME_MAX,
    OPINION_EXTERNAL_ID_MAX,
    OPINION_TEXT_MAX,
    OPINION_TITLE_MAX,
    DuplicateGroup,
    Opinion,
    OpinionEvent,
    Topic,
)
from renda.liaison.services import new_tracking_code, route_for, topic_for_label, triage_confidence
from renda.liaison.workflow import Status
from renda.organization.models import Congress, LiaisonStation, User

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)


@dataclass
class DuplicateRow:
    """A row not imported because its message is already there (in the file or the database)."""

    row: int
    external_id: str
    reason: str
    first_row: int | None = None
    conflicting_label: bool = False
    labels: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did: counts, duplicates (with label conflicts), rejected rows with reasons."""

    file: str
    rows: int = 0
    created: int = 0
    routed: int = 0
    grouped: int = 0
    groups_created: int = 0
    duplicates: list[DuplicateRow] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    capabilities: dict[str, bool] = field(default_factory=dict)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)

    def _add(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.stages[stage] = round(self.stages.get(stage, 0.0) + now - since, 3)
        return now

    @property
    def conflicts(self) -> list[DuplicateRow]:
        """Duplicates whose 一级分类 differs from the first occurrence's."""
        return [d for d in self.duplicates if d.conflicting_label]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["conflicts"] = [asdict(d) for d in self.conflicts]
        return data


@dataclass
class _Pending:
    msg: intelligence.Message
    cleaned: str
    digest: str


def _aware(dt: datetime | None, now: datetime) -> datetime:
    if dt is None:
        return now
    return dt if timezone.is_aware(dt) else dt.replace(tzinfo=LOCAL_TZ)


def _batches(it: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _too_long(msg: intelligence.Message) -> str:
    """Why a row is too long to import unchanged ('' when it fits): nothing is ever truncated silently."""
    for column, value, limit in (
        ("留言主题", msg.title, OPINION_TITLE_MAX),
        ("留言详情", msg.text, OPINION_TEXT_MAX),
        ("留言编号", msg.external_id, OPINION_EXTERNAL_ID_MAX),
        ("留言用户", msg.user, OPINION_CITIZEN_NAME_MAX),
    ):
        if len(value) > limit:
            return f"{column}超过 {limit} 字（共 {len(value)} 字），未导入"
    return ""


def opinions_import(
    *,
    path: str | Path,
    congress: Congress,
    stations: Sequence[LiaisonStation] = (),
    batch_size: int = 1000,
    auto_route: bool = True,
    seed_limit: int = 20000,
    window: int = 200_000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a message file into ``congress``'s opinions (source 批量导入).

    Args:
        path: xlsx or UTF-8 CSV with the columns 留言编号, 留言用户, 留言主题, 留言时间, 留言详情
            [, 一级分类][, 反对数, 点赞数].
        stations: stations to attach the opinions to, round-robin (empty: no station).
        batch_size: rows per classify/insert batch.
        auto_route: route confident predictions with a :class:`TopicRoute` at once (as ``opinion_record``).
        seed_limit: how many of the newest existing opinions seed the near-duplicate index.
        window: the near-duplicate index restarts after this many texts (bounded memory: near-duplicates
            are found among the last ``window`` opinions of the import plus the seed).
        progress: called with the number of rows consumed after each batch (a progress bar).
    Returns:
        An :class:`ImportReport`. Identity: 留言编号 when present, else the cleaned text's hash; a
        row whose identity is already in the file or in the database is a duplicate, reported with
        its row number and whether its 一级分类 conflicts with the first occurrence's.
    """
    started = timezone.now()
    report = ImportReport(file=str(path), capabilities=intelligence.capabilities())
    finder = intelligence.NearDupFinder()
    threshold = intelligence.near_dup_threshold()
    group_of: dict[int, int] = {}
    seed = (
        Opinion.objects.filter(congress=congress)
        .order_by("-id")
        .values_list("pk", "title", "text", "duplicate_group_id")
    )
    seed_ids: list[int] = []
    seed_texts: list[str] = []
    for pk, title, text, gid in seed[:seed_limit].iterator(chunk_size=2000):
        seed_ids.append(pk)
        seed_texts.append(intelligence.clean(f"{title}\n{text}"))
        if gid:
            group_of[pk] = gid
    finder.add_many(seed_ids[::-1], seed_texts[::-1])
    seen_ids: dict[str, tuple[int, str]] = {}
    seen_hashes: dict[str, tuple[int, str]] = {}
    topics: dict[str, Topic] = {}
    units: dict[int, Any] = {}
    station_cycle = itertools.cycle(stations) if stations else None
    deputies_by_station: dict[int, list[int]] = {}
    if stations:
        for uid, sid in User.objects.filter(deputy__liaison_stations__in=stations, is_active=True).values_list(
            "pk", "deputy__liaison_stations"
        ):
            deputies_by_station.setdefault(sid, []).append(uid)
    threshold_conf = triage_confidence()
    touched_groups: set[int] = set()

    batches = _batches(intelligence.read_messages(path), batch_size)
    while True:
        t = time.perf_counter()
        chunk = next(batches, None)
        if chunk is None:
            break
        t = report._add("read", t)
        report.rows += len(chunk)
        pending: list[_Pending] = []
        for item in chunk:
            if isinstance(item, intelligence.Rejected):
                report.rejected.append({"row": item.row, "external_id": item.external_id, "reason": item.reason})
                continue
            if too_long := _too_long(item):
                report.rejected.append({"row": item.row, "external_id": item.external_id[:80], "reason": too_long})
                continue
            cleaned = intelligence.clean(f"{item.title}\n{item.text}")
            if not cleaned.strip():
                report.rejected.append({"row": item.row, "external_id": item.external_id, "reason": "清洗后内容为空"})
                continue
            digest = intelligence.content_hash(cleaned)
            seen = seen_ids if item.external_id else seen_hashes
            key = item.external_id or digest
            if key in seen:
                first_row, first_label = seen[key]
                conflict = bool(item.label and first_label and item.label != first_label)
                reason = "留言编号重复" if item.external_id else "内容重复"
                if conflict:
                    reason += f"，且一级分类不一致（{first_label} / {item.label}）"
                report.duplicates.append(
                    DuplicateRow(item.row, item.external_id, reason, first_row, conflict, [first_label, item.label])
                )
                continue
            seen[key] = (item.row, item.label)
            pending.append(_Pending(item, cleaned, digest))
        t = report._add("clean+hash", t)
        if not pending:
            if progress:
                progress(len(chunk))
            continue
        in_db_ids = set(
            Opinion.objects.filter(
                congress=congress, external_id__in=[p.msg.external_id for p in pending if p.msg.external_id]
            ).values_list("external_id", flat=True)
        )
        in_db_hashes = set(
            Opinion.objects.filter(
                congress=congress, external_id="", content_hash__in=[p.digest for p in pending if not p.msg.external_id]
            ).values_list("content_hash", flat=True)
        )
        fresh = []
        for p in pending:
            if (p.msg.external_id and p.msg.external_id in in_db_ids) or (
                not p.msg.external_id and p.digest in in_db_hashes
            ):
                report.duplicates.append(
                    DuplicateRow(
                        p.msg.row, p.msg.external_id, "已导入过（数据库中已有相同意见）", None, False, [p.msg.label]
                    )
                )
            else:
                fresh.append(p)
        t = report._add("identity lookup", t)
        predictions = intelligence.classify([(p.msg.title, p.msg.text) for p in fresh])
        t = report._add("classify", t)
        search_texts = [intelligence.segment_for_index(redact_text(p.cleaned)) for p in fresh]
        t = report._add("segment", t)
        now = timezone.now()
        objs = []
        for p, pred, search_text in zip(fresh, predictions, search_texts, strict=True):
            topic = None
            if pred is not None:
                topic = topics.get(pred.label) or topics.setdefault(pred.label, topic_for_label(pred.label))
            station = next(station_cycle) if station_cycle else None
            objs.append(
                Opinion(
                    congress=congress,
                    station=station,
                    source=Opinion.Source.IMPORT,
                    external_id=p.msg.external_id,
                    citizen_name=p.msg.user,
                    district=station.district if station else "",
                    title=p.msg.title or p.cleaned[:30],
                    text=p.msg.text,
                    received_at=_aware(p.msg.received_at, now),
                    content_hash=p.digest,
                    search_text=search_text,
                    source_label=p.msg.label[:40],
                    predicted_topic=topic,
                    confidence=round(pred.confidence, 4) if pred else None,
                    tracking_code=new_tracking_code(),
                    likes=max(p.msg.likes, 0),
                    dislikes=max(p.msg.dislikes, 0),
                )
            )
        with transaction.atomic():
            if auto_route:
                for o in objs:
                    if o.predicted_topic is not None and o.confidence is not None and o.confidence >= threshold_conf:
                        tid = o.predicted_topic.pk
                        if tid not in units:
                            units[tid] = route_for(congress_id=congress.pk, topic=o.predicted_topic)
                        if units[tid] is not None:
                            o.unit = units[tid]
                            o.status = Status.ROUTED
            created = Opinion.objects.bulk_create(objs, batch_size=500)
            report.created += len(created)
            events: list[OpinionEvent] = []
            notes: list[Notification] = []
            for o in created:
                events.append(OpinionEvent(opinion=o, action="received", to_status=Status.RECEIVED, note="批量导入"))
                if o.status == Status.ROUTED:
                    report.routed += 1
                    events.append(
                        OpinionEvent(
                            opinion=o,
                            action="triage",
                            from_status=Status.RECEIVED,
                            to_status=Status.TRIAGED,
                            note=f"自动分类（置信度 {o.confidence:.2f}）",
                        )
                    )
                    events.append(
                        OpinionEvent(
                            opinion=o,
                            action="route",
                            from_status=Status.TRIAGED,
                            to_status=Status.ROUTED,
                            note="按分类转办规则自动转办",
                        )
                    )
                    for uid in deputies_by_station.get(o.station_id or 0, []):
                        notes.append(
                            Notification(
                                recipient_id=uid,
                                text=f"本站群众意见已转办：{o.title}"[:500],
                                link=reverse("liaison:opinion-detail", args=[o.pk]),
                            )
                        )
            OpinionEvent.objects.bulk_create(events, batch_size=1000)
            Notification.objects.bulk_create(notes, batch_size=1000)
            t = report._add("store+index", t)
            if finder.size >= window:
                finder = intelligence.NearDupFinder()
            _group_batch(created, fresh, finder, threshold, group_of, touched_groups, congress, report)
            t = report._add("near-duplicates", t)
        if progress:
            progress(len(chunk))
    if touched_groups:
        sizes = dict(
            Opinion.objects.filter(duplicate_group_id__in=touched_groups)
            .values("duplicate_group_id")
            .annotate(n=Count("id"))
            .values_list("duplicate_group_id", "n")
        )
        groups = list(DuplicateGroup.objects.filter(pk__in=touched_groups))
        for g in groups:
            g.size = sizes.get(g.pk, 0)
        DuplicateGroup.objects.bulk_update(groups, ["size"], batch_size=1000)
    report.seconds = round((timezone.now() - started).total_seconds(), 3)
    return report


def _group_batch(
    created: list[Opinion],
    fresh: list[_Pending],
    finder: intelligence.NearDupFinder,
    threshold: float,
    group_of: dict[int, int],
    touched: set[int],
    congress: Congress,
    report: ImportReport,
) -> None:
    """Stream the batch through the near-duplicate index and put each new opinion in its match's group."""
    updates: dict[int, tuple[int, float]] = {}
    matches = finder.add_many([o.pk for o in created], [p.cleaned for p in fresh])
    for o, found in zip(created, matches, strict=True):
        hits = [(k, s) for k, s in found if s >= threshold]
        if not hits:
            continue
        best, sim = hits[0]
        gid = group_of.get(best)
        if gid is None:
            gid = DuplicateGroup.objects.create(congress=congress, size=0).pk
            report.groups_created += 1
            group_of[best] = gid
            updates[best] = (gid, 1.0)
        group_of[o.pk] = gid
        updates[o.pk] = (gid, round(sim, 4))
        touched.add(gid)
        report.grouped += 1
    if updates:
        rows = list(Opinion.objects.filter(pk__in=updates).only("pk", "duplicate_group_id", "similarity"))
        for r in rows:
            r.duplicate_group_id, r.similarity = updates[r.pk]
        Opinion.objects.bulk_update(rows, ["duplicate_group", "similarity"], batch_size=500)
