"""Streaming import of message-board files (xlsx/CSV in the real format) into opinions.

A two-stage pipeline over batches of rows. Text work, without the database: clean each message
once and hash it (:func:`import_worker.clean_batch`, in this process) → segment for the classifier
and the search index → classify (one batch call) → near-duplicate signatures
(:func:`import_worker.analyse_cleaned`). Database work, in this process: read and screen the rows →
identity (留言编号, else content hash; in the file and in the database) → store opinions and their
hash-chained events (one prepared ``executemany`` per table; the notices of routed opinions are
queued on commit through :mod:`renda.liaison.notices`; the search index: on SQLite one FTS5 insert
per batch (:func:`search.indexed_in_bulk`), on PostgreSQL a generated column with a GIN index) →
near-duplicate grouping (library MinHash LSH, streaming). For large files the segmentation and
classification of batch k+1 run in one worker process while batch k is stored
(:class:`import_worker.TextWorker`); the result is the same either way. Re-importing a file adds nothing.
"""

from __future__ import annotations

import itertools
import operator
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone

from renda.core.audit import event_hasher
from renda.core.notifications import notify_on_commit
from renda.liaison import import_worker, intelligence, notices, search
from renda.liaison.conf import auto_route_enabled, triage_confidence
from renda.liaison.events import Action
from renda.liaison.import_keys import KeyMap
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
from renda.liaison.services import route_for, topic_for_label
from renda.liaison.tracking_codes import new_tracking_codes
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
    classified: int = 0
    grouped: int = 0
    groups_created: int = 0
    duplicates: list[DuplicateRow] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
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
    search_text: str
    prediction: intelligence.Prediction | None
    position: int  # in the analysed batch (near-duplicate signatures)


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


#: Files at least this large (bytes) are analysed in a worker process by default (about 3,500 CSV rows or
#: 1,200 xlsx rows): below it, starting the worker (~2 s: interpreter, libraries, dictionary, model)
#: costs more than the overlap saves.
PARALLEL_MIN_BYTES = 4_000_000


