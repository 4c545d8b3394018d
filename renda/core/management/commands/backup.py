"""``renda backup [--out DIR]``: one dated archive of the database and the uploaded files, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from renda.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into one dated .tar.gz with a manifest (row counts, SHA-256)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", default=str(Path(settings.VAR) / "backups"), help="directory for the archive")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(Path(options["out"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        m = result.manifest
        rows = sum(m["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{result.path}（{m['engine']}，{len(m['row_counts'])} 张表 {rows} 行，{len(m['files'])} 个文件）"
            )
        )
