"""Move a SQLite deployment into PostgreSQL and prove nothing changed (issue 12, "Build").

:func:`move` creates Renda's schema in an empty PostgreSQL database (``migrate``: tables, constraints,
the search column and the audit triggers), copies every row of every table in one transaction, resets
the id sequences, then compares each table's row count and a SHA-256 over its rows (in id order,
canonical values) between the two databases.

A database that already holds users is refused (it may be in use); one left with Renda's schema and
no rows by an earlier refused attempt is reused. All or nothing: a row PostgreSQL refuses (a value longer than its column, a broken constraint SQLite
let through) is named with its table, id and the database's message; every refused row is listed,
and then nothing is kept in PostgreSQL, so the operator fixes the rows in SQLite and runs it again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction

from config.env import database_config
from renda.core.audit import canonical

TARGET = "renda_move_target"
CHUNK = 2000


class MoveError(Exception):
    """The move was refused or failed; nothing is kept in the target. ``rows`` names refused rows."""

    def __init__(self, message: str, rows: list[str] | None = None):
        super().__init__(message)
        self.rows = rows or []


def _models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.abstract
    ]


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _rows(model: type[models.Model], alias: str) -> Iterator[tuple[Any, ...]]:
    names = [f.attname for f in _fields(model)]
    qs = model._base_manager.using(alias).order_by("pk").values_list(*names)
    yield from qs.iterator(chunk_size=CHUNK)


def _canon(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return canonical(value)


def table_digest(model: type[models.Model], alias: str) -> tuple[int, str]:
    """(row count, SHA-256 over the rows in id order) of one table in the database ``alias``."""
    digest = hashlib.sha256()
    n = 0
    for row in _rows(model, alias):
        n += 1
        digest.update(json.dumps([_canon(v) for v in row], ensure_ascii=False, default=str).encode())
    return n, digest.hexdigest()


@dataclass
class MoveReport:
    """What :func:`move` copied: rows per table and the tables whose count or digest differ (none on success)."""

    copied: dict[str, int] = field(default_factory=dict)
    mismatches: dict[str, str] = field(default_factory=dict)


def _insert(model: type[models.Model], target: Any, cursor: Any, rows: list[tuple[Any, ...]]) -> None:
    fields = _fields(model)
    qn = target.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    prepared = [
        tuple(f.get_db_prep_save(v, connection=target) for f, v in zip(fields, row, strict=True)) for row in rows
    ]
    cursor.executemany(sql, prepared)


def _copy(model: type[models.Model], target: Any, cursor: Any, refused: list[str]) -> int:
    n = 0
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        try:
            with transaction.atomic(using=TARGET):
                _insert(model, target, cursor, batch)
        except DatabaseError:
            for row in batch:  # find the rows the database refuses, one by one
                try:
                    with transaction.atomic(using=TARGET):
                        _insert(model, target, cursor, [row])
                except DatabaseError as exc:
                    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                    refused.append(f"{model._meta.db_table} id={row[0]}：{first}")

    for row in _rows(model, "default"):
        batch.append(row)
        n += 1
        if len(batch) >= CHUNK:
            flush()
            batch = []
    if batch:
        flush()
    return n


def move(url: str) -> MoveReport:
    """Copy the current (SQLite) database into the empty PostgreSQL database at ``url``.

    Args:
        url: ``postgres://user:password@host:port/name`` of an existing, empty database.
    Returns:
        Rows copied per table; ``mismatches`` is empty when every count and digest matched.
    Raises:
        MoveError: the source is not SQLite, the target is not PostgreSQL or not empty, or rows were
            refused (listed in ``rows``; nothing is kept).
    """
    if connections["default"].vendor != "sqlite":
        raise MoveError("源数据库不是 SQLite：本命令把 SQLite 部署迁入 PostgreSQL")
    config = database_config(url, default_sqlite=None)  # type: ignore[arg-type]
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise MoveError("目标须是 PostgreSQL 数据库（postgres://…）")
    default = connections.settings["default"]
    connections.settings[TARGET] = connections.configure_settings({"default": default, TARGET: config})[TARGET]
    try:
        return _move()
    finally:
        connections[TARGET].close()
        del connections.settings[TARGET]


def _move() -> MoveReport:
    target = connections[TARGET]
    with target.cursor() as cursor:
        users = get_user_model()._meta.db_table
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"public.{users}"])
        if cursor.fetchone()[0]:
            cursor.execute(f"SELECT count(*) FROM {target.ops.quote_name(users)}")
            if cursor.fetchone()[0]:
                raise MoveError("目标数据库已有用户数据：请新建一个空数据库（以免覆盖正在使用的数据）")
    call_command("migrate", database=TARGET, verbosity=0, interactive=False)
    call_command("createcachetable", database=TARGET, verbosity=0)
    report = MoveReport()
    refused: list[str] = []
    all_models = _models()
    with transaction.atomic(using=TARGET), target.cursor() as cursor:
        tables = ", ".join(target.ops.quote_name(m._meta.db_table) for m in all_models)
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")  # rows `migrate` itself wrote
        for model in all_models:
            report.copied[model._meta.label_lower] = _copy(model, target, cursor, refused)
        if refused:
            transaction.set_rollback(True, using=TARGET)
        else:
            for sql in target.ops.sequence_reset_sql(no_style(), all_models):
                cursor.execute(sql)
    if refused:
        raise MoveError(f"PostgreSQL 拒绝了 {len(refused)} 行，未迁入任何数据；请在 SQLite 中修正后重试", refused)
    for model in all_models:
        source, moved = table_digest(model, "default"), table_digest(model, TARGET)
        if source != moved:
            report.mismatches[model._meta.label_lower] = (
                f"源 {source[0]} 行，目标 {moved[0]} 行，摘要{'相同' if source[1] == moved[1] else '不同'}"
            )
    return report
