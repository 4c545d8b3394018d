"""``renda proposals urge [--today YYYY-MM-DD]``: send the automatic urge notices (run daily by cron)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from renda.proposals import services


class Command(BaseCommand):
    help = "Proposals maintenance: `urge` sends automatic urge notices (催办) before and after deadlines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["urge"])
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **opts: Any) -> None:
        counts = services.urge_due(today=opts["today"])
        self.stdout.write(f"urge notices sent: before={counts['before']} overdue={counts['overdue']}")
