"""M25: the 备案审查工作情况报告 is heard and deliberated every year (监督法 第45条; 地方组织法 第50条第(十)项):
an item kind of the plan, reported by the Standing Committee's own 法制工作委员会 (no organ), required
every year by the yearly statutory-report check, showing the filing app's annual figures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core.exceptions import RuleViolation
from renda.filing.selectors import annual_figures
from renda.meetings.tests import factories as mf
from renda.organization.models import Body
from renda.oversight import forms, selectors, services
from renda.oversight.models import OversightItem
from renda.oversight.tests.helpers import world

pytestmark = pytest.mark.django_db
K = OversightItem.Kind
TITLE = "关于2025年度规范性文件备案审查工作情况的报告"


def _missing(w) -> set[str]:
    return {r.kind for r in selectors.annual_missing(w.staff.congress_id, 2026)}


def test_m25_a_year_whose_plan_lacks_the_filing_review_report_is_flagged():
    w = world()
    services.item_add(plan=w.plan, kind=K.STATE_ASSETS, title="国有资产管理情况报告", organ=w.organ, actor=w.staff)
    assert K.FILING_REVIEW in _missing(w)
    row = next(r for r in selectors.annual_check(w.staff.congress_id, 2026) if r.kind == K.FILING_REVIEW)
    assert row.rule == "M25" and row.missing
    page = mf.client(w.staff).get(reverse("oversight:annual-check") + "?year=2026").content.decode()
    assert 'data-testid="annual-missing"' in page and "备案审查工作情况报告" in page
    # the staff home panel counts it too
    assert any(r.kind == K.FILING_REVIEW for r in selectors.annual_missing(w.staff.congress_id, 2026))


def test_m25_a_year_with_the_report_is_not_flagged_and_it_shows_the_filing_figures():
    w = world()
    legal = Body.objects.create(term=w.sc.term, kind=Body.Kind.WORKING_COMMITTEE, name="法制工作委员会")
    # forbidden: the report is the Standing Committee's own office's, not a government organ's
    with pytest.raises(RuleViolation) as err:
        services.item_add(plan=w.plan, kind=K.FILING_REVIEW, title=TITLE, organ=w.organ, actor=w.staff)
    assert err.value.extra["rule"] == "M25" and not w.plan.items.exists()
    assert K.FILING_REVIEW in _missing(w)
    # allowed: the 法工委 leads it
    item = services.item_add(plan=w.plan, kind=K.FILING_REVIEW, title=TITLE, committee=legal, actor=w.staff)
    assert item.organ is None and K.FILING_REVIEW not in _missing(w)
    # a year without it is still flagged
    assert K.FILING_REVIEW in {r.kind for r in selectors.annual_missing(w.staff.congress_id, 2027)}
    # the item shows the filing app's figures for the plan's year
    figures = selectors.filing_review_figures(item)
    assert figures == annual_figures(2026, w.staff.congress_id) and figures
    page = mf.client(w.staff).get(reverse("oversight:item", args=[item.pk])).content.decode()
    assert 'data-testid="filing-figures"' in page and "报送备案的规范性文件" in page and "法制工作委员会" in page
    other = services.item_add(plan=w.plan, kind=K.RESEARCH, title="专题调研", actor=w.staff)
    assert selectors.filing_review_figures(other) == []


def test_m25_the_kind_is_offered_in_the_plan_form():
    w = world()
    field = forms.ItemForm(congress_id=w.staff.congress_id).fields["kind"]
    assert K.FILING_REVIEW in [c[0] for c in field.choices]