def opinions_import(
    *,
    path: str | Path,
    congress: Congress,
    stations: Sequence[LiaisonStation] = (),
    batch_size: int = 1000,
    auto_route: bool | None = None,
    seed_limit: int = 20000,
    window: int = 200_000,
    progress: Callable[[int], None] | None = None,
    parallel: bool | None = None,
    sheet: str | None = None,
) -> ImportReport:
    """Import a message file into ``congress``'s opinions (source 批量导入).

    Args:
        path: xlsx or UTF-8 CSV with the columns 留言编号, 留言用户, 留言主题, 留言时间, 留言详情
            [, 一级分类][, 反对数, 点赞数].
        stations: stations to attach the opinions to, round-robin (empty: no station).
        batch_size: rows per classify/insert batch.
        auto_route: route confident predictions with a :class:`TopicRoute` at once (as ``opinion_record``);
            ``None`` (default): as the congress chose (:func:`renda.liaison.conf.auto_route_enabled`,
            off unless turned on, defect 8). Off, such opinions are classified (已分类, event
            ``triage`` by the system) and wait in the triage inbox with their suggested unit.
        seed_limit: how many of the newest existing opinions seed the near-duplicate index.
        window: the near-duplicate index restarts after this many texts (bounded memory: near-duplicates
            are found among the last ``window`` opinions of the import plus the seed).
        progress: called with the number of rows consumed after each batch (a progress bar).
        parallel: run the text work (clean, hash, segment, classify, near-duplicate signatures) of
            batch k+1 in one worker process while this process stores batch k. ``None``: when the
            file has at least :data:`PARALLEL_MIN_BYTES` bytes. The result is the same either way. The
            worker is started with ``spawn``, which imports the calling program's main module again:
            that module must do nothing at import time outside ``if __name__ == "__main__":`` (as
            ``manage.py`` and the ``renda`` command do).
        sheet: the xlsx worksheet to import (default the first; the caller checks the name with
            :func:`intelligence.check_file`, whose notes it may put in ``report.notes``).
    Returns:
        An :class:`ImportReport`. Identity: 留言编号 when present, else the cleaned text's hash; a
        row whose identity is already in the file or in the database is a duplicate, reported with
        its row number and whether its 一级分类 conflicts with the first occurrence's. ``stages``
        holds seconds per stage; stages named ``worker: …`` ran in the worker process, overlapping
        the others (``wait for worker`` is the time this process waited for it).
    Raises:
        UnreadableFile: the file cannot be read (see :func:`intelligence.read_messages`).
        concurrent.futures.process.BrokenProcessPool: the worker process died (for example killed
            for memory). Batches stored before stay stored; importing the file again adds the rest.
    """
    started = timezone.now()
    if parallel is None:
        parallel = Path(path).stat().st_size >= PARALLEL_MIN_BYTES
    report = ImportReport(file=str(path))
    finder = intelligence.NearDupFinder()
    threshold = finder.threshold
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
    if auto_route is None:
        auto_route = auto_route_enabled(congress.pk)
    state = _State(congress=congress, stations=stations, auto_route=auto_route)
    classifier_seen: bool | None = None
    worker_stage = "worker: {}" if parallel else "{}"
    batches = _batches(intelligence.read_messages(path, sheet=sheet), batch_size)

    def feed(worker: import_worker.TextWorker) -> tuple[list[Any], list[str], Any] | None:
        """Read the next chunk, screen it, and hand its good rows to the worker."""
        t = time.perf_counter()
        chunk = next(batches, None)
        report._add("read", t)
        if chunk is None:
            return None
        too_long = [_too_long(item) if isinstance(item, intelligence.Message) else "" for item in chunk]
        good = [
            (item.title, item.text)
            for item, why in zip(chunk, too_long, strict=True)
            if isinstance(item, intelligence.Message) and not why
        ]
        return chunk, too_long, worker.submit(good, signatures=signatures_in_worker, clean_here=not clean_in_worker)

    # Who computes the near-duplicate signatures and who cleans and hashes (each ~10% of the text work)
    # is decided batch by batch: when this process had to wait for the worker, it takes both over for
    # a later batch; when the worker was ready first, they go to the worker. The results are the same.
    signatures_in_worker, clean_in_worker = True, False
    with _sqlite_import_pragmas(), search.fts_bulk_settings(), import_worker.TextWorker(parallel=parallel) as worker:
        current = feed(worker)
        while current is not None:
            nxt = feed(worker)  # the worker analyses the next batch while this one is stored
            chunk, too_long, future = current
            t = time.perf_counter()
            was_ready = future.done()
            analysis: import_worker.BatchAnalysis = future.result()
            if parallel:
                report._add("wait for worker", t)
                signatures_in_worker = clean_in_worker = was_ready
            report.stages["clean+hash"] = round(report.stages.get("clean+hash", 0.0) + future.clean_seconds, 3)
            for stage, secs in analysis.seconds.items():
                key = worker_stage.format(stage)
                report.stages[key] = round(report.stages.get(key, 0.0) + secs, 3)
            classifier_seen = analysis.classifier
            report.rows += len(chunk)
            t = time.perf_counter()
            fresh = _screen(chunk, too_long, analysis, state, report)
            fresh = _not_in_database(fresh, congress, report)
            t = report._add("identity lookup", t)
            if fresh:
                with transaction.atomic():
                    pks = _store(fresh, state, report)
                    t = report._add("store+index", t)
                    if finder.size >= window:
                        finder = intelligence.NearDupFinder(threshold)
                    near, positions = analysis.near, [p.position for p in fresh]
                    if near is None and finder.approximate:  # the worker left the signatures to us
                        t = time.perf_counter()
                        near, positions = finder.prepare([p.cleaned for p in fresh]), list(range(len(fresh)))
                        t = report._add("near-dup signatures", t)
                    _group_batch(pks, fresh, near, positions, finder, threshold, group_of, state, congress, report)
                    t = report._add("near-duplicates", t)
            if progress:
                progress(len(chunk))
            current = nxt
    report.capabilities = intelligence.capabilities(classifier=classifier_seen)
    if state.touched_groups:
        _update_group_sizes(sorted(state.touched_groups))
    report.seconds = round((timezone.now() - started).total_seconds(), 3)
    return report


def _update_group_sizes(group_ids: list[int]) -> None:
    """Set ``DuplicateGroup.size`` to the number of opinions in each group, 900 groups per query
    (SQLite allows at most 32,766 parameters in one statement; a large import touches more groups)."""
    qn = connection.ops.quote_name
    sql = f"UPDATE {qn(DuplicateGroup._meta.db_table)} SET {qn('size')} = %s WHERE {qn('id')} = %s"
    with transaction.atomic():
        for i in range(0, len(group_ids), 900):
            chunk = group_ids[i : i + 900]
            sizes = dict(
                Opinion.objects.filter(duplicate_group_id__in=chunk)
                .order_by()
                .values("duplicate_group_id")
                .annotate(n=Count("id"))
                .values_list("duplicate_group_id", "n")
            )
            with connection.cursor() as cursor:
                cursor.executemany(sql, [(sizes.get(g, 0), g) for g in chunk])


