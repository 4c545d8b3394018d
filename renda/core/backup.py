"""Backup and restore of a deployment: the database and the uploaded files together (issue 12 item 10).

One archive, ``renda-backup-<YYYYmmdd-HHMMSS>.tar.gz``, holds:

* the database: SQLite through its online backup API (consistent while the app runs), PostgreSQL
  through ``pg_dump --format=custom`` (both under ``database/``);
* every file under ``MEDIA_ROOT`` (photos, reply documents, attachments) under ``media/``;
* ``manifest.json``: when, which engine, the applied migrations, the row count of every table and the
  SHA-256 of every file in the archive.

:func:`restore` checks every file against the manifest *before* touching anything (a damaged or
edited archive is refused), replaces the database and the media files, then counts the rows again
and reports each table whose count differs from the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """The backup or restore could not be done; the message says why (in Chinese)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    """Rows per table of every installed model (``app_label.model`` → count), unmanaged ones excluded."""
    return {
        m._meta.label_lower: m._base_manager.count()
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    }


def _pg_env() -> tuple[dict[str, str], list[str]]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["-h", str(db.get("HOST") or "localhost"), "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return env, [*args, "-d", str(db["NAME"])]


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise BackupError(f"找不到 PostgreSQL 工具 {name}（apt-get install -y postgresql-client）")


def _dump_database(target: Path) -> str:
    """Write the database into ``target`` (a directory); returns the file name written."""
    if connection.vendor == "sqlite":
        out = target / "renda.sqlite3"
        connection.ensure_connection()
        dst = sqlite3.connect(out)
        try:
            connection.connection.backup(dst)  # type: ignore[union-attr]
        finally:
            dst.close()
        return out.name
    if connection.vendor == "postgresql":
        out = target / "renda.pgdump"
        env, args = _pg_env()
        result = subprocess.run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(out), *args],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()[:300]}")
        return out.name
    raise BackupError(f"不支持的数据库：{connection.vendor}")


@dataclass
class BackupResult:
    """What :func:`backup` wrote: the archive and its manifest."""

    path: Path
    manifest: dict[str, Any]


def backup(out_dir: Path, *, now: datetime | None = None) -> BackupResult:
    """Write one dated archive of the database and ``MEDIA_ROOT`` into ``out_dir``.

    Args:
        out_dir: directory for the archive (created if missing).
        now: the time in the archive's name (default now, local time).
    Returns:
        The archive path and its manifest.
    Raises:
        BackupError: the database could not be dumped.
    """
    stamp = timezone.localtime(now or timezone.now())
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"renda-backup-{stamp:%Y%m%d-%H%M%S}.tar.gz"
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        (staging / "database").mkdir()
        db_name = _dump_database(staging / "database")
        files: dict[str, str] = {f"database/{db_name}": _sha256(staging / "database" / db_name)}
        media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        for p in media_files:
            files["media/" + p.relative_to(media).as_posix()] = _sha256(p)
        manifest = {
            "format": FORMAT,
            "created_at": stamp.isoformat(),
            "engine": connection.vendor,
            "database_file": f"database/{db_name}",
            "migrations": sorted(f"{a}.{n}" for a, n in MigrationRecorder(connection).applied_migrations()),
            "row_counts": row_counts(),
            "files": files,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        with tarfile.open(path, "w:gz") as tar:
            tar.add(staging / MANIFEST, arcname=MANIFEST)
            tar.add(staging / "database" / db_name, arcname=f"database/{db_name}")
            for p in media_files:
                tar.add(p, arcname="media/" + p.relative_to(media).as_posix())
    return BackupResult(path, manifest)


@dataclass
class RestoreResult:
    """What :func:`restore` did: the manifest it followed and each table whose row count differs."""

    manifest: dict[str, Any]
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Every table has the row count the manifest recorded."""
        return not self.mismatches


def _check_archive(root: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((root / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError("备份文件缺少或损坏了清单 manifest.json") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')}")
    for name, digest in manifest["files"].items():
        p = root / name
        if not p.is_file():
            raise BackupError(f"备份文件缺少 {name}")
        if _sha256(p) != digest:
            raise BackupError(f"备份文件中的 {name} 与清单的哈希不符（文件被改动或损坏）")
    extra = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != MANIFEST} - set(
        manifest["files"]
    )
    if extra:
        raise BackupError(f"备份文件中有清单之外的文件：{'、'.join(sorted(extra))[:200]}")
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"备份来自 {manifest['engine']}，当前数据库是 {connection.vendor}：请用相同的数据库恢复")
    return manifest


def _safe_extract(archive: Path, root: Path) -> None:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(root, filter="data")  # refuses absolute paths, .. and links out of root
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件：{exc}") from exc


def _load_database(path: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(path)
        try:
            src.backup(connection.connection)  # type: ignore[arg-type]
        finally:
            src.close()
        return
    env, args = _pg_env()
    connections.close_all()
    result = subprocess.run(
        [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(path)],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore 失败：{result.stderr.strip()[:300]}")


def restore(archive: Path) -> RestoreResult:
    """Replace the database and ``MEDIA_ROOT`` with the archive's, after checking it whole.

    Args:
        archive: a file written by :func:`backup`.
    Returns:
        The manifest and the tables whose row counts differ after the restore (empty: all match).
    Raises:
        BackupError: the archive is unreadable, incomplete, altered (a hash differs), from another
            database engine, or the database could not be loaded. Nothing is changed in the first
            four cases.
    """
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _safe_extract(archive, root)
        manifest = _check_archive(root)
        _load_database(root / manifest["database_file"])
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        media.mkdir(parents=True, exist_ok=True)
        if (root / "media").exists():
            shutil.copytree(root / "media", media, dirs_exist_ok=True)
    counts = row_counts()
    mismatches = {
        table: (expected, counts.get(table, -1))
        for table, expected in manifest["row_counts"].items()
        if counts.get(table, -1) != expected
    }
    return RestoreResult(manifest, mismatches)
