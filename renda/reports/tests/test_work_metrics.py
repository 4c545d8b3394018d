"""The work report's legislation, filing, oversight and appointment metrics against constructed data sets
(the apps' own test builders): each counts what it says in the year and nothing outside it or of another
congress; the drill-down lists exactly its records; the apps' own figure pages read the same selectors."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from renda.appointments import selectors as appointment_selectors
from renda.appointments import services as appointment_services
from renda.appointments.tests import factories as af
from renda.filing import selectors as filing_selectors
from renda.filing.services import document_step
from renda.filing.tests.conftest import congress, file_doc, in_review, officer, organ  # noqa: F401
from renda.legislation import comments
from renda.legislation.models import Comment, ContactPoint, Draft
from renda.legislation.tests import factories as lf
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.oversight import inspections
from renda.oversight import selectors as oversight_selectors
from renda.oversight.models import Decision, OversightItem, WorkRecord
from renda.oversight.tests import helpers as oh
from renda.reports import metrics
from renda.reports.periods import year_period

pytestmark = pytest.mark.django_db

Y2026, Y2025 = year_period(2026), year_period(2025)


def _values(congress_id: int, ids: list[str], period=Y2026) -> dict[str, int | float]:
    return {i: metrics.BY_ID[i].value(congress_id, period) for i in ids}


def _drill_down_lists_exactly(congress_id: int, ids: list[str], *, counted=lambda m, rows: len(rows)) -> None:
    """The metric's page (staff of the congress) lists its records, and as many as the figure says."""
    client = Client()
    staff: Any = f.UserFactory(role=User.Role.STAFF, congress_id=congress_id)
    client.force_login(staff)
    for i in ids:
        m = metrics.BY_ID[i]
        page = client.get(reverse("reports:metric", args=[i]), {"year": "2026"})
        assert page.status_code == 200, i
        listed = list(page.context["page"].object_list)
        assert [r.pk for r in listed] == [r.pk for r in m.records(congress_id, Y2026)], i
        assert counted(m, listed) == page.context["figure"].value == m.value(congress_id, Y2026), i


def test_legislation_metrics_count_adopted_read_published_drafts_comments_points_and_experts():
    w = lf.world()
    cid = w.draft.congress_id
    lf.submitted(w)
    lf.read(w, 1)  # read at a meeting on 2026-03-21
    comments.period_open(early_reason=lf.EARLY, version=w.version, opens=date(2026, 4, 1), actor=w.staff)
    for n in range(3):
        comments.comment_submit(version=w.version, text=f"意见{n}", source="hearing", hearing="论证会", user=w.staff)
    Comment.objects.filter(pk=Comment.objects.filter(version=w.version).first().pk).update(hidden=True)
    Draft.objects.filter(pk=w.draft.pk).update(adopted_on=date(2026, 6, 30))
    old = lf.world().draft  # a second draft, adopted on the last day of the year before
    Draft.objects.filter(pk=old.pk).update(adopted_on=date(2025, 12, 31))
    ContactPoint.objects.create(congress_id=cid, name="甲联系点", experts="张三\n李四\n\n")
    ContactPoint.objects.create(congress_id=cid, name="乙联系点", experts="王五")
    ids = ["regulations_adopted", "regulations_read", "drafts_published", "legislation_comments"]
    ids += ["contact_points", "legislation_experts"]
    assert _values(cid, ids) == {
        "regulations_adopted": 1,
        "regulations_read": 1,
        "drafts_published": 1,
        "legislation_comments": 2,  # 3 entered, 1 hidden
        "contact_points": 2,
        "legislation_experts": 3,  # blank lines are no experts
    }
    assert _values(cid, ["regulations_adopted", "drafts_published", "legislation_comments"], Y2025) == {
        "regulations_adopted": 1,  # the second draft, adopted on 2025-12-31
        "drafts_published": 0,
        "legislation_comments": 0,
    }
    _drill_down_lists_exactly(
        cid, ids, counted=lambda m, rows: sum(len(p.expert_list) for p in rows) if m.compute else len(rows)
    )


