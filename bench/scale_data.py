"""The provincial-scale dataset (issue 17 item 3), importable and runnable.

Usage (from the repository root)::

    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_scale .venv/bin/python bench/scale_data.py
    .venv/bin/python bench/scale_data.py --congresses 2 --suggestions 500 --opinions 2000   # smaller

From Python (after ``django.setup()`` with ``DATABASE_URL`` pointing at the database)::

    import scale_data                       # bench/ on sys.path
    info = scale_data.load(scale_data.Params())          # or Params.tiny() in tests
    info["congress_ids"], info["users"]["staff"][0]      # what was created (see ``load``)

``ensure_database(url)`` creates the database when missing (role renda/renda, cluster on :5432).
``DEFAULT_URL`` is ``postgres://renda:renda@127.0.0.1:5432/renda_scale``.

What it creates (default ``Params()``): 20 congresses (region codes ``97xx00``), each with a term, a
session, 10 delegations, 400 deputies (all with a deputy login), the Standing Committee (55 members),
the Council of Chairpersons, the Presidium and 6 special committees, 45 handling units (one officer
login each), 6 vice-mayors, 20 liaison stations (one operator login each), staff/supervisor logins
(``scale-<c>-staff``, ``scale-<c>-supervisor``); over all congresses 100,000 suggestions (every
status from draft to closed, 1% key suggestions with their 五办联动 chain) with 300,000 assignments
in every handling state (assigned, received, reassign requested, co-handler opinion sent, replied,
re-handling, closed, about half of the open ones overdue), the replies, their recipients and the
deputies' evaluations, one event per suggestion; 1,000,000 citizens' opinions resampled from the
real messages (as ``bench/liaison_search.py``: segmented search text, topics, stations, units, every
status) and a hot-topics snapshot per congress; meetings (a plenary with its 400-seat roster, 8
Standing Committee and 4 Council meetings) with agenda items, polls and options.

On PostgreSQL the big tables are written with ``COPY`` (psycopg ``cursor.copy``) after dropping
their secondary indexes and foreign keys, which are rebuilt afterwards, then ``VACUUM ANALYZE``;
elsewhere (SQLite in the test suite) with ``bulk_create``. Marker: the table ``bench_scale_marker(
params, loaded_at, seconds)``; ``load`` returns at once when a row with the same parameters
(``Params.key()``, which includes a generator ``version``) is there. A different parameter set in
the same database is refused (use another database, or ``--reset``, which TRUNCATEs every table of
the apps it fills: only for a dedicated benchmark database). Full load: about 2 minutes here.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _report import (  # noqa: E402  (bench/ on sys.path first; pages.py calls scale_data.ensure_database)
    build_in_parallel,
    ensure_database,
)

DEFAULT_URL = "postgres://renda:renda@127.0.0.1:5432/renda_scale"
MARKER = "bench_scale_marker"
PENDING = "bench_scale_pending"  # index/constraint statements of a load not yet built (see _restore_pending)
TODAY = date(2026, 11, 30)  # the dataset's "today": due dates are spread around it


@dataclasses.dataclass(frozen=True)
class Params:
    """Sizes of the dataset (totals over all congresses, split evenly)."""

    congresses: int = 20
    suggestions: int = 100_000
    assignments: int = 300_000
    opinions: int = 1_000_000
    deputies: int = 400  # per congress
    units: int = 45  # per congress
    stations: int = 20  # per congress
    seed: int = 2026
    version: int = 2  # raised when the generator changes: a dataset of an older version is reloaded

    @classmethod
    def tiny(cls) -> Params:
        """The size the test suite loads (2 congresses, 60 suggestions, 300 opinions)."""
        return cls(congresses=2, suggestions=60, assignments=180, opinions=300, deputies=30, units=8, stations=3)

    def key(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)


# --- writing rows --------------------------------------------------------------------------------


class Writer:
    """Writes rows (dicts keyed by field attname, with explicit ``id``) of a model: COPY on
    PostgreSQL, ``bulk_create`` elsewhere. Missing fields take the model field's default."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.pg = connection.vendor == "postgresql"
        self.now = datetime.now(UTC)
        self.next_id: dict[str, int] = {}

    def ids(self, model: Any, n: int) -> range:
        """Reserve ``n`` consecutive primary keys of ``model`` (the sequence is reset at the end)."""
        table = model._meta.db_table
        if table not in self.next_id:
            self.next_id[table] = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        start = self.next_id[table]
        self.next_id[table] = start + n
        return range(start, start + n)

    def _fields(self, model: Any) -> list[Any]:
        return [f for f in model._meta.concrete_fields]

    def _value(self, f: Any, row: dict[str, Any]) -> Any:
        if f.attname in row:
            v = row[f.attname]
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            v = self.now
        else:
            v = f.get_default()
        if self.pg and f.get_internal_type() == "JSONField" and v is not None:
            return json.dumps(v, ensure_ascii=False)
        return v

    def _copy_values(self, fields: list[Any]) -> Any:
        """A function row -> the COPY values of ``fields``, equal to ``[self._value(f, row) for f in fields]``
        but deciding once per field (not once per row) where a missing value comes from: a constant default
        is computed once, a callable one (e.g. a uuid) still per row."""
        plan = []
        for f in fields:
            is_json = f.get_internal_type() == "JSONField"
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                missing: Any = (False, self.now)
            elif f.has_default() and callable(f.default):
                missing = (True, f.get_default)
            else:
                missing = (False, f.get_default())
            if is_json and not missing[0] and missing[1] is not None:
                missing = (False, json.dumps(missing[1], ensure_ascii=False))
            plan.append((f.attname, is_json, missing))

        def values(row: dict[str, Any]) -> list[Any]:
            out = []
            for attname, is_json, (call, default) in plan:
                if attname in row:
                    v = row[attname]
                    if is_json and v is not None:
                        v = json.dumps(v, ensure_ascii=False)
                elif call:
                    v = default()
                    if is_json and v is not None:
                        v = json.dumps(v, ensure_ascii=False)
                else:
                    v = default
                out.append(v)
            return out

        return values

    def write(self, model: Any, rows: Iterable[dict[str, Any]], batch: int = 5000) -> int:
        """Write ``rows``; returns how many."""
        fields = self._fields(model)
        n = 0
        if self.pg:
            cols = ", ".join(f'"{f.column}"' for f in fields)
            sql = f'COPY "{model._meta.db_table}" ({cols}) FROM STDIN'
            values = self._copy_values(fields)
            with self.connection.cursor() as cur, cur.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(values(row))
                    n += 1
            return n
        chunk: list[Any] = []
        for row in rows:
            chunk.append(model(**{f.attname: self._value(f, row) for f in fields}))
            n += 1
            if len(chunk) >= batch:
                model.objects.bulk_create(chunk)
                chunk = []
        if chunk:
            model.objects.bulk_create(chunk)
        return n

    def reset_sequences(self, models: Iterable[Any]) -> None:
        if not self.pg:
            return
        with self.connection.cursor() as cur:
            for model in models:
                pk = model._meta.pk
                if pk.get_internal_type() not in ("AutoField", "BigAutoField"):
                    continue
                t = model._meta.db_table
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{t}\"', '{pk.column}'), "
                    f'COALESCE((SELECT MAX("{pk.column}") FROM "{t}"), 1))'
                )


