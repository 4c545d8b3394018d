"""Oversight pages: every role reaches its actions by clicking, refusals are Chinese and change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.meetings.tests import factories as mf
from renda.oversight import services
from renda.oversight.models import DeliberationOpinion, OversightItem, WorkRecord
from renda.oversight.tests.helpers import heard, pdf, report_item, world

pytestmark = pytest.mark.django_db


def test_staff_plan_item_and_steps_through_pages():
    w = world()
    c = mf.client(w.staff)
    page = c.get(reverse("oversight:plan"))
    assert page.status_code == 200 and "新增监督事项" in page.content.decode()
    r = c.post(reverse("oversight:item-new"), {"kind": "research", "title": "供热工作专题调研", "source": "public"})
    item = OversightItem.objects.get(title="供热工作专题调研")
    assert r.status_code == 302 and r["Location"] == reverse("oversight:item", args=[item.pk])
    detail = c.get(r["Location"]).content.decode()
    assert 'data-testid="action-review"' in detail
    c.post(reverse("oversight:item-action", args=[item.pk, "review"]), {"note": "同意"})
    assert OversightItem.objects.get(pk=item.pk).status == "reviewed"
    # a refused rule is shown in Chinese on the form
    bad = c.post(reverse("oversight:item-new"), {"kind": "special_report", "title": "无机关报告", "source": "public"})
    assert bad.status_code == 200 and "须指定报告机关" in bad.content.decode()


def test_organ_submits_its_report_and_a_bad_file_is_refused():
    w = world()
    item = report_item(w)
    c = mf.client(w.officer)
    assert reverse("oversight:item", args=[item.pk]) in c.get(reverse("oversight:mine")).content.decode()
    url = reverse("oversight:item-action", args=[item.pk, "submit_report"])
    bad = c.post(url, {"file": SimpleUploadedFile("a.txt", b"hello")})
    assert "PDF 或 Word" in bad.content.decode()
    assert OversightItem.objects.get(pk=item.pk).status == "planned"
    assert c.post(url, {"file": pdf()}).status_code == 302
    assert OversightItem.objects.get(pk=item.pk).status == "submitted"
    # the organ cannot review its own report (403), a stranger sees nothing (404)
    assert c.get(reverse("oversight:item-action", args=[item.pk, "review"])).status_code == 403
    assert mf.client(mf.f.UserFactory(role="citizen")).get(reverse("oversight:item", args=[item.pk])).status_code == 404


def test_member_enters_an_opinion_from_his_page():
    w = world()
    item = heard(w)
    member = mf.deputy_login(w.members[0])
    c = mf.client(member)
    assert reverse("oversight:item", args=[item.pk]) in c.get(reverse("oversight:mine")).content.decode()
    r = c.post(reverse("oversight:item-action", args=[item.pk, "opinion"]), {"text": "建议加强监测"})
    assert r.status_code == 302 and DeliberationOpinion.objects.get(item=item).deputy == w.members[0]
    assert c.get(reverse("oversight:item-action", args=[item.pk, "send_opinions"])).status_code == 403


def test_public_page_shows_published_items_only():
    w = world()
    item = heard(w)
    anon = mf.Client()
    assert item.title not in anon.get(reverse("oversight:public")).content.decode()
    assert anon.get(reverse("oversight:item", args=[item.pk])).status_code == 404
    services.item_publish(item=item, actor=w.staff)
    assert item.title in anon.get(reverse("oversight:public")).content.decode()
    assert anon.get(reverse("oversight:item", args=[item.pk])).status_code == 200


def test_overdue_board_inquiry_decision_and_records_pages():
    w = world()
    item = heard(w)
    services.opinions_send(item=item, text="意见", actor=w.staff, on=date(2025, 1, 2))
    c = mf.client(w.staff)
    assert item.title in c.get(reverse("oversight:overdue")).content.decode()
    r = c.post(
        reverse("oversight:inquiry-new"),
        {
            "meeting": w.meeting.pk,
            "target": w.organ.pk,
            "questions": "q",
            "content": "c",
            "signers": [d.pk for d in w.members[:4]],
        },
    )
    assert "5人以上联名" in r.content.decode()
    r = c.post(reverse("oversight:records"), {"kind": "information", "date": "2026-03-01", "title": "人大信息一则"})
    assert r.status_code == 302 and WorkRecord.objects.count() == 1
    r = c.post(
        reverse("oversight:decision-new"),
        {
            "kind": "decision",
            "title": "关于加强和规范检察建议工作的决定",
            "text": "正文",
            "meeting": w.meeting.pk,
            "adopted_on": "2026-03-21",
        },
    )
    assert r.status_code == 302
    assert "〔2026〕1" in c.get(reverse("oversight:decisions")).content.decode()
    deputy = mf.client(mf.deputy_login(w.members[0]))
    assert deputy.get(reverse("oversight:records")).status_code == 403


def test_m19_investigation_proposal_page_refuses_too_few_members():
    w = world()
    c = mf.client(w.staff)
    url = reverse("oversight:investigation-new")
    assert url in c.get(reverse("oversight:plan")).content.decode()
    r = c.post(url, {"title": "某问题调查", "proposers": [w.members[0].pk]})
    assert "五分之一以上" in r.content.decode()
    r = c.post(url, {"title": "某问题调查", "proposers": [d.pk for d in w.members[:2]]})
    assert r.status_code == 302 and OversightItem.objects.filter(kind="investigation").count() == 1


def test_an_inspection_offers_no_report_submission_to_its_organ():
    w = world()
    item = services.item_add(
        plan=w.plan, kind="inspection", title="工会法执法检查", law_title="工会法", organ=w.organ, actor=w.staff
    )
    page = mf.client(w.staff).get(reverse("oversight:item", args=[item.pk])).content.decode()
    assert 'data-testid="action-group"' in page and 'data-testid="action-submit_report"' not in page
    assert (
        mf.client(w.officer).get(reverse("oversight:item-action", args=[item.pk, "submit_report"])).status_code == 403
    )
