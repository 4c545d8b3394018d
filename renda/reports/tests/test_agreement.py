"""Figures agree everywhere (issue 13 item 7): each count a home panel shows equals the count of the page
it links to and the rows of that page's export; a report figure equals its drill-down and the command."""

from __future__ import annotations

import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from renda.core.home import panels_for
from renda.liaison.tests.factories import OpinionFactory
from renda.liaison.workflow import Status as OpinionStatus
from renda.livelihood.tests import factories as lf
from renda.meetings.models import Meeting
from renda.organization.models import Body
from renda.proposals import services
from renda.proposals.tests import factories as pf
from renda.reports.tests.dataset import build

pytestmark = pytest.mark.django_db


def _panel_items(user, title: str) -> dict[str, int]:
    panel = next(p for p in panels_for(user) if p.title == title)
    return {str(i.label): int(i.note) for i in panel.items} | {"": int(panel.count or 0)}


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _xlsx_rows(response) -> int:
    ws = load_workbook(io.BytesIO(response.content)).active
    return ws.max_row - 1  # less the header


def test_staff_panel_counts_equal_the_lists_and_exports_they_link_to():
    # given two submitted, one registered and one assigned suggestion whose two lead units both ask to
    # be relieved of it (S12): two requests, one suggestion
    w = pf.world(n_deputies=4, n_units=3)
    for i in range(2):
        p = services.proposal_create(
            actor=w.deputy_users[i], title=f"待登记建议{i}", body=pf.BODY, at=pf.at(2026, 3, 19)
        )
        services.proposal_submit(proposal=p, actor=w.deputy_users[i], at=pf.at(2026, 3, 19))
    pf.registered(w, title="待交办建议")
    p = pf.registered(w, title="两家主办单位的建议")
    for a, unit in zip(
        services.suggestion_assign(proposal=p, actor=w.staff, leads=w.units[:2], at=pf.at(2026, 4, 10)),
        w.unit_users[:2],
        strict=True,
    ):
        a = services.assignment_receive(assignment=a, actor=unit, at=pf.at(2026, 4, 13))
        services.assignment_request_reassign(assignment=a, actor=unit, reason="不属本单位职责", at=pf.at(2026, 4, 15))
    items = _panel_items(w.staff, "议案建议待办")
    c = _client(w.staff)
    list_url = reverse("proposals:list")
    # then each panel figure is the total of the list it links to, and the export of that list has as many rows
    for label, query in (("待登记", {"status": "submitted"}), ("申请调整待审批", {"pending": "reassign"})):
        page = c.get(list_url, query)
        assert items[label] == page.context["total"], label
        assert items[label] == _xlsx_rows(c.get(list_url, {**query, "format": "xlsx"})), label
    assert items["申请调整待审批"] == 1  # was 2: the panel counted requests, the list suggestions
    assert items["待交办"] == c.get(reverse("proposals:assign-bulk")).context["page"].paginator.count == 1
    overdue = c.get(reverse("proposals:overdue-board"))
    assert (
        items["超期未办"]
        == overdue.context["page"].paginator.count
        == sum(r["overdue"] for r in overdue.context["rows"])
    )
    assert items["超期未办"] == _xlsx_rows(c.get(reverse("proposals:overdue-board"), {"format": "xlsx"}))


def test_staff_triage_panel_counts_what_the_triage_page_lists(staff_user):
    # given opinions waiting for a person (已接收) and one classified, waiting for a unit (已分类)
    congress = OpinionFactory().congress
    staff_user.congress = congress
    staff_user.save()
    OpinionFactory(congress=congress)
    OpinionFactory(congress=congress, status=OpinionStatus.TRIAGED)
    OpinionFactory(congress=congress, status=OpinionStatus.ROUTED)
    # then the panel's figure is the triage page's count (3; the panel said 2 before)
    panel = next(p for p in panels_for(staff_user) if p.title == "待分诊群众意见")
    page = _client(staff_user).get(reverse("liaison:triage"))
    assert panel.count == page.context["page"].paginator.count == 3


def test_each_report_figure_is_the_same_on_the_page_its_drill_down_and_the_command():
    data = build()
    c = _client(data.world.staff)
    shown = {
        f.metric.id: f.value
        for g in c.get(reverse("reports:work"), {"year": "2026"}).context["groups"]
        for f in g.figures
    }
    out = StringIO()
    call_command("report", "work", "--year", "2026", "--json", stdout=out)
    printed = {r["id"]: r["value"] for r in json.loads(out.getvalue())}
    assert shown == printed
    for metric_id, value in shown.items():
        assert c.get(reverse("reports:metric", args=[metric_id]), {"year": "2026"}).context["figure"].value == value
    # the same suggestions, counted by the proposals list the staff work from
    listed = c.get(reverse("proposals:list"), {"kind": "suggestion"}).context["total"]
    assert shown["suggestions"] == listed == 5


def test_headline_counts_of_meeting_and_livelihood_panels_count_everything_not_the_rows_shown():
    # given 7 meetings starting today and a unit responsible for 7 livelihood projects
    w = pf.world(n_deputies=2, n_units=1)
    term = w.session.term
    body = Body.objects.get(term=term, kind=Body.Kind.STANDING_COMMITTEE)
    now = timezone.localtime().replace(hour=9, minute=0)
    for n in range(7):
        Meeting.objects.create(
            congress=term.congress,
            term=term,
            body=body,
            kind=Meeting.Kind.STANDING_COMMITTEE,
            number=n + 1,
            title=f"常委会第{n + 1}次会议",
            starts_at=now,
            quorum_rule="more_than_half",
            roster_size=50,
        )
    programme = lf.ProgrammeFactory(session=w.session, congress=term.congress, year=2026)
    for _ in range(7):
        lf.ProjectFactory(candidate=lf.CandidateFactory(programme=programme, lead_unit=w.units[0]))
    # then the staff panel counts 7 meetings (it said 6, the rows it lists) …
    panel = next(p for p in panels_for(w.staff) if p.title == "今日会议")
    assert panel.count == 7 and len(panel.items) == 6
    assert all(i.note.startswith("09:00") for i in panel.items)  # Beijing time, not UTC (said 01:00)
    # … and the unit's panel counts its 7 projects, the length of the page it links to
    unit = w.unit_users[0]
    panel = next(p for p in panels_for(unit) if p.title == "本单位民生实事项目")
    assert panel.count == len(_client(unit).get(reverse("livelihood:unit-projects")).context["rows"]) == 7
