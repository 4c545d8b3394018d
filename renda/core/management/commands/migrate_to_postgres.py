"""``renda migrate-to-postgres URL``: move this SQLite deployment into an empty PostgreSQL database, proven."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from config.env import DatabaseUrlError, redact_url
from renda.core.dbmove import MoveError, move


class Command(BaseCommand):
    help = (
        "Copy every row of the current SQLite database into an empty PostgreSQL database (schema by migrate), "
        "then compare each table's row count and SHA-256 digest. All or nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("url", help="postgres://user:password@host:port/name of an existing, empty database")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = move(options["url"])
        except DatabaseUrlError as exc:
            raise CommandError(str(exc)) from exc
        except MoveError as exc:
            for row in exc.rows[:200]:
                self.stderr.write(f"拒绝：{row}")
            raise CommandError(str(exc)) from exc
        if report.mismatches:
            for table, why in sorted(report.mismatches.items()):
                self.stderr.write(f"不一致：{table}：{why}")
            raise CommandError(f"{len(report.mismatches)} 张表迁移后不一致")
        rows = sum(report.copied.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"已迁入 {redact_url(options['url'])}：{len(report.copied)} 张表 {rows} 行，行数与摘要全部一致。"
                "请把 DATABASE_URL 改为该地址后重启。"
            )
        )
