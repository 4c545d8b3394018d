"""``renda report work --year Y [--session ID] [--congress ID] [--json] [--out FILE] [--snapshot [--note T]]``.

Every figure of the metric dictionary for a congress and a period, as text lines followed by the work
report's statistical paragraphs written to a GB/T 9704 .docx (``--out``, by default
``work-report-<start>-<end>.docx`` in the current directory), or with ``--json`` as a JSON list of
``{"id", "label", "value", "unit"}`` only (issue 16). ``--snapshot`` also freezes the figures as a
report snapshot (taken by no user: the command line) and prints its id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from renda.core.exceptions import ApplicationError
from renda.organization import selectors as org_selectors
from renda.reports import document, metrics, services
from renda.reports.periods import BadPeriod, parse_period


class Command(BaseCommand):
    help = "工作统计：按年度或会次输出指标字典中的每个数字（work）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        work = sub.add_parser("work", help="常委会工作报告的统计数字")
        work.add_argument("--year", default="", help="统计年度，如 2025（默认上一年）")
        work.add_argument("--session", default="", help="按会次统计：会次编号（id），优先于 --year")
        work.add_argument("--congress", type=int, default=None, help="人民代表大会编号（默认最近一次会议所属）")
        work.add_argument("--json", action="store_true", help="以 JSON 输出 {id, label, value, unit}（不写 .docx）")
        work.add_argument("--out", default="", help="工作报告统计部分 .docx 的保存路径（默认当前目录下）")
        work.add_argument("--snapshot", action="store_true", help="同时保存报告快照（冻结全部数字及其记录）")
        work.add_argument("--note", default="", help="快照说明（最多200字）")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("zh-hans"):
            congress_id = options["congress"]
            if congress_id is None:
                session = org_selectors.current_session()
                if session is None:
                    raise CommandError("尚无任何人民代表大会的会次数据，请先导入或运行 renda demo")
                congress_id = session.term.congress_id
            elif not org_selectors.sessions_of(congress_id=congress_id).exists():
                raise CommandError(f"找不到编号为 {congress_id} 的人民代表大会，或其尚无会次")
            try:
                period = parse_period(congress_id=congress_id, year=options["year"], session=options["session"])
            except BadPeriod as exc:
                raise CommandError(exc.message) from exc
            if options["snapshot"]:
                try:
                    snapshot = services.snapshot_take(
                        congress_id=congress_id, period=period, actor=None, note=options["note"]
                    )
                except ApplicationError as exc:
                    raise CommandError(exc.message) from exc
                self.stderr.write(f"已保存报告快照 {snapshot.pk}（{snapshot}）")
            figures = metrics.figures(congress_id, period)
            if options["json"]:
                self.stdout.write(json.dumps([f.as_json() for f in figures], ensure_ascii=False, indent=1))
                return
            self.stdout.write(f"{period.label}（{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}）")
            for f in figures:
                shown = f"{f.value}（{f.rounded}）" if f.rounded else str(f.value)
                self.stdout.write(f"{f.metric.label}\t{shown}\t{f.metric.unit}")
            blocks = document.compose({f.metric.id: f.value for f in figures}, period_label=period.label)
            out = Path(options["out"] or f"work-report-{period.start:%Y%m%d}-{period.end:%Y%m%d}.docx")
            try:
                out.write_bytes(document.to_docx(blocks))
            except OSError as exc:
                raise CommandError(f"无法写入 {out}：{exc.strerror}") from exc
            self.stdout.write(f"已写入 {out}")
