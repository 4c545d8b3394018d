"""Special committees' members give their opinions on their own page within the period (RULES.md F4:
30 days), staff read the collected opinions; the review assistant stops when the review has ended."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.filing import assistant, committee, services
from renda.filing.events import Action
from renda.filing.models import Flag, MemberOpinion
from renda.filing.tests.conftest import in_review
from renda.organization.models import Body, User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_committee(congress):
    term = org.TermFactory(congress=congress)
    return org.BodyFactory(term=term, kind=Body.Kind.SPECIAL_COMMITTEE, name="法制委员会")


def _member(body, username, name):
    deputy = org.DeputyFactory(term=body.term, name=name)
    org.MembershipFactory(body=body, deputy=deputy)
    return org.UserFactory(role=User.Role.DEPUTY, username=username, deputy=deputy, congress=body.term.congress)


def _sent(staff, organ, body, asked_on):
    doc = in_review(staff, organ)
    services.document_ask_committee(doc=doc, actor=staff, committee=body, on=asked_on)
    doc.refresh_from_db()
    return doc


def test_f4_member_gives_opinion_on_day_30_not_on_day_31(staff, organ, legal_committee):
    member = _member(legal_committee, "m_zhang", "张委员")
    doc = _sent(staff, organ, legal_committee, date(2026, 4, 1))
    assert committee.committee_due(doc) == date(2026, 5, 1)
    with pytest.raises(RuleViolation) as exc:
        committee.member_opinion_give(doc=doc, actor=member, text="同意", on=date(2026, 5, 2))
    assert exc.value.code == "period_over" and exc.value.extra["rule"] == "F4"
    assert not MemberOpinion.objects.exists()
    op = committee.member_opinion_give(doc=doc, actor=member, text="第五条设定罚款缺乏依据", on=date(2026, 5, 1))
    assert op.deputy == member.deputy and op.given_on == date(2026, 5, 1)
    # revising it keeps one opinion per member
    committee.member_opinion_give(doc=doc, actor=member, text="建议纠正第五条", on=date(2026, 5, 1))
    assert [o.text for o in committee.collected(doc)] == ["建议纠正第五条"]
    assert doc.events.filter(action=Action.MEMBER_OPINION).count() == 2


def test_f4_only_members_of_the_committee_asked_may_give_an_opinion(staff, organ, legal_committee, congress):
    other = org.BodyFactory(term=legal_committee.term, kind=Body.Kind.SPECIAL_COMMITTEE, name="财政经济委员会")
    outsider = _member(other, "m_li", "李委员")
    doc = _sent(staff, organ, legal_committee, date(2026, 4, 1))
    with pytest.raises(PermissionDeniedError):
        committee.member_opinion_give(doc=doc, actor=outsider, text="x", on=date(2026, 4, 2))
    assert not committee.member_documents(outsider, date(2026, 4, 2)).exists()
    # the committee's opinion recorded by staff closes the members' entry
    member = _member(legal_committee, "m_wang", "王委员")
    services.document_committee_opinion(doc=doc, actor=staff, text="委员会意见：建议纠正", on=date(2026, 4, 10))
    doc.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        committee.member_opinion_give(doc=doc, actor=member, text="x", on=date(2026, 4, 11))
    assert exc.value.code == "opinion_recorded"


def test_f4_member_page_from_home_and_staff_see_collected_opinions(client, staff, organ, legal_committee):
    member = _member(legal_committee, "m_zhao", "赵委员")
    doc = _sent(staff, organ, legal_committee, timezone.localdate() - timedelta(days=3))
    client.force_login(member)
    home = client.get(reverse("home")).content.decode()
    assert reverse("filing:member-doc", args=[doc.pk]) in home and reverse("filing:member") in home
    assert doc.title in client.get(reverse("filing:member")).content.decode()
    page = client.get(reverse("filing:member-doc", args=[doc.pk])).content.decode()
    assert 'data-testid="member-form"' in page and "第五条" in page
    r = client.post(reverse("filing:member-doc", args=[doc.pk]), {"text": ""})
    assert r.status_code == 200 and not MemberOpinion.objects.exists()
    client.post(reverse("filing:member-doc", args=[doc.pk]), {"text": "第五条设定罚款，建议纠正"})
    assert MemberOpinion.objects.get().text == "第五条设定罚款，建议纠正"
    assert client.get(reverse("filing:detail", args=[doc.pk])).status_code == 404  # not the staff page
    client.force_login(staff)
    detail = client.get(reverse("filing:detail", args=[doc.pk])).content.decode()
    assert 'data-testid="member-opinions"' in detail and "赵委员" in detail and "建议纠正" in detail
    assert client.get(reverse("filing:member")).status_code == 403


def test_f4_member_api(staff, organ, legal_committee):
    member = _member(legal_committee, "m_qian", "钱委员")
    doc = _sent(staff, organ, legal_committee, timezone.localdate() - timedelta(days=40))
    api = APIClient()
    api.force_authenticate(member)
    rows = api.get("/api/filing/committee/").json()
    assert rows[0]["id"] == doc.pk and rows[0]["open"] is False
    late = api.post(f"/api/filing/committee/{doc.pk}/opinion/", {"text": "同意"}, format="json")
    assert late.status_code == 422 and late.json()["code"] == "period_over"
    api.force_authenticate(staff)
    assert api.get("/api/filing/committee/").status_code == 403


def test_assistant_does_not_run_after_the_review_ended(client, staff, organ):
    doc = in_review(staff, organ)
    flag = assistant.document_assist(doc=doc, actor=staff)[0]
    services.document_step(doc=doc, actor=staff, step="no_problem", note="未发现问题")
    with pytest.raises(RuleViolation) as exc:
        assistant.document_assist(doc=doc, actor=staff)
    assert exc.value.code == "review_ended"
    with pytest.raises(RuleViolation):
        assistant.flag_decide(flag=flag, actor=staff, confirm=True)
    assert Flag.objects.get(pk=flag.pk).decision == Flag.Decision.OPEN
    client.force_login(staff)
    page = client.get(reverse("filing:detail", args=[doc.pk])).content.decode()
    assert 'data-testid="assist"' not in page and 'name="decision"' not in page
    api = APIClient()
    api.force_authenticate(staff)
    r = api.post(f"/api/filing/documents/{doc.pk}/flags/", format="json")
    assert r.status_code == 422 and r.json()["code"] == "review_ended"
