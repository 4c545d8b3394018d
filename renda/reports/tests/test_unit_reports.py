"""S20: a handling unit's own mid-year and year-end report — the unit officer's page (their unit only), the
per-suggestion lines, the totals taken from the office's per-unit table, the .docx; staff open any unit's
of their congress; other roles are refused."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.test import Client
from django.urls import reverse

from renda.core.workdays import working_days_between
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.reports import document, handling, unit_reports
from renda.reports.periods import year_period
from renda.reports.tests.dataset import build

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_s20_the_unit_officer_sees_its_lines_and_the_totals_of_the_offices_table():
    # given the 2026 data set: unit 0 replied once on time (A, 满意) and once late (不满意)
    data = build()
    w = data.world
    late = data.extra["late_reply"]
    officer = w.unit_users[0]
    # when its officer opens the year-end report from the menu
    c = _client(officer)
    assert reverse("reports:unit-report") in c.get(reverse("home")).content.decode()
    page = c.get(reverse("reports:unit-report"), {"year": "2026", "half": "end"})
    # then the totals are the unit's row of the office's report and the late reply says by how many working days
    row = next(r for r in handling.unit_rows(data.congress_id, year_period(2026)) if r.unit_id == w.units[0].pk)
    report = page.context["report"]
    assert report.totals == row and report.unit == w.units[0]
    assert len(report.lines) == row.received
    # (the data set's late reply is dated Sunday 12 July after a Friday 10 July deadline: 0 working days)
    assert working_days_between(late.assignment.due_date, late.replied_on) == 0
    assert "2026-07-12 逾期（期限后的休息日答复）" in page.content.decode()
    late_line = unit_reports.SuggestionLine("1", "t", "d", "主办", date(2026, 7, 10))
    late_line.replies.append(unit_reports.ReplyTiming(date(2026, 7, 15), False, 3))
    assert unit_reports.cells(late_line)[5] == "2026-07-15 逾期3个工作日"
    assert sum(t.on_time for line in report.lines for t in line.replies) == row.on_time
    assert sorted(r for line in report.lines for r in line.ratings) == ["不满意", "满意"]
    # and the .docx carries the totals and one table row per line under the header
    got = c.get(reverse("reports:unit-report-docx"), {"year": "2026", "half": "end"})
    assert got["Content-Type"] == document.DOCX_TYPE
    d = docx.Document(io.BytesIO(got.content))
    assert [cell.text for cell in d.tables[0].rows[0].cells] == unit_reports.HEADER
    assert len(d.tables[0].rows) == len(report.lines) + 1
    assert f"按期答复{row.on_time}件次" in "\n".join(p.text for p in d.paragraphs)


def test_s20_mid_year_ends_on_30_june_and_a_bad_choice_is_a_chinese_error():
    # mid-year: 1 January – 30 June; year-end: the whole year; another value is refused
    assert unit_reports.unit_period(2026, "mid").end == date(2026, 6, 30)
    assert unit_reports.unit_period(2026, "end").end == date(2026, 12, 31)
    data = build()
    c = _client(data.world.unit_users[0])
    bad = c.get(reverse("reports:unit-report"), {"year": "20x6", "half": "end"})
    assert bad.status_code == 400 and "年度须为四位数字" in bad.content.decode()
    bad = c.get(reverse("reports:unit-report-docx"), {"year": "2026", "half": "q3"})
    assert bad.status_code == 400 and "请选择年中或年终报告" in bad.content.decode()


def test_s20_another_units_officer_sees_only_its_own_and_a_deputy_is_refused():
    # given the data set and the officer of unit 2 (which received nothing)
    data = build()
    w = data.world
    other = _client(w.unit_users[2])
    # when it asks for unit 0's report by id, the unit parameter is not its to choose: it gets its own
    assert other.get(reverse("reports:unit-report")).context["report"].unit == w.units[2]  # the due report at once
    page = other.get(reverse("reports:unit-report"), {"year": "2026", "half": "end", "unit": str(w.units[0].pk)})
    assert page.context["report"].unit == w.units[2] and page.context["report"].lines == []
    # a deputy is refused
    assert _client(w.deputy_users[0]).get(reverse("reports:unit-report")).status_code == 403
    # staff choose any unit of their congress; a unit of another congress is not offered
    staff = _client(w.staff)
    first = staff.get(reverse("reports:unit-report"))  # the menu's link: the choice, no error yet
    assert first.status_code == 200 and first.context["report"] is None and not first.context["form"].errors
    chosen = staff.get(reverse("reports:unit-report"), {"year": "2026", "half": "end", "unit": str(w.units[0].pk)})
    assert chosen.context["report"].unit == w.units[0]
    foreign = f.HandlingUnitFactory(congress=f.CongressFactory(region_code="990300", name="另一市人大"))
    refused = staff.get(reverse("reports:unit-report"), {"year": "2026", "half": "end", "unit": str(foreign.pk)})
    assert refused.status_code == 400 and "请选择承办单位" in refused.content.decode()
