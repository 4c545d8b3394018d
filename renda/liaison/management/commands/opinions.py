"""``renda opinions import FILE`` / ``renda opinions hot --since DATE`` / ``renda opinions taxonomy [FILE]``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date

from renda.liaison import importer, intelligence, selectors, services
from renda.liaison.management.commands._cli import fail
from renda.liaison.models import Opinion
from renda.organization.models import Congress, LiaisonStation


def _int_between(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: an integer from ``low`` to ``high``, else a Chinese message naming ``what``."""

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            n = low - 1
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"{what}须为 {low} 到 {high} 之间的整数：{value}")
        return n

    return parse


def _date_option(name: str, value: str) -> date:
    """A ``YYYY-MM-DD`` option as a date; a Chinese :class:`CommandError` for anything else (incl. 2026-13-01)."""
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(f"{name} 须为有效日期 YYYY-MM-DD：{value}")
    return parsed


REPORT_ROWS_SHOWN = 50
"""Duplicate and rejected rows listed by the text report, each; ``--json`` lists them all."""


def report_lines(report: importer.ImportReport, name: str, *, shown: int = REPORT_ROWS_SHOWN) -> list[str]:
    """The import report as Chinese lines for the operator: a summary, then the duplicate rows (label
    conflicts first) and the rejected rows with their reasons, at most ``shown`` of each.

    Args:
        report: what :func:`importer.opinions_import` returned.
        name: the file name to show.
        shown: how many rows of each list to print; the rest is counted ("另有 N 行").
    Returns:
        Lines without newlines.
    """
    conflicts = sum(1 for d in report.duplicates if d.conflicting_label)
    lines = [
        f"{name}：共 {report.rows} 行，新建意见 {report.created} 条（自动转办 {report.routed} 条），"
        f"重复 {len(report.duplicates)} 行（其中一级分类冲突 {conflicts} 行），拒收 {len(report.rejected)} 行，"
        f"近似重复归组 {report.grouped} 条（新建 {report.groups_created} 组），用时 {report.seconds:.1f} 秒",
        *(f"注意：{note}" for note in report.notes),
    ]

    def more(total: int) -> list[str]:
        return [f"  ……另有 {total - shown} 行（完整清单：加 --json）"] if total > shown else []

    if report.duplicates:
        lines.append("重复行（未导入）：")
        ordered = sorted(report.duplicates, key=lambda d: (not d.conflicting_label, d.row))
        for d in ordered[:shown]:
            first = f"，与第 {d.first_row} 行相同" if d.first_row else ""
            lines.append(f"  第 {d.row} 行 留言编号 {d.external_id or '（无）'}：{d.reason}{first}")
        lines += more(len(ordered))
    if report.rejected:
        lines.append("拒收行：")
        for r in report.rejected[:shown]:
            lines.append(f"  第 {r['row']} 行 留言编号 {r['external_id'] or '（无）'}：{r['reason']}")
        lines += more(len(report.rejected))
    missing = [k for k, v in report.capabilities.items() if not v]
    if missing:
        lines.append(f"注意：以下文本智能部分不可用，相关意见转人工分拣：{'、'.join(missing)}")
    return lines