def _foreign_keys(tables: list[str], conn: Any = None) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the foreign keys of ``tables``: dropped for the load and added back
    afterwards (one validating join each instead of a queued trigger per row). ``conn``: a psycopg
    connection to read them with (default: Django's)."""
    sql = (
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)"
    )
    return _fetch(sql, [tables], conn)


def _secondary_indexes(tables: list[str], conn: Any = None) -> list[tuple[str, str]]:
    """(name, definition) of the indexes of ``tables`` that back no constraint (droppable). ``conn``: a
    psycopg connection to read them with (default: Django's)."""
    sql = (
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND i.schemaname = "
        "current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
    )
    return _fetch(sql, [tables], conn)


def _fetch(sql: str, params: list[Any], conn: Any) -> list[Any]:
    if conn is not None:
        return list(conn.execute(sql, params).fetchall())
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


# --- the dataset ---------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌玉兰海燕德荣晓东"
UNIT_NAMES = [
    "市住房和城乡建设局", "市人力资源和社会保障局", "市教育局", "市商务局", "市生态环境局", "市卫生健康委员会",
    "市交通运输局", "市规划和自然资源局", "市民政局", "市农业农村局", "市公安局", "市发展和改革委员会",
    "市工业和信息化局", "市政府办公室", "市信访局", "市财政局", "市水利局", "市文化广电旅游局", "市市场监督管理局",
    "市应急管理局", "市城市管理局", "市医疗保障局", "市退役军人事务局", "市司法局", "市审计局", "市统计局",
    "市林业局", "市体育局", "市国资委", "市科技局", "市住房公积金管理中心", "市城管执法局", "市供电公司",
    "市自来水公司", "市燃气集团", "市公交集团", "市地铁集团", "市中级人民法院", "市人民检察院", "市总工会",
    "团市委", "市妇联", "市残联", "市税务局", "市气象局", "市邮政管理局", "市通信管理局", "市烟草专卖局",
]  # fmt: skip
TOPIC_NAMES = ["城乡建设", "劳动和社会保障", "教育文体", "商贸旅游", "环境保护", "卫生计生", "交通运输", "其他"]
OPINION_TOPICS = [
    "城乡建设", "劳动和社会保障", "教育文体", "商贸旅游", "环境保护", "卫生计生", "交通运输", "国土资源",
    "民政", "农村农业", "政法", "经济管理", "科技与信息产业", "党务政务", "纪检监察",
]  # fmt: skip
DISTRICTS = ["东城区", "西城区", "南湖区", "北山区", "高新区", "经开区", "临江县", "青山县", "白水县", "云溪县"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _organisation(w: Writer, p: Params, c: int, rng: random.Random) -> dict[str, Any]:
    """One congress with its organisation; returns the ids the rest of the load needs."""
    from renda.organization import models as org

    region = f"97{c:02d}00"
    congress = org.Congress.objects.create(
        name=f"规模基准{c + 1}市人民代表大会", level="city", region_code=region, region_name=f"规模基准{c + 1}市"
    )
    term = org.Term.objects.create(congress=congress, ordinal=16, start_year=2022, end_year=2027)
    session = org.Session.objects.create(
        term=term,
        ordinal=4,
        opening_date=date(2026, 1, 10),
        closing_date=date(2026, 1, 14),
        submission_cutoff=datetime(2026, 1, 12, 4, tzinfo=UTC),
    )
    delegations = org.Delegation.objects.bulk_create(
        org.Delegation(term=term, name=f"{d}代表团", district=d) for d in DISTRICTS
    )
    dep_ids = w.ids(org.Deputy, p.deputies)
    w.write(
        org.Deputy,
        (
            {
                "id": pk,
                "term_id": term.pk,
                "code": f"{c:02d}{k:04d}",
                "name": _name(rng),
                "gender": rng.choice(("male", "female")),
                "birth_year": rng.randrange(1960, 1995),
                "occupation": "社区党委书记",
                "delegation_id": delegations[k % len(delegations)].pk,
                "phone": f"139{rng.randrange(10**8):08d}",
            }
            for k, pk in enumerate(dep_ids)
        ),
    )
    deputies = list(dep_ids)
    sc = org.Body.objects.create(term=term, kind="standing_committee", name="常务委员会")
    council = org.Body.objects.create(term=term, kind="council_of_chairpersons", name="主任会议")
    org.Body.objects.create(term=term, session=session, kind="presidium", name="第四次会议主席团")
    committees = org.Body.objects.bulk_create(
        org.Body(term=term, kind="special_committee", name=n)
        for n in ("法制委员会", "财政经济委员会", "教育科学文化卫生委员会", "城乡建设环境保护委员会", "农业农村委员会", "社会建设委员会")
    )  # fmt: skip
    sc_members = deputies[: min(55, len(deputies))]
    started = date(2022, 1, 20)
    members = [
        org.Membership(body=sc, deputy_id=d, role="chair" if k == 0 else "vice_chair" if k < 7 else "member", started_on=started)
        for k, d in enumerate(sc_members)
    ]  # fmt: skip
    members += [
        org.Membership(body=council, deputy_id=d, role="chair" if k == 0 else "vice_chair", started_on=started)
        for k, d in enumerate(sc_members[:7])
    ]
    for k, body in enumerate(committees):
        members += [
            org.Membership(body=body, deputy_id=d, started_on=started) for d in sc_members[7 + k * 6 : 13 + k * 6]
        ]
    org.Membership.objects.bulk_create(members)
    units = org.HandlingUnit.objects.bulk_create(
        org.HandlingUnit(
            congress=congress,
            name=UNIT_NAMES[k] if k < len(UNIT_NAMES) else f"市第{k}承办单位",
            kind="court" if "法院" in UNIT_NAMES[k % len(UNIT_NAMES)] else "government_department",
            contact_name=_name(rng),
            contact_phone=f"0571{rng.randrange(10**7):07d}",
        )
        for k in range(p.units)
    )
    officials = org.Official.objects.bulk_create(
        org.Official(congress=congress, name=_name(rng) + str(k), title="副市长") for k in range(6)
    )
    for k, o in enumerate(officials):
        o.portfolio.set(units[k::6])
    stations = org.LiaisonStation.objects.bulk_create(
        org.LiaisonStation(
            congress=congress, name=f"{DISTRICTS[k % 10]}第{k + 1}代表联络站", district=DISTRICTS[k % 10]
        )
        for k in range(p.stations)
    )
    org.LiaisonPoint.objects.bulk_create(
        org.LiaisonPoint(station=s, name=f"{s.name}社区联络点{j + 1}") for s in stations for j in range(2)
    )
    through = org.LiaisonStation.deputies.through
    through.objects.bulk_create(
        through(liaisonstation_id=s.pk, deputy_id=d)
        for k, s in enumerate(stations)
        for d in deputies[k :: len(stations)]
    )
    pre = f"scale-{c}"
    users: dict[str, list[int]] = {}

    def add(role: str, key: str, rows: list[dict[str, Any]]) -> None:
        ids = w.ids(org.User, len(rows))
        w.write(
            org.User,
            (
                {"id": pk, "password": "!", "role": role, "congress_id": congress.pk, "is_active": True, "date_joined": w.now, **r}
                for pk, r in zip(ids, rows, strict=True)
            ),
        )  # fmt: skip
        users[key] = list(ids)

    add("staff", "staff", [{"username": f"{pre}-staff", "display_name": "工作人员"}])
    add("supervisor", "supervisor", [{"username": f"{pre}-supervisor", "display_name": "督办领导"}])
    add("unit_officer", "unit", [{"username": f"{pre}-unit-{u.pk}", "handling_unit_id": u.pk} for u in units])
    add(
        "station_operator",
        "station",
        [{"username": f"{pre}-station-{s.pk}", "liaison_station_id": s.pk} for s in stations],
    )
    add("deputy", "deputy", [{"username": f"{pre}-deputy-{d}", "deputy_id": d} for d in deputies])
    return {
        "congress": congress.pk,
        "term": term.pk,
        "session": session.pk,
        "sc": sc.pk,
        "council": council.pk,
        "committees": [b.pk for b in committees],
        "deputies": deputies,
        "sc_members": sc_members,
        "units": [u.pk for u in units],
        "officials": [o.pk for o in officials],
        "stations": [s.pk for s in stations],
        "users": users,
    }


# Proposal status → share; assignment states per proposal status (lead, co).
PROPOSAL_MIX = [
    ("draft", 0.01), ("submitted", 0.02), ("registered", 0.03), ("assigned", 0.42), ("replied", 0.17),
    ("rehandling", 0.03), ("closed", 0.32),
]  # fmt: skip
OPEN_LEAD = ["assigned", "received", "received", "received", "reassign_requested"]
OPEN_CO = ["assigned", "received", "opinion_sent"]


def _pick(rng: random.Random, mix: list[tuple[str, float]]) -> str:
    x = rng.random()
    for value, share in mix:
        x -= share
        if x < 0:
            return value
    return mix[-1][0]


def _suggestions(w: Writer, p: Params, orgs: list[dict[str, Any]], rng: random.Random) -> dict[str, int]:
    from renda.proposals import models as pm
    from renda.proposals.publication import fill_public_rows

    per = p.suggestions // p.congresses
    with_assignments = sum(1 for _ in range(per))  # refined below per proposal
    prop_ids = w.ids(pm.Proposal, per * p.congresses)
    plan: list[tuple[int, dict[str, Any], str, list[tuple[int, str]]]] = []
    key_rows, assign_rows, reply_rows, recipient_rows, eval_rows, event_rows = [], [], [], [], [], []
    it = iter(prop_ids)
    # spread p.assignments over the proposals that have assignments (about 94%): 3 each, remainder +1
    n_assigned_props = 0
    statuses = []
    for _c in range(p.congresses):
        for _ in range(per):
            s = _pick(rng, PROPOSAL_MIX)
            statuses.append(s)
            n_assigned_props += s not in ("draft", "submitted", "registered")
    base_k, extra = divmod(p.assignments, max(1, n_assigned_props))
    del with_assignments
    n = 0
    for ci, o in enumerate(orgs):
        staff = o["users"]["staff"][0]
        for j in range(per):
            pk = next(it)
            status = statuses[ci * per + j]
            is_key = rng.random() < 0.01 and status in ("assigned", "replied", "closed")
            submitted = datetime(2026, 1, 11, 2, tzinfo=UTC) + timedelta(minutes=rng.randrange(60 * 24 * 300))
            row = {
                "id": pk,
                "congress_id": o["congress"],
                "session_id": o["session"] if j % 3 else None,
                "kind": "suggestion",
                "submitted_as": "suggestion",
                "status": status,
                "number": "" if status in ("draft", "submitted") else f"建议第{j + 1:05d}号",
                "serial": None if status in ("draft", "submitted") else j + 1,
                "title": f"关于{rng.choice(('加强', '改善', '推进', '规范', '加快'))}{rng.choice(DISTRICTS)}"
                f"{rng.choice(('老旧小区改造', '停车设施建设', '学前教育', '农村公路养护', '河道治理', '社区养老'))}的建议",
                "body": "建议内容：" + "相关部门应当统筹规划，加大投入，完善机制。" * 8,
                "topic": rng.choice(TOPIC_NAMES),
                "lead_deputy_id": rng.choice(o["deputies"]),
                "submitted_at": submitted if status != "draft" else None,
                "registered_at": submitted + timedelta(days=2) if status not in ("draft", "submitted") else None,
                "is_key": is_key,
                "closed_at": submitted + timedelta(days=200) if status == "closed" else None,
            }
            plan.append((pk, row, status, []))
            if status in ("draft", "submitted", "registered"):
                continue
            k = base_k + (1 if extra > 0 else 0)
            extra -= 1 if extra > 0 else 0
            chosen = rng.sample(o["units"], min(k, len(o["units"])))
            assigned_on = date(2026, 2, 1) + timedelta(days=rng.randrange(250))
            for m, unit in enumerate(chosen):
                lead = m < max(1, k - 1) if k > 1 else True
                if status == "assigned":
                    st = rng.choice(OPEN_LEAD if lead else OPEN_CO)
                elif status == "replied":
                    st = "replied" if lead else "opinion_sent"
                elif status == "rehandling":
                    st = "rehandling" if lead else "opinion_sent"
                else:
                    st = "closed"
                due = assigned_on + timedelta(days=91 if lead else 30)
                assign_rows.append(
                    {
                        "proposal_id": pk,
                        "congress_id": o["congress"],
                        "unit_id": unit,
                        "role": "lead" if lead else "co",
                        "status": st,
                        "assigned_on": assigned_on,
                        "assigned_by_id": staff,
                        "received_on": None if st == "assigned" else assigned_on + timedelta(days=2),
                        "due_date": due,
                        "due_rule": "S3" if lead else "S8",
                        "extension_status": "requested" if st == "received" and rng.random() < 0.03 else "",
                        "opinion": "会办意见：同意主办单位意见。" if st == "opinion_sent" else "",
                    }
                )
            if is_key:
                key_rows.append(
                    {
                        "proposal_id": pk,
                        "designated_by_id": o["council"],
                        "designated_on": assigned_on,
                        "vice_chair_id": o["sc_members"][1 % len(o["sc_members"])],
                        "leading_official_id": rng.choice(o["officials"]),
                        "committee_id": rng.choice(o["committees"]),
                        "urging_unit_id": o["units"][0],
                    }
                )
            event_rows.append(
                {"proposal_id": pk, "actor_id": staff, "action": "assign", "from_status": "registered",
                 "to_status": "assigned", "at": datetime.combine(assigned_on, datetime.min.time(), UTC)}
            )  # fmt: skip
            n += 1
    fill_public_rows("proposals.Proposal", (r for _, r, _, _ in plan))  # the masked public copies (S21)
    w.write(pm.Proposal, (r for _, r, _, _ in plan))
    a_ids = w.ids(pm.Assignment, len(assign_rows))
    for pk, r in zip(a_ids, assign_rows, strict=True):
        r["id"] = pk
    w.write(pm.Assignment, assign_rows)
    w.write(
        pm.KeySupervision,
        ({"id": pk, **r} for pk, r in zip(w.ids(pm.KeySupervision, len(key_rows)), key_rows, strict=True)),
    )
    w.write(
        pm.ProposalEvent,
        ({"id": pk, **r} for pk, r in zip(w.ids(pm.ProposalEvent, len(event_rows)), event_rows, strict=True)),
    )
    lead_of = {pk: row["lead_deputy_id"] for pk, row, _, _ in plan}
    status_of = {pk: s for pk, _, s, _ in plan}
    for a in assign_rows:
        if a["role"] == "lead" and a["status"] in ("replied", "rehandling", "closed"):
            replied = a["assigned_on"] + timedelta(days=rng.randrange(30, 90))
            reply_rows.append(
                {
                    "assignment_id": a["id"],
                    "round": 1,
                    "text": "答复内容：" + "我单位高度重视，认真研究，已采取措施。" * 10,
                    "reply_class": rng.choice("AAB C".replace(" ", "")),
                    "signer_name": "张三",
                    "signer_title": "局长",
                    "replied_on": replied,
                    "evaluation_due": replied + timedelta(days=21),
                    "publish_on": replied + timedelta(days=30),
                }
            )
    r_ids = w.ids(pm.Reply, len(reply_rows))
    for pk, r in zip(r_ids, reply_rows, strict=True):
        r["id"] = pk
    fill_public_rows("proposals.Reply", reply_rows)
    w.write(pm.Reply, reply_rows)
    prop_of_assignment = {a["id"]: a["proposal_id"] for a in assign_rows}
    for r in reply_rows:
        prop = prop_of_assignment[r["assignment_id"]]
        deputy = lead_of[prop]
        recipient_rows.append(
            {"reply_id": r["id"], "proposal_id": prop, "deputy_id": deputy,
             "delivered_at": datetime.combine(r["replied_on"], datetime.min.time(), UTC)}
        )  # fmt: skip
        if status_of[prop] in ("closed", "rehandling"):
            sat = (
                "dissatisfied"
                if status_of[prop] == "rehandling"
                else rng.choice(("satisfied", "satisfied", "basically"))
            )
            eval_rows.append(
                {"reply_id": r["id"], "deputy_id": deputy, "attitude": sat, "result": sat,
                 "comment": "" if sat == "satisfied" else "答复未解决实际问题。"}
            )  # fmt: skip
    w.write(
        pm.ReplyRecipient,
        ({"id": pk, **r} for pk, r in zip(w.ids(pm.ReplyRecipient, len(recipient_rows)), recipient_rows, strict=True)),
    )
    w.write(
        pm.Evaluation, ({"id": pk, **r} for pk, r in zip(w.ids(pm.Evaluation, len(eval_rows)), eval_rows, strict=True))
    )
    return {"suggestions": len(plan), "assignments": len(assign_rows), "replies": len(reply_rows), "evaluations": len(eval_rows), "key": len(key_rows)}  # fmt: skip


OPINION_MIX = [
    ("received", 0.10),
    ("triaged", 0.10),
    ("routed", 0.30),
    ("answered", 0.20),
    ("closed", 0.25),
    ("follow_up", 0.05),
]


def _base_messages(limit: int | None = None) -> list[tuple[str, str, str, str]]:
    """(title, text, label, segmented search text) of the real messages; a synthetic few without them."""
    from renda.liaison import intelligence

    try:
        from liaison_common import real_messages

        raw = real_messages()
    except SystemExit:
        from renda.liaison.demo import SYNTHETIC

        raw = [(t, b.format(p=d), label) for t, b, label in SYNTHETIC for d in DISTRICTS]
    if limit:
        raw = raw[:limit]
    out = []
    for title, text, label in raw:
        cleaned = intelligence.clean(f"{title}\n{text}")
        out.append((title[:200], text[:10_000], label, intelligence.segment_for_index(cleaned)))
    return out


def _opinions(w: Writer, p: Params, orgs: list[dict[str, Any]], rng: random.Random) -> dict[str, int]:
    from renda.liaison import models as lm
    from renda.liaison.services import topic_for_label

    topics = {name: topic_for_label(name).pk for name in OPINION_TOPICS}
    base = _base_messages(None if p.opinions >= 100_000 else 500)
    vocab = sorted({x for *_, s in base[:3000] for x in s.split() if len(x) > 1}) or ["停车"]
    per = p.opinions // p.congresses
    ids = iter(w.ids(lm.Opinion, per * p.congresses))
    start = datetime(2025, 1, 1, tzinfo=UTC)
    span = int((datetime(2026, 11, 30, tzinfo=UTC) - start).total_seconds() // 60)
    routes = []
    for o in orgs:
        for k, name in enumerate(OPINION_TOPICS):
            routes.append(
                {"congress_id": o["congress"], "topic_id": topics[name], "unit_id": o["units"][k % len(o["units"])]}
            )
    w.write(lm.TopicRoute, ({"id": pk, **r} for pk, r in zip(w.ids(lm.TopicRoute, len(routes)), routes, strict=True)))

    def rows() -> Iterator[dict[str, Any]]:
        for ci, o in enumerate(orgs):
            units = o["units"]
            for i in range(per):
                pk = next(ids)
                title, text, label, search = rng.choice(base)
                status = _pick(rng, OPINION_MIX)
                predicted = topics.get(label) or rng.choice(list(topics.values()))
                received = start + timedelta(minutes=rng.randrange(span))
                routed = status in ("routed", "answered", "closed", "follow_up")
                answered = status in ("answered", "closed", "follow_up")
                yield {
                    "id": pk,
                    "congress_id": o["congress"],
                    "station_id": rng.choice(o["stations"]) if rng.random() < 0.6 else None,
                    "source": rng.choice(("import", "station", "web")),
                    "external_id": f"S{ci}-{i}",
                    "citizen_name": _name(rng),
                    "citizen_phone": f"138{rng.randrange(10**8):08d}",
                    "district": rng.choice(DISTRICTS),
                    "title": title,
                    "text": text,
                    "received_at": received,
                    "content_hash": f"{pk:064x}",
                    "search_text": f"{search} {rng.choice(vocab)}",
                    "source_label": label,
                    "predicted_topic_id": predicted,
                    "confidence": round(rng.uniform(0.3, 0.99), 3),
                    "topic_id": predicted if status != "received" else None,
                    "status": status,
                    "unit_id": rng.choice(units) if routed else None,
                    "answer": "已转相关部门处理，感谢您的反映。" if answered else "",
                    "answered_at": received + timedelta(days=10) if answered else None,
                    "rating": rng.choice((3, 4, 5)) if status == "closed" else None,
                    "tracking_code": f"Z{pk:012d}",
                    "likes": rng.choice((0, 0, 0, 1, 2, 5, 13)),
                    "dislikes": rng.choice((0, 0, 1)),
                }

    n = w.write(lm.Opinion, rows())
    snaps = []
    for o in orgs:
        until = datetime(2026, 11, 30, tzinfo=UTC)
        data = [
            {
                "keywords": [rng.choice(vocab) for _ in range(3)],
                "heat": round(100 - k * 3.1, 2),
                "count": 400 - k * 9,
                "likes": 120 - k,
                "first": "2026-01-03T08:00:00+00:00",
                "last": "2026-11-28T08:00:00+00:00",
                "title": rng.choice(base)[0],
                "opinion_ids": [],
            }
            for k in range(20)
        ]
        snaps.append({"congress_id": o["congress"], "since": until - timedelta(days=365), "until": until,
                      "opinion_count": per, "data": data})  # fmt: skip
    w.write(
        lm.HotTopicSnapshot,
        ({"id": pk, **r} for pk, r in zip(w.ids(lm.HotTopicSnapshot, len(snaps)), snaps, strict=True)),
    )
    return {"opinions": n}


def _meetings(w: Writer, p: Params, orgs: list[dict[str, Any]], rng: random.Random) -> dict[str, int]:
    from renda.meetings import models as mm

    meetings, attendance, items, polls, options = [], [], [], [], []
    for o in orgs:
        specs = [("plenary", None, o["deputies"], "大会第四次会议全体会议")]
        specs += [("standing_committee", o["sc"], o["sc_members"], "常务委员会第{n}次会议")] * 8
        specs += [("council_of_chairpersons", o["council"], o["sc_members"][:7], "第{n}次主任会议")] * 4
        counter: dict[str, int] = {}
        for kind, body, roster, title in specs:
            counter[kind] = counter.get(kind, 0) + 1
            num = counter[kind]
            mid = w.ids(mm.Meeting, 1)[0]
            live = kind == "plenary"  # the session's plenary is sitting: the console's busiest case
            starts = datetime(2026, 1, 12, 1, tzinfo=UTC) + timedelta(days=30 * num + 3)
            if live:
                starts = datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(hours=1)
            closed = not live and starts.date() < TODAY - timedelta(days=20)
            meetings.append(
                {"id": mid, "congress_id": o["congress"], "term_id": o["term"],
                 "session_id": o["session"] if kind == "plenary" else None, "body_id": body, "kind": kind,
                 "number": num, "title": title.format(n=num), "starts_at": starts, "location": "市人大常委会会议室",
                 "status": "in_progress" if live else "closed" if closed else "planned",
                 "quorum_rule": "majority_of_all", "roster_size": len(roster), "presiding": "主任"}
            )  # fmt: skip
            for d in roster:
                if closed:
                    st = rng.choice(("present",) * 9 + ("leave",))
                elif live:
                    st = rng.choice(("present",) * 14 + ("leave", "expected", "expected", "expected"))
                else:
                    st = "expected"
                attendance.append({"meeting_id": mid, "deputy_id": d, "status": st,
                                   "checked_in_at": starts if st == "present" else None})  # fmt: skip
            for order in range(1, 7):
                iid = w.ids(mm.AgendaItem, 1)[0]
                items.append({"id": iid, "meeting_id": mid, "order": order, "title": f"审议{rng.choice(DISTRICTS)}有关事项的报告（{order}）",
                              "kind": "resolution", "threshold": "majority_of_all"})  # fmt: skip
                pid = w.ids(mm.Poll, 1)[0]
                present = int(len(roster) * 0.9)
                done = closed or (live and order <= 3)
                status = "published" if done else "open" if live and order == 4 else "created"
                started = done or status == "open"
                polls.append({"id": pid, "item_id": iid, "title": f"表决事项{order}", "kind": "motion",
                              "method": "electronic", "status": status,
                              "electorate": len(roster) if started else None, "present": present if started else None,
                              "votes_cast": present if done else 0, "passed": True if done else None,
                              "opened_at": starts if started else None, "closed_at": starts if done else None,
                              "result_text": "通过" if done else ""})  # fmt: skip
                options.append({"poll_id": pid, "order": 1, "label": "赞成该议题",
                                "counts": {"yes": present - 3, "no": 1, "abstain": 2} if done else {}})  # fmt: skip
    from renda.meetings.rules import QuorumRule, Threshold

    qr, th = next(iter(QuorumRule)).value, next(iter(Threshold)).value
    for m in meetings:
        m["quorum_rule"] = qr
    for x in items + polls:
        x["threshold"] = th
    w.write(mm.Meeting, meetings)
    w.write(
        mm.Attendance,
        ({"id": pk, **r} for pk, r in zip(w.ids(mm.Attendance, len(attendance)), attendance, strict=True)),
    )
    w.write(mm.AgendaItem, items)
    w.write(mm.Poll, polls)
    w.write(mm.PollOption, ({"id": pk, **r} for pk, r in zip(w.ids(mm.PollOption, len(options)), options, strict=True)))
    return {"meetings": len(meetings), "agenda_items": len(items), "polls": len(polls)}


BIG_TABLES = [
    "liaison_opinion", "proposals_proposal", "proposals_assignment", "proposals_reply", "proposals_replyrecipient",
    "proposals_evaluation", "proposals_proposalevent", "meetings_attendance",
]  # fmt: skip


def _marker(create: bool = True) -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
        if create:
            cur.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (params text PRIMARY KEY, loaded_at text, seconds real)")
        cur.execute(f"SELECT params FROM {MARKER}")
        return [r[0] for r in cur.fetchall()]


def _reset() -> None:
    """TRUNCATE every table of the apps the dataset fills (a dedicated benchmark database only)."""
    from django.apps import apps
    from django.db import connection

    labels = {"organization", "proposals", "liaison", "meetings"}
    tables = [m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.app_label in labels]
    tables += [
        m._meta.db_table
        for m in apps.get_models()
        if m.__name__.startswith("Historical") and m._meta.app_label in labels
    ]
    with connection.cursor() as cur:
        cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in sorted(set(tables))) + " CASCADE")
        cur.execute(f"DELETE FROM {MARKER}")