def _identity_map() -> KeyMap:
    """An empty identity map (the equality test swaps in a ``dict`` for the reference path)."""
    return KeyMap()


_ROW_BITS = 40
_ROW_MASK = (1 << _ROW_BITS) - 1


@dataclass
class _State:
    """What an import keeps from batch to batch (identities seen, caches, groups touched)."""

    congress: Congress
    stations: Sequence[LiaisonStation]
    auto_route: bool
    # identity → the first row's number and 一级分类, packed as ``label index << 40 | row`` into one int
    # (issue 17: one int per row instead of a tuple and a label string each), in compact exact maps
    seen_ids: KeyMap = field(default_factory=lambda: _identity_map())
    seen_hashes: KeyMap = field(default_factory=lambda: _identity_map())
    labels: list[str] = field(default_factory=list)
    label_index: dict[str, int] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    units: dict[int, Any] = field(default_factory=dict)
    touched_groups: set[int] = field(default_factory=set)
    deputies_by_station: dict[int, list[int]] = field(default_factory=dict)
    station_cycle: Iterator[LiaisonStation] | None = None
    threshold_conf: float = 0.0

    def __post_init__(self) -> None:
        self.station_cycle = itertools.cycle(self.stations) if self.stations else None
        if self.stations:
            for uid, sid in User.objects.filter(deputy__liaison_stations__in=self.stations, is_active=True).values_list(
                "pk", "deputy__liaison_stations"
            ):
                self.deputies_by_station.setdefault(sid, []).append(uid)
        self.threshold_conf = triage_confidence()


def _screen(
    chunk: list[Any], too_long: list[str], analysis: import_worker.BatchAnalysis, state: _State, report: ImportReport
) -> list[_Pending]:
    """Rejected, overlong, empty and in-file duplicate rows go to the report; the rest, in row order.

    The batch's identities are looked up in the import's maps at once (:meth:`KeyMap.get_many`),
    the batch's own new identities kept aside until its end (so a repeat within the batch is found
    there), then added at once (:meth:`KeyMap.update`): the same answers as one look-up per row.
    """
    good: list[tuple[Any, int]] = []  # (row, position in the analysed batch)
    j = 0  # position of the next good row in the analysed batch
    for item, why in zip(chunk, too_long, strict=True):
        if isinstance(item, intelligence.Rejected):
            report.rejected.append({"row": item.row, "external_id": item.external_id, "reason": item.reason})
            continue
        if why:
            report.rejected.append({"row": item.row, "external_id": item.external_id[:80], "reason": why})
            continue
        pos, j = j, j + 1
        if not analysis.cleaned[pos].strip():
            report.rejected.append({"row": item.row, "external_id": item.external_id, "reason": "清洗后内容为空"})
            continue
        good.append((item, pos))
    keys = [item.external_id or analysis.digests[pos] for item, pos in good]
    by_id = [bool(item.external_id) for item, _ in good]
    before_ids = iter(state.seen_ids.get_many([k for k, i in zip(keys, by_id, strict=True) if i]))
    before_hashes = iter(state.seen_hashes.get_many([k for k, i in zip(keys, by_id, strict=True) if not i]))
    added_ids: dict[str, int] = {}
    added_hashes: dict[str, int] = {}
    pending: list[_Pending] = []
    for (item, pos), key, is_id in zip(good, keys, by_id, strict=True):
        added = added_ids if is_id else added_hashes
        before = next(before_ids if is_id else before_hashes)
        packed = added.get(key, before)
        if packed is not None:
            first_row, first_label = packed & _ROW_MASK, state.labels[packed >> _ROW_BITS]
            conflict = bool(item.label and first_label and item.label != first_label)
            reason = "留言编号重复" if is_id else "内容重复"
            if conflict:
                reason += f"，且一级分类不一致（{first_label} / {item.label}）"
            report.duplicates.append(
                DuplicateRow(item.row, item.external_id, reason, first_row, conflict, [first_label, item.label])
            )
            continue
        code = state.label_index.setdefault(item.label, len(state.labels))
        if code == len(state.labels):
            state.labels.append(item.label)
        added[key] = code << _ROW_BITS | item.row
        pending.append(
            _Pending(
                item,
                analysis.cleaned[pos],
                analysis.digests[pos],
                analysis.search_texts[pos],
                analysis.predictions[pos],
                pos,
            )
        )
    state.seen_ids.update(added_ids)
    state.seen_hashes.update(added_hashes)
    return pending