class Command(BaseCommand):
    help = "Citizens' opinions: import a message file, list hot topics, load the topic taxonomy."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import an xlsx/CSV message file (streaming; re-import adds nothing)")
        imp.add_argument("file")
        imp.add_argument("--congress", help="region code of the congress (default: the only/first one)")
        imp.add_argument("--station", action="append", default=[], help="station name (repeatable; round-robin)")
        imp.add_argument(
            "--batch-size", type=_int_between(1, 100_000, "每批行数"), default=1000, help="rows per batch (1–100000)"
        )
        imp.add_argument("--no-route", action="store_true", help="do not auto-route confident predictions")
        imp.add_argument("--sheet", help="xlsx: the worksheet to import (default: the first)")
        imp.add_argument("--json", action="store_true", help="print the report as JSON")
        hot = sub.add_parser("hot", help="hot topics since a date")
        hot.add_argument("--since", required=True, help="YYYY-MM-DD")
        hot.add_argument("--until", help="YYYY-MM-DD (default: now)")
        hot.add_argument("--top", type=_int_between(1, 100, "热点数"), default=10, help="how many hot topics (1–100)")
        hot.add_argument("--json", action="store_true")
        hot.add_argument("--store", action="store_true", help="also store a snapshot for the hot-topics page")
        tax = sub.add_parser("taxonomy", help="load the 3-level topic taxonomy (default DATA_DIR/taxonomy_517.xlsx)")
        tax.add_argument("file", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "hot":
            self._hot(options)
        else:
            path = Path(options["file"] or Path(settings.DATA_DIR) / "taxonomy_517.xlsx")
            created = services.topic_taxonomy_load_file(path=path)
            self.stdout.write(f"taxonomy: {created} topics created from {path}")

    def _congress(self, code: str | None, *, as_json: bool = False) -> Congress:
        qs = Congress.objects.order_by("pk")
        congress = qs.filter(region_code=code).first() if code else qs.first()
        if congress is None and code:
            self._fail("unknown_congress", f"没有行政区划代码为 {code} 的人民代表大会", as_json=as_json)
        if congress is None:
            self._fail("no_congress", "还没有人民代表大会：先运行 renda demo 或在管理后台创建", as_json=as_json)
        return congress

    def _fail(self, code: str, detail: str, *, as_json: bool) -> NoReturn:
        """Stop with exit status 2 and one Chinese line (or ``{"code", "detail"}`` with ``--json``)."""
        fail(self, code, detail, as_json=as_json, what="导入")

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.exists():
            self._fail("file_not_found", f"文件不存在：{path}", as_json=options["json"])
        try:
            notes = intelligence.check_file(path, sheet=options["sheet"])
        except intelligence.UnreadableFile as exc:
            self._fail(exc.code, exc.message, as_json=options["json"])
        congress = self._congress(options["congress"], as_json=options["json"])
        stations = list(LiaisonStation.objects.filter(congress=congress, name__in=options["station"]))
        if len(stations) != len(set(options["station"])):
            unknown = sorted(set(options["station"]) - {s.name for s in stations})
            self._fail(
                "unknown_station", f"{congress.name}没有这些联络站：{'、'.join(unknown)}", as_json=options["json"]
            )
        bar = None
        if not options["json"]:
            from tqdm import tqdm

            bar = tqdm(unit=" rows", desc=path.name, file=self.stderr._out)
        try:
            report = importer.opinions_import(
                path=path,
                congress=congress,
                stations=stations,
                batch_size=options["batch_size"],
                auto_route=not options["no_route"],
                progress=bar.update if bar is not None else None,
                sheet=options["sheet"],
            )
            report.notes[:0] = notes
        except intelligence.UnreadableFile as exc:
            if bar is not None:
                bar.close()
                bar = None
            self._fail(exc.code, exc.message, as_json=options["json"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if bar is not None:
                bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
            return
        for line in report_lines(report, path.name):
            self.stdout.write(line)

    def _hot(self, options: dict[str, Any]) -> None:
        tz = ZoneInfo(settings.TIME_ZONE)
        since = datetime.combine(_date_option("--since", options["since"]), time.min, tzinfo=tz)
        until = timezone.now()
        if options["until"]:
            until_d = _date_option("--until", options["until"])
            until = datetime.combine(until_d, time.max, tzinfo=tz)
        qs = Opinion.objects.filter(received_at__gte=since, received_at__lte=until)
        hot = selectors.hot_topics_for(qs, since=since, until=until, top=options["top"])
        if options["store"]:
            for congress in Congress.objects.all():
                services.hot_topics_compute(congress_id=congress.pk, since=since, until=until, top=options["top"])
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "rank": i,
                            "keywords": h.keywords,
                            "heat": h.heat,
                            "count": h.count,
                            "likes": h.likes,
                            "first": h.first,
                            "last": h.last,
                            "opinion_ids": h.keys,
                        }
                        for i, h in enumerate(hot, 1)
                    ],
                    ensure_ascii=False,
                    indent=2,
                    default=str,
                )
            )
            return
        for i, h in enumerate(hot, 1):
            span = f"{h.first:%Y-%m-%d} – {h.last:%Y-%m-%d}" if h.first and h.last else ""
            self.stdout.write(f"{i:>2}. heat {h.heat:8.2f}  {h.count:>4} opinions  {span}  {' '.join(h.keywords)}")
