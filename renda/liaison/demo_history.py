"""Demo history: the stations' year before the demo's 3rd session — "接待群众6300多人次，听取意见3200余条"
(the seed's work report, issue 16).

* Reception days: every station receives citizens twice that year (spring and autumn), recorded by
  staff through :func:`renda.liaison.services.reception_record` with the station's deputies on duty;
  the visitors add up to :data:`VISITORS`.
* Opinions: :data:`OPINIONS` real citizens' messages (``messages_labeled.csv`` under
  ``settings.DATA_DIR``, the 2020 TipDM Cup data the other loaders read) re-dated over that year and
  given their own 留言编号 (``H<year>-…``), imported into the stations round-robin through the bulk
  importer (:func:`renda.liaison.importer.opinions_import`: classified, near-duplicates grouped, masked
  on display like every imported opinion); staff then confirm the suggested routing as the liaison demo
  does for older opinions (:func:`renda.liaison.services.opinions_route_suggested`), so the year's
  opinions leave the triage inbox. Without the data file a synthetic set of the same size is used and
  the loader says so.

Idempotent: a year that already holds reception days or opinions at stations is left as it is.
"""

from __future__ import annotations

import csv
import random
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings

from renda.liaison import importer, selectors, services
from renda.liaison.demo import SYNTHETIC
from renda.liaison.workflow import Status
from renda.organization.models import Congress, LiaisonStation, User

#: The year's visitors (人次) and opinions (条): the seed's "6300多" and "3200余".
VISITORS = 6347
OPINIONS = 3256
#: Reception days of the year per station: (month, day) before the station's offset of up to 6 days.
RECEPTION_DAYS = ((4, 8), (10, 14))
COLUMNS = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "一级分类"]


def visitor_counts(n: int, total: int = VISITORS) -> list[int]:
    """``n`` reception days' visitors (people, 5–40 each, deterministic) adding up to exactly ``total``.

    Raises:
        ValueError: ``total`` cannot be reached with 5–40 visitors a day.
    """
    if not 5 * n <= total <= 40 * n:
        raise ValueError("visitors out of reach for the reception days")
    rng = random.Random(2025)
    counts = [rng.randrange(10, 35) for _ in range(n)]
    i = 0
    while (gap := total - sum(counts)) != 0:  # move one visitor at a time within 5–40
        step = 1 if gap > 0 else -1
        if 5 <= counts[i % n] + step <= 40:
            counts[i % n] += step
        i += 1
    return counts


def _messages(n: int) -> tuple[list[tuple[str, str, str, str]], bool]:
    """``n`` (user, subject, detail, label) messages: real ones when the data file is there."""
    path = Path(str(settings.DATA_DIR)) / "messages_labeled.csv"
    try:
        with open(path, encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if r.get("留言主题") and len(r.get("留言详情", "")) > 20]
    except OSError:
        rows = []
    if len(rows) >= n:
        picked = random.Random(2025).sample(rows, n)
        return [(r["留言用户"], r["留言主题"], r["留言详情"].strip(), r.get("一级分类", "")) for r in picked], True
    places = ["幸福", "和平", "东风", "建设", "光明", "团结", "新华", "文化"]
    out = []
    for i in range(n):
        title, body, label = SYNTHETIC[i % len(SYNTHETIC)]
        place = f"{places[i % len(places)]}{i // len(places)}号"
        out.append((f"H{i:05d}", f"{place}{title}", body.format(p=place), label))
    return out, False


def _write_file(folder: Path, year: int) -> tuple[Path, bool]:
    """The year's messages as an importable CSV, received evenly from 2 January to 30 December."""
    messages, real = _messages(OPINIONS)
    first, span = date(year, 1, 2), (date(year, 12, 30) - date(year, 1, 2)).days
    path = folder / f"opinions_{year}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for k, (user, subject, detail, label) in enumerate(messages):
            when = datetime.combine(first + timedelta(days=k * span // OPINIONS), datetime.min.time())
            when += timedelta(hours=8 + k % 11, minutes=(k * 7) % 60)
            w.writerow([f"H{year}-{k + 1:05d}", user, subject, f"{when:%Y/%m/%d %H:%M:%S}", detail, label])
    return path, real


def _receptions(stations: list[LiaisonStation], staff: User, year: int) -> int:
    counts = iter(visitor_counts(len(stations) * len(RECEPTION_DAYS)))
    for i, station in enumerate(stations):
        deputies = list(station.deputies.all())
        for k, (month, day) in enumerate(RECEPTION_DAYS):
            services.reception_record(
                station=station,
                on=date(year, month, day) + timedelta(days=i % 7),
                deputies=deputies[: 1 + (i + k) % max(len(deputies), 1)],
                visitor_count=next(counts),
                actor=staff,
                note="年度集中接待",
            )
    return len(stations) * len(RECEPTION_DAYS)


def load(*, stdout: Any = None) -> None:
    """Load the year's reception days and opinions at the demo's stations (idempotent).

    ``stdout``: optional writable for the summary lines.
    """
    congress = Congress.objects.filter(region_code="140200").first()
    staff = User.objects.filter(username="staff", role=User.Role.STAFF).first()
    if congress is None or staff is None:
        if stdout:
            stdout.write("liaison history: no demo congress, skipped")
        return
    year = congress.terms.get(ordinal=16).sessions.get(ordinal=3).opening_date.year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    stations = list(LiaisonStation.objects.filter(congress=congress).order_by("pk").prefetch_related("deputies"))
    if selectors.receptions_in(congress_id=congress.pk, start=start, end=end).exists() or (
        selectors.opinions_heard(congress_id=congress.pk, start=start, end=end).exists()
    ):
        if stdout:
            stdout.write(f"liaison history: {year} already loaded, nothing added")
        return
    days = _receptions(stations, staff, year)
    with tempfile.TemporaryDirectory() as tmp:
        path, real = _write_file(Path(tmp), year)
        report = importer.opinions_import(path=path, congress=congress, stations=stations, parallel=False)
    heard = selectors.opinions_heard(congress_id=congress.pk, start=start, end=end)
    # those the model left unclassified: staff classify each by the file's 一级分类 (the triage page)
    topics: dict[str, Any] = {}
    for op in heard.filter(status=Status.RECEIVED).order_by("pk"):
        label = op.source_label or "党务政务"
        topic = topics[label] if label in topics else topics.setdefault(label, services.topic_for_label(label))
        services.opinion_triage(opinion=op, actor=staff, topic=topic, note="按来源分类人工分类")
    # all now classified with a suggested unit (a topic route): staff confirm them, 500 to a page
    routable = list(heard.filter(status=Status.TRIAGED).order_by("pk").values_list("pk", flat=True))
    routed = 0
    for i in range(0, len(routable), 500):
        routed += services.opinions_route_suggested(opinion_ids=routable[i : i + 500], actor=staff)
    if stdout:
        source = "real citizens’ messages" if real else f"SYNTHETIC messages (data file absent in {settings.DATA_DIR})"
        stdout.write(
            f"liaison history: {year} — {days} reception days, {VISITORS} visitors; {report.created} opinions "
            f"from {source}, {routed} routed by staff"
        )
