"""Drill-down tables: the columns each kind of record shows on a metric's record list, with personal
data masked unless the viewer's role needs it (``organization.selectors.can_see_personal_data``,
``proposals.selectors.shown_text``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from renda.core.privacy import mask_phone, redact_text, shorten_name
from renda.organization.selectors import can_see_personal_data
from renda.proposals.selectors import shown_text

Viewer = Any


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and an optional link to the record's page."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class Column:
    """A column: its heading and how a record gives its cell for a viewer."""

    label: StrOrPromise
    cell: Callable[[Any, Viewer], Cell]
    numeric: bool = False


def _t(get: Callable[[Any], Any]) -> Callable[[Any, Viewer], Cell]:
    return lambda r, v: Cell("" if get(r) is None else str(get(r)))


def _phone(get: Callable[[Any], str]) -> Callable[[Any, Viewer], Cell]:
    return lambda r, v: Cell(get(r) if can_see_personal_data(v) else mask_phone(get(r)))


def _proposal(r: Any, v: Viewer) -> Cell:
    return Cell(shown_text(v, r.title), reverse("proposals:detail", args=[r.pk]))


def _reply_proposal(r: Any, v: Viewer) -> Cell:
    p = r.assignment.proposal if hasattr(r, "assignment") else r.reply.assignment.proposal
    return Cell(f"{p.number} {shown_text(v, p.title)}".strip(), reverse("proposals:detail", args=[p.pk]))


def _opinion_title(o: Any, v: Viewer) -> str:
    return (o.title if can_see_personal_data(v) else redact_text(o.title))[:40]


TABLES: dict[str, tuple[Column, ...]] = {
    "proposal": (
        Column(_("编号"), _t(lambda p: p.number)),
        Column(_("标题"), _proposal),
        Column(_("领衔代表"), _t(lambda p: p.lead_deputy.name if p.lead_deputy else p.get_institution_display())),
        Column(_("会次"), _t(lambda p: p.session or _("闭会期间"))),
        Column(_("状态"), _t(lambda p: p.get_status_display())),
    ),
    "reply": (
        Column(_("建议"), _reply_proposal),
        Column(_("承办单位"), _t(lambda r: r.assignment.unit.name)),
        Column(_("轮次"), _t(lambda r: r.round), numeric=True),
        Column(_("答复日期"), _t(lambda r: r.replied_on)),
        Column(_("答复时的办理期限"), _t(lambda r: getattr(r, "due_then", None) or r.assignment.due_date)),
        Column(_("答复类别"), _t(lambda r: r.reply_class)),
    ),
    "evaluation": (
        Column(_("建议"), _reply_proposal),
        Column(_("承办单位"), _t(lambda e: e.reply.assignment.unit.name)),
        Column(_("代表"), _t(lambda e: e.deputy.name)),
        Column(_("办理态度"), _t(lambda e: e.get_attitude_display())),
        Column(_("办理结果"), _t(lambda e: e.get_result_display())),
    ),
    "meeting": (
        Column(_("会议"), lambda m, v: Cell(m.title, reverse("meetings:meeting-detail", args=[m.pk]))),
        Column(_("开始时间"), _t(lambda m: f"{timezone.localtime(m.starts_at):%Y-%m-%d %H:%M}")),
        Column(_("状态"), _t(lambda m: m.get_status_display())),
    ),
    "project": (
        Column(_("项目"), lambda p, v: Cell(p.title, reverse("livelihood:project-detail", args=[p.pk]))),
        Column(_("年度"), _t(lambda p: p.programme.year)),
        Column(_("责任单位"), _t(lambda p: p.responsible_unit.name if p.responsible_unit else "")),
        Column(_("状态"), _t(lambda p: p.get_status_display())),
    ),
    "deputy": (
        Column(_("代表证号"), _t(lambda d: d.code)),
        Column(_("姓名"), _t(lambda d: d.name)),
        Column(_("代表团"), _t(lambda d: d.delegation.name if d.delegation else "")),
        Column(_("新任"), _t(lambda d: _("是") if d.is_first_term else "")),
        Column(_("手机号码"), _phone(lambda d: d.phone)),
    ),
    "group": (Column(_("专业小组"), _t(lambda g: g.name)),),
    "station": (Column(_("联络站"), _t(lambda s: s.name)), Column(_("所在区县"), _t(lambda s: s.district))),
    "point": (Column(_("联络点"), _t(lambda p: p.name)), Column(_("所属联络站"), _t(lambda p: p.station.name))),
    "reception": (
        Column(_("接待日期"), _t(lambda r: r.date)),
        Column(_("联络站（点）"), _t(lambda r: f"{r.station.name}{' · ' + r.point.name if r.point else ''}")),
        Column(_("接待群众"), _t(lambda r: r.visitor_count), numeric=True),
    ),
    "opinion": (
        Column(_("主题"), lambda o, v: Cell(_opinion_title(o, v), reverse("liaison:opinion-detail", args=[o.pk]))),
        Column(_("联络站"), _t(lambda o: o.station.name if o.station else "")),
        Column(
            _("反映人"), lambda o, v: Cell(o.citizen_name if can_see_personal_data(v) else shorten_name(o.citizen_name))
        ),
        Column(_("联系电话"), _phone(lambda o: o.citizen_phone)),
        Column(_("反映时间"), _t(lambda o: f"{timezone.localtime(o.received_at):%Y-%m-%d}")),
        Column(_("状态"), _t(lambda o: o.get_status_display())),
    ),
}


def rows(kind: str, records: Iterable[Any], viewer: Viewer) -> list[list[tuple[Column, Cell]]]:
    """The cells of ``records`` for the table ``kind`` as ``viewer`` may read them, row by row."""
    columns = TABLES[kind]
    return [[(c, c.cell(r, viewer)) for c in columns] for r in records]
