"""Demo data for the liaison side: the topic taxonomy and routes, reception days, and the real
citizens' messages imported into the demo's 143 stations — classified, grouped and ranked.

Reads ``settings.DATA_DIR`` in place (never copied into the repository). When the real data is
absent, a small synthetic set is imported instead and the loader says so. Idempotent: the taxonomy
and routes are keyed by name, receptions by (station, date), opinions by 留言编号/content hash.
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings

from renda.liaison import importer, intelligence, selectors, services
from renda.liaison.models import HotTopicSnapshot, Opinion, Reception, Topic, TopicRoute
from renda.liaison.workflow import Status
from renda.organization.models import Congress, HandlingUnit, LiaisonStation, User

DEMO_FILES = ("messages_with_likes_4326.xlsx", "messages_sample_495.xlsx")
ROUTES = {
    "城乡建设": "市住房和城乡建设局",
    "劳动和社会保障": "市人力资源和社会保障局",
    "教育文体": "市教育局",
    "商贸旅游": "市商务局",
    "环境保护": "市生态环境局",
    "卫生计生": "市卫生健康委员会",
    "交通运输": "市交通运输局",
    "国土资源": "市规划和自然资源局",
    "民政": "市民政局",
    "农村农业": "市农业农村局",
    "政法": "市公安局",
    "经济管理": "市发展和改革委员会",
    "科技与信息产业": "市工业和信息化局",
    "党务政务": "市政府办公室",
    "纪检监察": "市信访局",
}
SYNTHETIC = [
    ("小区停车难", "{p}小区车位严重不足，晚上车辆乱停乱放，消防通道经常被堵，希望增设停车位。", "城乡建设"),
    ("夜间施工噪音扰民", "{p}附近工地每天夜里施工到凌晨，噪音很大，居民无法休息，请环保部门查处。", "环境保护"),
    ("公交线路太少", "{p}到市区只有一条公交线路，早晚高峰非常拥挤，希望增开公交线路。", "交通运输"),
    ("学校周边交通拥堵", "{p}小学门口上下学时段车辆拥堵，存在安全隐患，希望交警疏导。", "交通运输"),
    ("社保卡办理慢", "{p}居民办理社保卡要等两个月，流程繁琐，希望简化手续。", "劳动和社会保障"),
    ("菜市场卫生差", "{p}菜市场垃圾堆放，污水横流，卫生状况很差，希望加强管理。", "商贸旅游"),
]


def _ensure_taxonomy(stdout: Any) -> None:
    path = Path(settings.DATA_DIR) / "taxonomy_517.xlsx"
    if path.exists():
        services.topic_taxonomy_load_file(path=path)
    else:
        for name in ROUTES:
            services.topic_for_label(name)
        stdout.write("liaison: taxonomy_517.xlsx not found; only first-level topics created")


def _ensure_routes(congress: Congress) -> int:
    units = {u.name: u for u in HandlingUnit.objects.filter(congress=congress, name__in=ROUTES.values())}
    n = 0
    for topic_name, unit_name in ROUTES.items():
        topic = Topic.objects.filter(path=topic_name).first()
        if topic is None or unit_name not in units:
            continue
        TopicRoute.objects.update_or_create(congress=congress, topic=topic, defaults={"unit": units[unit_name]})
        n += 1
    return n


def _ensure_receptions(stations: list[LiaisonStation]) -> None:
    rng = random.Random(4)
    today = date.today()
    for i, station in enumerate(stations):
        deputies = list(station.deputies.all())
        for k in range(2):
            on = today - timedelta(days=7 * (k + 1) + i % 7)
            rec, _ = Reception.objects.update_or_create(
                station=station, point=None, date=on, defaults={"visitor_count": rng.randrange(5, 60)}
            )
            rec.deputies.set(deputies[: 1 + (i + k) % max(len(deputies), 1)])


def _synthetic_file(folder: Path) -> Path:
    rng = random.Random(7)
    places = ["幸福", "和平", "东风", "建设", "光明", "团结", "新华", "文化"]
    path = folder / "synthetic.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "一级分类"])
        for i in range(60):
            title, body, label = SYNTHETIC[i % len(SYNTHETIC)]
            place = rng.choice(places)
            day = date.today() - timedelta(days=rng.randrange(0, 60))
            w.writerow(
                [f"S{i:04d}", f"U{i:05d}", f"{place}{title}", f"{day:%Y/%m/%d} 10:00:00", body.format(p=place), label]
            )
    return path


def _confirm_older_routings(congress: Congress) -> int:
    """The demo's history of staff work: the demo staff member (``staff``) confirms the suggested routing
    of the classified opinions received more than 30 days before the newest one, in batches, as on the
    triage page (automatic routing stays off, defect 8); the newer ones wait in the triage inbox."""
    staff = User.objects.filter(username="staff", role=User.Role.STAFF).first()
    newest = selectors.latest_known_time(Opinion.objects.filter(congress=congress))
    if staff is None or newest is None:
        return 0
    ready = Opinion.objects.filter(
        congress=congress, status=Status.TRIAGED, received_at__lt=newest - timedelta(days=30), received_at_unknown=False
    ).values_list("pk", flat=True)
    ids = list(ready)
    done = 0
    for i in range(0, len(ids), 500):
        done += services.opinions_route_suggested(opinion_ids=ids[i : i + 500], actor=staff)
    return done


def load(*, stdout: Any) -> None:
    """Load the liaison demo (idempotent; about a minute with the real data on 2 cores)."""
    started = time.perf_counter()
    congress = Congress.objects.filter(region_code="140200").first() or Congress.objects.order_by("pk").first()
    if congress is None:
        stdout.write("liaison: no congress, skipped")
        return
    _ensure_taxonomy(stdout)
    routes = _ensure_routes(congress)
    stations = list(LiaisonStation.objects.filter(congress=congress).order_by("pk").prefetch_related("deputies"))
    _ensure_receptions(stations)
    if intelligence.get_classifier() is None:
        stdout.write(
            f"liaison: no trained topic model at {intelligence.model_path()} — opinions go to manual triage "
            "(run `make model`)"
        )
    data = Path(settings.DATA_DIR)
    files = [data / f for f in DEMO_FILES if (data / f).exists()]
    created = 0
    with tempfile.TemporaryDirectory() as tmp:
        if not files:
            stdout.write(f"liaison: real messages not found in {data}; importing a small synthetic set instead")
            files = [_synthetic_file(Path(tmp))]
        for f in files:
            report = importer.opinions_import(path=f, congress=congress, stations=stations)
            created += report.created
            stdout.write(
                f"liaison: {f.name}: {report.created} opinions imported, {report.routed} routed, "
                f"{len(report.duplicates)} already there or repeated, {len(report.rejected)} rejected, "
                f"{report.grouped} near-duplicates grouped"
            )
    confirmed = _confirm_older_routings(congress)
    if confirmed:
        stdout.write(f"liaison: staff confirmed the suggested routing of {confirmed} older opinions")
    until = selectors.latest_known_time(Opinion.objects.filter(congress=congress))
    if until is not None and (created or not HotTopicSnapshot.objects.filter(congress=congress).exists()):
        snap = services.hot_topics_compute(congress_id=congress.pk, since=until - timedelta(days=365), until=until)
        stdout.write(f"liaison: {len(snap.data)} hot topics ranked over {snap.opinion_count} opinions")
    stdout.write(f"liaison: {routes} topic routes, {created} new opinions ({time.perf_counter() - started:.0f} s)")