def _record_marker(p: Params, t0: float) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s)",
            [p.key(), datetime.now(UTC).isoformat(), time.perf_counter() - t0],
        )


def _restore_pending() -> None:
    """Run the index and foreign-key statements a load left in ``PENDING`` (all of them after a load's
    commit; those not yet done when a load was interrupted while building them), two at a time, then
    empty it. Does nothing when the table is missing or empty. Raises the first failing statement's
    error (the table keeps its rows, so the next load tries again)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", [PENDING])
        if cur.fetchone()[0] is None:
            return
        cur.execute(f"SELECT statement FROM {PENDING}")
        statements = [r[0] for r in cur.fetchall()]
        cur.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "UNION SELECT conname FROM pg_constraint"
        )
        present = {r[0] for r in cur.fetchall()}
    todo = [sql for sql in statements if _object_name(sql) not in present]
    if todo:
        build_in_parallel(_conninfo(), todo)
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {PENDING}")


def _object_name(statement: str) -> str:
    """The index or constraint a pending statement creates: ``CREATE [UNIQUE] INDEX name ON …`` or
    ``ALTER TABLE "t" ADD CONSTRAINT "name" …``."""
    words = statement.replace('"', "").split()
    return words[words.index("CONSTRAINT") + 1] if "CONSTRAINT" in words else words[words.index("INDEX") + 1]


def _conninfo() -> str:
    """A libpq connection string for Django's default database (for the extra build connections)."""
    from django.db import connection
    from psycopg.conninfo import make_conninfo

    d = connection.settings_dict
    return make_conninfo(
        dbname=d["NAME"], user=d["USER"] or None, password=d["PASSWORD"] or None, host=d["HOST"] or None,
        port=str(d["PORT"]) if d["PORT"] else None,
    )  # fmt: skip


