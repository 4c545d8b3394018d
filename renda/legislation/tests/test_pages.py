"""The legislation pages and API: the demo's course, who sees what, refused input without a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core.audit import verify_model
from renda.legislation import comments
from renda.legislation import demo as leg_demo
from renda.legislation.docstruct import parse_paragraphs, to_docx
from renda.legislation.models import Comment, ContactPoint, Draft, DraftEvent, DraftVersion, Position
from renda.legislation.sms import ConsoleBackend
from renda.legislation.tests import factories as lf
from renda.legislation.workflow import Status
from renda.meetings import demo as meetings_demo
from renda.organization import demo as org_demo
from renda.organization.models import User

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_demo_loads_the_river_basin_regulation_through_to_filing():
    org_demo.load()
    meetings_demo.load()
    draft = leg_demo.load()
    assert draft is not None and draft.status == Status.FILED
    v1 = draft.versions.get(number=1)
    assert v1.comments.count() == 42
    assert v1.comments.filter(source=Comment.Source.CONTACT_POINT).exists()
    assert [p.size for p in Position.objects.filter(version=v1, kind=Position.Kind.CAMPAIGN)] == [17]
    assert v1.feedback_published and ContactPoint.objects.count() == 6
    assert sum(len(p.expert_list) for p in ContactPoint.objects.all()) == 20
    assert draft.readings.count() == 2
    # the year's three other regulations (两部流域条例 with this one, 长城保护条例 made, 电动车条例 revised)
    adopted = Draft.objects.filter(status=Status.ADOPTED).order_by("adopted_on")
    assert [(d.title, d.making, d.readings.count(), d.plan_items.count()) for d in adopted] == [
        ("御水河流域协同保护条例", Draft.Making.NEW, 2, 1),
        ("长城保护条例", Draft.Making.NEW, 2, 1),
        ("电动自行车管理条例", Draft.Making.REVISION, 2, 1),
    ]
    assert not list(verify_model(DraftEvent))
    assert leg_demo.load().pk == draft.pk  # idempotent
    staff = User.objects.get(username="staff")
    c = _client(staff)
    for url in (
        reverse("legislation:drafts"),
        reverse("legislation:plans"),
        reverse("legislation:draft", args=[draft.pk]),
        reverse("legislation:version", args=[v1.pk]),
        reverse("legislation:report", args=[v1.pk]),
        reverse("legislation:compare", args=[draft.versions.get(number=2).pk, v1.pk]),
    ):
        assert c.get(url).status_code == 200, url
    assert Client().get(reverse("legislation:public-feedback", args=[v1.pk])).status_code == 200
    assert c.get(reverse("legislation:report-docx", args=[v1.pk]))["Content-Type"].startswith("application/vnd")


def test_staff_import_page_shows_the_parse_report_and_refuses_a_non_docx():
    w = lf.world()
    c = _client(w.staff)
    bad = c.post(
        reverse("legislation:import", args=[w.draft.pk]), {"label": "二稿", "file": _upload(b"plain text", "a.docx")}
    )
    assert bad.status_code == 200 and "有效的 Word" in bad.content.decode()
    data = to_docx("标题", parse_paragraphs(lf.TEXT).articles)
    ok = c.post(reverse("legislation:import", args=[w.draft.pk]), {"label": "二稿", "file": _upload(data, "b.docx")})
    assert ok.status_code == 302
    version = DraftVersion.objects.get(draft=w.draft, number=2)
    page = c.get(reverse("legislation:version", args=[version.pk])).content.decode()
    assert "第五条" in page and "parse-report-ok" in page


def _upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_deputy_sees_drafts_but_not_staff_actions_and_citizen_gets_403():
    w = lf.world()
    from renda.organization.tests import factories as f

    deputy = f.UserFactory(role=User.Role.DEPUTY, deputy=f.DeputyFactory(term=w.body.term), congress=w.draft.congress)
    page = _client(deputy).get(reverse("legislation:draft", args=[w.draft.pk]))
    assert page.status_code == 200 and "act-submit" not in page.content.decode()
    assert _client(deputy).get(reverse("legislation:act", args=[w.draft.pk, "submit"])).status_code == 403
    citizen = f.UserFactory(role=User.Role.CITIZEN)
    assert _client(citizen).get(reverse("legislation:drafts")).status_code == 403
    assert _client(citizen).get(reverse("legislation:draft", args=[w.draft.pk])).status_code == 404


def test_public_page_code_then_comment_and_closed_period_refused_without_500():
    w = lf.world()
    comments.period_open(early_reason=lf.EARLY, version=w.version, opens=timezone.localdate(), actor=w.staff)
    c = Client()
    url = reverse("legislation:public-version", args=[w.version.pk])
    assert "comment-form-5" in c.get(url).content.decode()
    ConsoleBackend.outbox.clear()
    c.post(reverse("legislation:public-code", args=[w.version.pk]), {"phone": "13800000011"})
    code = ConsoleBackend.outbox[-1][1].split("验证码 ")[1][:6]
    r = c.post(
        reverse("legislation:public-comment", args=[w.version.pk]),
        {"article": "5", "phone": "13800000011", "code": code, "text": "第五条好"},
    )
    assert r.status_code == 302
    assert Comment.objects.get(version=w.version).article.number == 5
    # a second comment needs no new code in the same visit
    c.post(reverse("legislation:public-comment", args=[w.version.pk]), {"text": "总体意见"})
    assert Comment.objects.filter(version=w.version).count() == 2
    # closed: refused with a message
    DraftVersion.objects.filter(pk=w.version.pk).update(comment_closes=timezone.localdate() - timedelta(days=1))
    r = c.post(reverse("legislation:public-comment", args=[w.version.pk]), {"text": "迟到"}, follow=True)
    assert "已经截止" in r.content.decode()
    assert Comment.objects.filter(version=w.version).count() == 2
    for bad in ("abc", "9" * 23, ""):
        assert (
            c.post(
                reverse("legislation:public-comment", args=[w.version.pk]), {"article": bad, "text": "x"}
            ).status_code
            == 302
        )


def test_api_public_comment_after_the_period_is_422_comment_closed():
    w = lf.world()
    comments.period_open(
        early_reason=lf.EARLY, version=w.version, opens=timezone.localdate() - timedelta(days=40), actor=w.staff
    )
    r = Client().post(
        f"/api/legislation/public/{w.version.pk}/comments/",
        {"phone": "13800000012", "code": "123456", "text": "迟到"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "comment_closed"


def test_api_drafts_and_version_for_staff_404_for_others():
    w = lf.world()
    r = _client(w.staff).get(f"/api/legislation/versions/{w.version.pk}/")
    assert r.status_code == 200 and r.json()["articles"][4]["number"] == 5
    assert _client(w.staff).get("/api/legislation/drafts/").json()[0]["title"] == w.draft.title
    from renda.organization.tests import factories as f

    other = f.UserFactory(role=User.Role.CITIZEN)
    assert _client(other).get(f"/api/legislation/drafts/{w.draft.pk}/").status_code == 404
    assert _client(w.staff).get("/api/legislation/drafts/abc/").status_code == 404


def test_g20_plan_item_page_refuses_a_late_date_without_explanation():
    from datetime import date

    from renda.legislation.models import LegislativePlan, PlanItem

    w = lf.world()
    plan = LegislativePlan.objects.create(
        congress=w.draft.congress, kind="annual", year_from=2026, year_to=2026, title="计划"
    )
    item = PlanItem.objects.create(plan=plan, title="某条例", proposer="市人民政府", submission_due=date(2026, 5, 1))
    c = _client(w.staff)
    assert "plans/items/" in c.get(reverse("legislation:plans")).content.decode()
    url = reverse("legislation:plan-item-submitted", args=[item.pk])
    r = c.post(url, {"submitted_on": "2026-05-03", "explanation": ""})
    assert r.status_code == 200 and "书面说明" in r.content.decode()
    assert c.post(url, {"submitted_on": "2026-05-03", "explanation": "已说明"}).status_code == 302
    assert c.post(url, {"submitted_on": "abc"}).status_code == 200
