"""``renda demo``: load the demo congress (idempotent) and print one login per role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo congress from the seed's figures, then each app's demo data; print the logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, default=None, help="calendar year of the 3rd session (default 2026)")

    def handle(self, *args: Any, **options: Any) -> None:
        from renda.organization import demo

        logins = demo.load(year=options["year"] or demo.DEMO_YEAR, stdout=self.stdout)
        for dotted in settings.RENDA_DEMO_LOADERS:
            import_string(dotted)(stdout=self.stdout)
        if connection.vendor == "postgresql":
            # Fresh planner statistics for the rows just written: without them PostgreSQL takes every
            # table for empty and joins the statistics' record lists by nested loops (minutes, not ms),
            # also inside a test's transaction, whose own uncommitted rows ANALYZE samples.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for login in [*logins, *demo.app_logins(known=logins)]:
            self.stdout.write(f"  {login.username:<11} {login.role:<10} {login.acts_for}")
        self.stdout.write("  d<代表证号>  every other deputy, e.g. d160001 (same password)")
        self.stdout.write("  unit-officer-<id>  the officer of every other handling unit (same password)")