def load(params: Params | None = None, *, reset: bool = False, log: Any = print) -> dict[str, Any]:
    """Fill the current database (Django set up) with the dataset of ``params`` unless it is there.

    Returns ``{"loaded": bool, "seconds": float, "congress_ids": [...], "users": {"staff": [ids…],
    "supervisor", "unit", "station", "deputy"}, "counts": {...}}`` (counts only when loaded now).

    Raises:
        RuntimeError: another parameter set is loaded in this database and ``reset`` is false.
    """
    from django.db import connection, transaction

    from renda.organization.models import Congress, User

    p = params or Params()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _restore_pending()  # a load interrupted while building its indexes: build them first
    present = _marker()
    codes = [f"97{c:02d}00" for c in range(p.congresses)]
    if p.key() in present:
        return {"loaded": False, "seconds": 0.0, **_describe(codes)}
    if present:
        if not reset:
            raise RuntimeError(f"{MARKER} holds another dataset ({present[0]}); use another database or reset=True")
        _reset()
    if (
        Congress.objects.filter(region_code__in=codes).exists()
        or User.objects.filter(username__startswith="scale-").exists()
    ):
        raise RuntimeError("scale-* rows without a marker (a load was interrupted?): reset=True to start again")
    t0 = time.perf_counter()
    rng = random.Random(p.seed)
    w = Writer()
    dropped: list[tuple[str, str]] = []
    fks: list[tuple[str, str, str]] = []
    counts: dict[str, int] = {}
    # Outside a transaction (a real load, not a test's) the indexes are built after the data commits, two
    # at a time on their own connections; the statements wait in PENDING until then (see _restore_pending).
    in_parallel = w.pg and not connection.in_atomic_block
    with transaction.atomic():
        if w.pg:
            dropped = _secondary_indexes(BIG_TABLES)
            fks = _foreign_keys(BIG_TABLES)
            with connection.cursor() as cur:
                for table, name, _ in fks:
                    cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                for name, _ in dropped:
                    cur.execute(f'DROP INDEX "{name}"')
        orgs = [_organisation(w, p, c, rng) for c in range(p.congresses)]
        log(f"organisation of {p.congresses} congresses in {time.perf_counter() - t0:.0f} s")
        counts.update(_suggestions(w, p, orgs, rng))
        log(f"suggestions {counts} at {time.perf_counter() - t0:.0f} s")
        counts.update(_meetings(w, p, orgs, rng))
        counts.update(_opinions(w, p, orgs, rng))
        log(f"opinions at {time.perf_counter() - t0:.0f} s")
        from django.apps import apps

        w.reset_sequences(
            m for m in apps.get_models() if m._meta.app_label in {"organization", "proposals", "liaison", "meetings"}
        )
        statements = [definition for _, definition in dropped] + [
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}' for table, name, definition in fks
        ]
        if w.pg:
            with connection.cursor() as cur:
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the queued foreign keys (small tables)
                if in_parallel:
                    cur.execute(f"CREATE TABLE IF NOT EXISTS {PENDING} (statement text)")
                    for sql in statements:
                        cur.execute(f"INSERT INTO {PENDING} VALUES (%s)", [sql])
                else:
                    cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
                    for sql in statements:
                        cur.execute(sql)
        if not in_parallel:
            _record_marker(p, t0)
    if in_parallel:
        _restore_pending()
        with transaction.atomic():
            _record_marker(p, t0)
    if w.pg:
        log(f"indexes rebuilt at {time.perf_counter() - t0:.0f} s")
    if w.pg and not connection.in_atomic_block:  # (inside a test's transaction VACUUM is not allowed)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")  # statistics and the visibility map (index-only scans), as autovacuum would
    seconds = time.perf_counter() - t0
    log(f"loaded in {seconds:.0f} s (ANALYZE included)")
    return {"loaded": True, "seconds": seconds, "counts": counts, **_describe(codes)}