def _not_in_database(pending: list[_Pending], congress: Congress, report: ImportReport) -> list[_Pending]:
    """Drop (and report) the rows whose identity is already stored for ``congress``.

    A row whose 留言编号 is stored with different content is not imported either (identity is the
    留言编号), but the report says the content differs, and names a different 一级分类 as a conflict,
    so that nobody takes it for a plain repeat.
    """
    if not pending:
        return []
    # raw SQL: the ORM's per-value preparation of two 2,000-value IN lists cost more than the queries
    # (issue 17). The conditions repeat the partial unique indexes' own, so that the database uses them
    # instead of reading every opinion of the congress: ``NOT (external_id = '')``
    # (opinion_unique_external_id) and ``external_id = '' AND source = 'import'``
    # (opinion_unique_imported_content: an imported row without 留言编号 is identified by its text).
    table = connection.ops.quote_name(Opinion._meta.db_table)
    ids = [p.msg.external_id for p in pending if p.msg.external_id]
    digests = [p.digest for p in pending if not p.msg.external_id]
    in_db_ids: dict[str, tuple[str, str]] = {}
    in_db_hashes: set[str] = set()
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                f"SELECT external_id, content_hash, source_label FROM {table} WHERE congress_id = %s "
                f"AND external_id IN ({', '.join(['%s'] * len(ids))}) AND NOT (external_id = %s)",
                [congress.pk, *ids, ""],
            )
            in_db_ids = {ext: (digest, label) for ext, digest, label in cursor.fetchall()}
        if digests:
            cursor.execute(
                f"SELECT content_hash FROM {table} WHERE congress_id = %s "
                f"AND content_hash IN ({', '.join(['%s'] * len(digests))}) AND external_id = %s AND source = %s",
                [congress.pk, *digests, "", str(Opinion.Source.IMPORT)],
            )
            in_db_hashes = {digest for (digest,) in cursor.fetchall()}
    fresh = []
    for p in pending:
        stored = in_db_ids.get(p.msg.external_id) if p.msg.external_id else None
        if stored is None and (p.msg.external_id or p.digest not in in_db_hashes):
            fresh.append(p)
            continue
        reason = "已导入过（数据库中已有相同意见）"
        stored_label = ""
        if stored is not None:
            stored_digest, stored_label = stored
            if stored_digest != p.digest:
                reason = "留言编号已导入过，但内容与已导入的不同（未导入，请核对）"
        conflict = bool(stored_label and p.msg.label and stored_label != p.msg.label[:40])
        if conflict:
            reason += f"，且一级分类不一致（{stored_label} / {p.msg.label}）"
        labels = [stored_label, p.msg.label] if stored is not None else [p.msg.label]
        report.duplicates.append(DuplicateRow(p.msg.row, p.msg.external_id, reason, None, conflict, labels))
    return fresh


