"""``renda audit verify``: check the hash chains of every event table (the audit trail)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from renda.core import audit


class Command(BaseCommand):
    help = "Audit trail: 'verify' recomputes every event row's hash and chain link and names each break."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify"], help="verify: check every event table's hash chains")

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        breaks: list[audit.Break] = []
        for model in audit.event_models():
            count = model.objects.count()
            found = list(audit.verify_model(model))
            total += count
            breaks += found
            state = "完整" if not found else f"{len(found)} 处断裂"
            self.stdout.write(f"{model._meta.verbose_name}（{model._meta.db_table}）：{count} 条，{state}")
        if breaks:
            for b in breaks:
                self.stderr.write(f"断裂：{b}")
            raise CommandError(f"审计记录校验未通过：{len(breaks)} 处断裂（共 {total} 条记录）")
        self.stdout.write(self.style.SUCCESS(f"审计记录校验通过：共 {total} 条记录，哈希链完整"))