def test_filing_metrics_count_the_congress_documents_of_the_year_as_the_figures_page_does(
    organ,  # noqa: F811
    officer,  # noqa: F811
):
    staff = f.UserFactory(role=User.Role.STAFF, congress=organ.congress, is_staff=True)
    doc = in_review(staff, organ, received=date(2026, 3, 20))
    document_step(doc=doc, actor=staff, step="consult", note="x", on=date(2026, 4, 1))
    document_step(doc=doc, actor=staff, step="corrected", note="x", on=date(2026, 5, 1))
    file_doc(officer, organ, published=date(2025, 12, 1), received=date(2025, 12, 20), title="上年文件")
    cid = organ.congress_id
    ids = ["normative_documents_filed", "normative_documents_reviewed", "normative_documents_corrected"]
    ids += ["review_suggestions"]
    assert _values(cid, ids) == {
        "normative_documents_filed": 1,
        "normative_documents_reviewed": 1,
        "normative_documents_corrected": 1,
        "review_suggestions": 0,
    }
    assert _values(cid, ["normative_documents_filed"], Y2025) == {"normative_documents_filed": 1}
    assert _values(
        f.CongressFactory(region_code="990200", name="另一市人民代表大会").pk, ["normative_documents_filed"]
    ) == {"normative_documents_filed": 0}
    _drill_down_lists_exactly(cid, ids)
    # the filing figures page shows the same numbers from the same selector, for the viewer's congress only
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("filing:figures"), {"year": "2026"})
    shown = {k: v for k, _l, v in page.context["figures"]}
    assert shown["filed"] == metrics.BY_ID["normative_documents_filed"].value(cid, Y2026)
    assert shown["corrected"] == metrics.BY_ID["normative_documents_corrected"].value(cid, Y2026)


def test_filing_figures_of_one_congress_leave_out_another_congress_documents(organ):  # noqa: F811
    """Before this change the filing figures counted every congress's documents (no congress filter)."""
    staff = f.UserFactory(role=User.Role.STAFF, congress=organ.congress, is_staff=True)
    file_doc(staff, organ, received=date(2026, 3, 20))
    other = f.CongressFactory(region_code="990200", name="另一市人民代表大会")
    assert {k: v for k, _l, v in filing_selectors.annual_figures(2026, organ.congress_id)}["filed"] == 1
    assert {k: v for k, _l, v in filing_selectors.annual_figures(2026, other.pk)}["filed"] == 0


def test_oversight_metrics_count_reports_heard_inspections_decisions_and_work_records():
    w = oh.world()
    cid = w.staff.congress_id
    oh.heard(w)
    oh.report_item(w, hearing_on=date(2026, 6, 20))  # planned, not yet heard
    inspections_item = OversightItem.objects.create(plan=w.plan, kind="inspection", title="检查环境保护法实施情况")
    inspections.decision_adopt(
        congress=w.staff.congress,
        kind=Decision.Kind.DECISION,
        title="关于加强和规范检察建议工作的决定",
        text="正文",
        meeting=w.meeting,
        adopted_on=date(2026, 3, 21),
        actor=w.staff,
    )
    for on in (date(2026, 1, 5), date(2026, 12, 31), date(2025, 12, 31)):
        inspections.work_record_add(
            congress=w.staff.congress, kind=WorkRecord.Kind.PARTY_REQUEST, on=on, title="请示", actor=w.staff
        )
    inspections.work_record_add(
        congress=w.staff.congress,
        kind=WorkRecord.Kind.PRESS_CONFERENCE,
        on=date(2026, 5, 1),
        title="发布会",
        actor=w.staff,
    )
    ids = ["reports_heard", "law_inspections", "special_research", "special_inquiries", "decisions_adopted"]
    ids += ["records_party_request", "press_conferences", "records_information"]
    assert _values(cid, ids) == {
        "reports_heard": 1,
        "law_inspections": 1,
        "special_research": 0,
        "special_inquiries": 0,
        "decisions_adopted": 1,
        "records_party_request": 2,  # the one of 2025-12-31 is the year before
        "press_conferences": 1,
        "records_information": 0,
    }
    _drill_down_lists_exactly(cid, ids)
    figures = oversight_selectors.year_figures(cid, 2026)
    assert figures["records_party_request"] == 2 and figures["inspections"] == 1 and figures["reports_heard"] == 1
    assert inspections_item.pk in {r.pk for r in metrics.BY_ID["law_inspections"].records(cid, Y2026)}


def test_appointment_metrics_count_adopted_cases_in_person_times_and_ceremonies_as_the_board_does():
    w = af.world()
    first = af.appoint(w, name="王建国")
    af.appoint(w, name="李明", post="市财政局局长")
    appointment_services.oath_record(
        congress=w["congress"], actor=w["staff"], held_on=date(2026, 3, 21), supervisor="主任", appointments=[first]
    )
    cid = w["congress"].pk
    ids = ["appointed_or_removed", "oath_ceremonies"]
    assert _values(cid, ids) == {"appointed_or_removed": 2, "oath_ceremonies": 1}
    assert _values(cid, ids, Y2025) == {"appointed_or_removed": 0, "oath_ceremonies": 0}
    _drill_down_lists_exactly(cid, ids)
    board = appointment_selectors.figures(congress_id=cid, year=2026)
    assert (board["appointed_or_removed"], board["ceremonies"], board["unsworn"]) == (2, 1, 1)
    client = Client()
    client.force_login(w["staff"])
    page = client.get(reverse("appointments:board"), {"year": "2026"})
    assert page.context["figures"]["appointed_or_removed"] == metrics.BY_ID["appointed_or_removed"].value(cid, Y2026)