def _describe(codes: list[str]) -> dict[str, Any]:
    from renda.organization.models import Congress, User

    ids = list(Congress.objects.filter(region_code__in=codes).order_by("region_code").values_list("pk", flat=True))
    users: dict[str, list[int]] = {}
    for role, key in (("staff", "staff"), ("supervisor", "supervisor"), ("unit_officer", "unit"),
                      ("station_operator", "station"), ("deputy", "deputy")):  # fmt: skip
        users[key] = list(
            User.objects.filter(username__startswith="scale-", role=role)
            .order_by("congress__region_code", "pk")
            .values_list("pk", flat=True)
        )
    return {"congress_ids": ids, "users": users}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--congresses", type=int, default=Params.congresses)
    ap.add_argument("--suggestions", type=int, default=Params.suggestions)
    ap.add_argument("--assignments", type=int)
    ap.add_argument("--opinions", type=int, default=Params.opinions)
    ap.add_argument("--reset", action="store_true", help="TRUNCATE an earlier dataset of other parameters first")
    args = ap.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if url.startswith("postgres"):
        ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    p = Params(
        congresses=args.congresses,
        suggestions=args.suggestions,
        assignments=args.assignments or args.suggestions * 3,
        opinions=args.opinions,
    )
    info = load(p, reset=args.reset)
    print(json.dumps({k: v for k, v in info.items() if k != "users"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