def _table_insert(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``INSERT INTO <model's table> (columns) VALUES (…)`` for every row, as one prepared ``executemany``.

    Values must already be database values (ids, strings, numbers, adapted datetimes). Triggers and
    generated columns (the search index) work as for any insert.
    """
    if not rows:
        return
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _columns(model: type[models.Model]) -> tuple[list[str], dict[str, Any]]:
    """The inserted columns of ``model`` (all concrete fields but the auto primary key) and their defaults."""
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    return [f.column for f in fields], {f.column: f.get_default() for f in fields}


def _store(fresh: list[_Pending], state: _State, report: ImportReport) -> list[int]:
    """Insert the batch's opinions and their events, queue the deputies' notices; returns the new ids.

    Rows are what ``Opinion.objects.bulk_create`` wrote before (defaults, created/updated time,
    tracking codes, status, routing), written with one prepared statement per table: the ORM's
    per-object compilation was the larger part of this stage. The search index follows (on SQLite
    one FTS5 insert per batch, see :func:`search.indexed_in_bulk`; the generated ``search_vector``
    on PostgreSQL).
    """
    congress = state.congress
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value  # bound once: ``connection`` is a per-thread proxy
    db_now = adapt(now)
    columns, defaults = _columns(Opinion)
    defaults.update(created_at=db_now, updated_at=db_now, congress_id=congress.pk, source=Opinion.Source.IMPORT)
    row_of = operator.itemgetter(*columns)  # the values in column order, as a tuple
    rows: list[tuple[Any, ...]] = []
    meta: list[tuple[str, str, int | None, float | None, str]] = []  # tracking code, status, station, conf, title
    codes_drawn = iter(new_tracking_codes(len(fresh)))
    for p in fresh:
        topic = None
        pred = p.prediction
        if pred is not None:
            topic = state.topics.get(pred.label) or state.topics.setdefault(pred.label, topic_for_label(pred.label))
        station = next(state.station_cycle) if state.station_cycle else None
        confidence = round(pred.confidence, 4) if pred else None
        status, unit_id = Status.RECEIVED, None
        if topic is not None and confidence is not None and confidence >= state.threshold_conf:
            if topic.pk not in state.units:
                state.units[topic.pk] = route_for(congress_id=congress.pk, topic=topic)
            if state.units[topic.pk] is not None:  # classified; routed only when the congress turned it on
                status = Status.TRIAGED
                if state.auto_route:
                    unit_id, status = state.units[topic.pk].pk, Status.ROUTED
        code = next(codes_drawn)
        title = p.msg.title or p.cleaned[:30]
        values = {
            **defaults,
            "station_id": station.pk if station else None,
            "external_id": p.msg.external_id,
            "citizen_name": p.msg.user,
            "district": station.district if station else "",
            "title": title,
            "text": p.msg.text,
            "received_at": adapt(_aware(p.msg.received_at, now)),
            "received_at_unknown": p.msg.received_at is None,
            "content_hash": p.digest,
            "search_text": p.search_text,
            "source_label": p.msg.label[:40],
            "predicted_topic_id": topic.pk if topic else None,
            "confidence": confidence,
            "tracking_code": code,
            "likes": max(p.msg.likes, 0),
            "dislikes": max(p.msg.dislikes, 0),
            "status": str(status),
            "unit_id": unit_id,
        }
        rows.append(row_of(values))
        meta.append((code, str(status), station.pk if station else None, confidence, title))
    with search.indexed_in_bulk():
        _table_insert(Opinion, columns, rows)
    pks = _ids_of_codes([m[0] for m in meta])
    report.created += len(pks)
    event_columns, event_defaults = _columns(OpinionEvent)
    event_defaults["at"] = db_now
    event_row_of = operator.itemgetter(*event_columns)
    events: list[tuple[Any, ...]] = []
    routed: list[tuple[int, int | None, str]] = []  # opinion id, station id, title
    # the three events an import writes, each hashed from its fixed columns encoded once (audit.event_hasher)
    kinds = {
        Action.RECEIVED: (Status.RECEIVED, "", "批量导入"),
        Action.TRIAGE: (Status.TRIAGED, Status.RECEIVED, None),  # note: the confidence, per opinion
        Action.ROUTE: (Status.ROUTED, Status.TRIAGED, "按分类转办规则自动转办"),
    }
    template: dict[Action, dict[str, Any]] = {}
    hasher = {}
    for action, (to_status, from_status, note) in kinds.items():
        fixed = {**event_defaults, "action": str(action), "to_status": str(to_status), "from_status": str(from_status)}
        varying = ("opinion_id", "prev_hash") if note is not None else ("opinion_id", "prev_hash", "note")
        if note is not None:
            fixed["note"] = note
        template[action] = fixed
        hasher[action] = event_hasher(OpinionEvent, {**fixed, "at": now}, varying)
    for pk, (_, op_status, station_id, confidence, title) in zip(pks, meta, strict=True):
        prev = hasher[Action.RECEIVED](pk, "")
        events.append(event_row_of({**template[Action.RECEIVED], "opinion_id": pk, "prev_hash": "", "hash": prev}))
        if op_status in (Status.TRIAGED, Status.ROUTED):
            report.classified += 1
            note = f"自动分类（置信度 {confidence:.2f}）"
            h = hasher[Action.TRIAGE](pk, prev, note)
            events.append(
                event_row_of({**template[Action.TRIAGE], "opinion_id": pk, "prev_hash": prev, "note": note, "hash": h})
            )
            prev = h
        if op_status == Status.ROUTED:
            report.routed += 1
            h = hasher[Action.ROUTE](pk, prev)
            events.append(event_row_of({**template[Action.ROUTE], "opinion_id": pk, "prev_hash": prev, "hash": h}))
            routed.append((pk, station_id, title))
    _table_insert(OpinionEvent, event_columns, events)
    for pk, station_id, title in routed:  # the station's deputies, told on commit (renda.liaison.notices)
        recipients = state.deputies_by_station.get(station_id or 0, [])
        notify_on_commit(notices.opinion_routed(opinion_id=pk, title=title, recipients=recipients))
    return pks


def _ids_of_codes(codes: list[str]) -> list[int]:
    """The ids of the opinions just inserted with tracking codes ``codes`` (unique), in that order.

    Raw SQL, 900 codes per query (SQLite's parameter limit is 32,766; 900 keeps each statement small):
    the ORM's preparation of every IN value cost more than the query (issue 17).

    Raises:
        KeyError: a code has no opinion (it was not inserted).
    """
    table = connection.ops.quote_name(Opinion._meta.db_table)
    pk_of: dict[str, int] = {}
    with connection.cursor() as cursor:
        for i in range(0, len(codes), 900):
            chunk = codes[i : i + 900]
            cursor.execute(
                f"SELECT tracking_code, id FROM {table} WHERE tracking_code IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            pk_of.update(cursor.fetchall())
    return [pk_of[c] for c in codes]


@contextmanager
def _sqlite_import_pragmas() -> Iterator[None]:
    """On SQLite, for the import: a 32 MiB page cache instead of 2 MiB (the opinion table's unique
    indexes on random keys — tracking code, content hash, 留言编号 — outgrow the small cache) and, in
    WAL mode, a checkpoint every 16,384 pages (64 MB of WAL) instead of 1,000 (fewer fsyncs, and a page
    rewritten by several batches is copied once). Measured on a copy of a 100,000-opinion database:
    10,000 more inserts 3.3 s → 2.5 s. Durability is that of the configured ``synchronous`` (NORMAL,
    ``config/env.py``); both settings are restored afterwards. Other databases: nothing."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        wal = str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"
        checkpoint = int(cursor.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        cache_size = int(cursor.execute("PRAGMA cache_size").fetchone()[0])
        cursor.execute("PRAGMA cache_size=-32768")
        if wal:
            cursor.execute("PRAGMA wal_autocheckpoint=16384")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={cache_size}")
            if wal:
                cursor.execute(f"PRAGMA wal_autocheckpoint={checkpoint}")


def _group_batch(
    pks: list[int],
    fresh: list[_Pending],
    near: Any,
    positions: list[int],
    finder: intelligence.NearDupFinder,
    threshold: float,
    group_of: dict[int, int],
    state: _State,
    congress: Congress,
    report: ImportReport,
) -> None:
    """Stream the batch through the near-duplicate index and put each new opinion in its match's group.

    New groups are created together (one ``bulk_create``) and the members' group and similarity are
    written with one prepared ``UPDATE`` (which leaves the search index alone).
    """
    updates: dict[int, tuple[int, float]] = {}
    matches = finder.add_prepared(pks, [p.cleaned for p in fresh], near, positions)
    new_groups: list[int] = []  # placeholder ids (-1, -2, …) of groups created in this batch
    placed: list[int] = []  # the opinions given a placeholder id in this batch
    for pk, found in zip(pks, matches, strict=True):
        hits = [(k, s) for k, s in found if s >= threshold]
        if not hits:
            continue
        best, sim = hits[0]
        gid = group_of.get(best)
        if gid is None:
            gid = -(len(new_groups) + 1)
            new_groups.append(gid)
            group_of[best] = gid
            placed.append(best)
            updates[best] = (gid, 1.0)
        group_of[pk] = gid
        if gid < 0:
            placed.append(pk)
        updates[pk] = (gid, round(sim, 4))
        report.grouped += 1
    if not updates:
        return
    if new_groups:
        created = DuplicateGroup.objects.bulk_create([DuplicateGroup(congress=congress, size=0) for _ in new_groups])
        real = {placeholder: g.pk for placeholder, g in zip(new_groups, created, strict=True)}
        report.groups_created += len(created)
        for key in placed:  # not every entry of group_of: it holds every grouped opinion of the import
            if group_of[key] < 0:
                group_of[key] = real[group_of[key]]
        updates = {pk: (real.get(gid, gid), sim) for pk, (gid, sim) in updates.items()}
    state.touched_groups.update(gid for gid, _ in updates.values())
    qn = connection.ops.quote_name
    table = qn(Opinion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {qn('duplicate_group_id')} = %s, {qn('similarity')} = %s WHERE {qn('id')} = %s",
            [(gid, sim, pk) for pk, (gid, sim) in updates.items()],
        )
