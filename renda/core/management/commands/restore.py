"""``renda restore ARCHIVE --yes``: check a backup against its manifest, then replace the database and files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from renda.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a `renda backup` archive: every file is checked against the manifest first; then the database "
        "and MEDIA_ROOT are replaced and every table's row count is compared with the manifest."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="renda-backup-….tar.gz")
        parser.add_argument("--yes", action="store_true", help="confirm: the current database and files are replaced")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("恢复会覆盖当前数据库和上传文件：确认请加 --yes")
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        try:
            result = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for table, (expected, found) in sorted(result.mismatches.items()):
                self.stderr.write(f"行数不符：{table} 清单 {expected}，恢复后 {found}")
            raise CommandError(f"恢复后 {len(result.mismatches)} 张表的行数与清单不符")
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{result.manifest['created_at']} 的备份，{len(result.manifest['row_counts'])} 张表行数与清单一致，"
                f"{len(result.manifest['files'])} 个文件哈希一致"
            )
        )
