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


def _link(get: Callable[[Any], Any], url: str, pk: Callable[[Any], int]) -> Callable[[Any, Viewer], Cell]:
    return lambda r, v: Cell(str(get(r)), reverse(url, args=[pk(r)]))


def _person(get: Callable[[Any], str]) -> Callable[[Any, Viewer], Cell]:
    return lambda r, v: Cell(get(r) if can_see_personal_data(v) else shorten_name(get(r)))


#: The tables of the work report's legislation, filing, oversight and appointment figures.
TABLES.update(
    {
        "draft": (
            Column(_("法规草案"), _link(lambda d: d.title, "legislation:draft", lambda d: d.pk)),
            Column(_("状态"), _t(lambda d: d.get_status_display())),
            Column(_("通过日期"), _t(lambda d: d.adopted_on)),
        ),
        "version": (
            Column(_("征求意见文本"), _link(lambda x: x.title, "legislation:version", lambda x: x.pk)),
            Column(_("征求意见开始"), _t(lambda x: x.comment_opens)),
            Column(_("征求意见截止"), _t(lambda x: x.comment_closes)),
        ),
        "comment": (
            Column(_("草案"), _link(lambda c: c.version.title, "legislation:version", lambda c: c.version_id)),
            Column(_("来源"), _t(lambda c: c.get_source_display())),
            Column(_("提出人"), _person(lambda c: c.author)),
            Column(_("意见"), lambda c, v: Cell((c.text if can_see_personal_data(v) else redact_text(c.text))[:40])),
        ),
        "contact_point": (
            Column(_("基层立法联系点"), _t(lambda p: p.name)),
            Column(_("立法咨询专家"), _t(lambda p: len(p.expert_list)), numeric=True),
        ),
        "filing": (
            Column(_("文号"), _t(lambda d: d.number)),
            Column(_("文件"), _link(lambda d: d.title, "filing:detail", lambda d: d.pk)),
            Column(_("制定机关"), _t(lambda d: d.organ.name)),
            Column(_("报送日期"), _t(lambda d: d.received_on)),
            Column(_("状态"), _t(lambda d: d.get_status_display())),
        ),
        "review_suggestion": (
            Column(_("建议审查的文件"), _t(lambda s: s.document_title)),
            Column(_("提出人"), _person(lambda s: s.name)),
            Column(_("联系电话"), _phone(lambda s: s.phone)),
            Column(_("状态"), _t(lambda s: s.get_status_display())),
        ),
        "oversight_item": (
            Column(_("监督事项"), _link(lambda i: i.title, "oversight:item", lambda i: i.pk)),
            Column(_("类别"), _t(lambda i: i.get_kind_display())),
            Column(_("报告机关"), _t(lambda i: i.organ.name if i.organ else "")),
            Column(_("状态"), _t(lambda i: i.get_status_display())),
        ),
        "decision": (
            Column(_("决议决定"), _t(lambda d: d.title)),
            Column(_("常委会会议"), _t(lambda d: d.meeting.title)),
            Column(_("通过日期"), _t(lambda d: d.adopted_on)),
        ),
        "appointment": (
            Column(_("任免对象"), _link(lambda a: a.person.name, "appointments:detail", lambda a: a.pk)),
            Column(_("职务"), _t(lambda a: a.post.title)),
            Column(_("类别"), _t(lambda a: a.get_kind_display())),
            Column(_("通过日期"), _t(lambda a: a.adopted_on)),
        ),
        "ceremony": (
            Column(_("宣誓日期"), _t(lambda o: o.held_on)),
            Column(_("组织者"), _t(lambda o: o.get_organiser_display())),
            Column(_("形式"), _t(lambda o: o.get_form_display())),
        ),
        "activity_member": (
            Column(_("代表"), _link(lambda m: m.deputy.name, "reports:deputy-record", lambda m: m.deputy_id)),
            Column(_("活动"), _link(lambda m: m.item.title, "oversight:item", lambda m: m.item_id)),
            Column(_("身份"), _t(lambda m: m.get_role_display())),
        ),
        "hearing": (
            Column(_("召开日期"), _t(lambda h: h.held_on)),
            Column(_("会议名称"), _t(lambda h: h.title)),
            Column(_("类别"), _t(lambda h: h.get_kind_display())),
            Column(_("市人大代表"), _t(lambda h: h.deputy_count), numeric=True),
            Column(_("其他参加人数"), _t(lambda h: h.other_participants), numeric=True),
        ),
        "deputy": (
            Column(_("代表"), _link(lambda d: d.name, "reports:deputy-record", lambda d: d.pk)),
            Column(_("代表团"), _t(lambda d: d.delegation.name if d.delegation_id else "")),
        ),
        "work_record": (
            Column(_("日期"), _t(lambda w: w.date)),
            Column(_("类别"), _t(lambda w: w.get_kind_display())),
            Column(_("标题"), _t(lambda w: w.title)),
        ),
    }
)


def rows(kind: str, records: Iterable[Any], viewer: Viewer) -> list[list[tuple[Column, Cell]]]:
    """The cells of ``records`` for the table ``kind`` as ``viewer`` may read them, row by row."""
    columns = TABLES[kind]
    return [[(c, c.cell(r, viewer)) for c in columns] for r in records]
