"""G5: local law, not 立法法, sets the procedure — every procedural number of the legislation app is a
setting (``renda/legislation/conf.py``): the national defaults, a province's practice (Zhejiang: 20-day
comment period), then one congress's own 立法条例 (``RENDA_LEGISLATION["CONGRESSES"]``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from renda.core.exceptions import RuleViolation
from renda.legislation import comments, conf, forms, lifecycle, selectors, services
from renda.legislation.models import Draft, DraftVersion
from renda.legislation.tests import factories as lf
from renda.organization.models import Congress

pytestmark = pytest.mark.django_db

HUZHOU = "330500"  # a Zhejiang city: region code prefix "33"


def _own(**values: int) -> object:
    """Settings giving the test congress (factory region code 990100) its own procedural numbers."""
    return override_settings(RENDA_LEGISLATION={"CONGRESSES": {"990100": values}})


def _move_to(w: lf.World, region_code: str) -> None:
    Congress.objects.filter(pk=w.draft.congress_id).update(region_code=region_code)
    w.draft.congress.region_code = region_code


def _read_once(w: lf.World) -> None:
    lf.submitted(w)
    services.reading_schedule(draft=w.draft, version=w.version, meeting=w.meeting(1), actor=w.staff)  # 2026-03-21


def test_g5_defaults_are_the_statutory_numbers():
    national = conf.procedure(None)
    assert national["READINGS"] == 2 and national["MAX_READINGS"] == 3  # G8
    assert national["COMMENT_DAYS"] == 30 and national["TERMINATION_MONTHS"] == 24  # G11, G14
    assert national["APPROVAL_MONTHS"] == 4 and national["CITY_FILING_DAYS"] == 15  # G15, G18
    assert (national["GOVERNMENT_LEAD_DAYS"], national["MEMBER_LEAD_DAYS"]) == (30, 7)  # G7
    w = lf.world()
    assert w.draft.required_readings == 2
    _read_once(w)
    # allowed: the default period is 30 days
    v = comments.period_open(version=w.version, opens=date(2026, 3, 21), actor=w.staff)
    assert (v.comment_closes - v.comment_opens).days == 30
    # boundary: 29 days is shorter than the default and needs the 主任会议's decision
    with pytest.raises(RuleViolation) as err:
        comments.period_open(version=w.version, opens=date(2026, 3, 21), days=29, actor=w.staff)
    assert err.value.code == "short_period" and "30日" in err.value.message
    assert selectors.termination_due(Draft.objects.get(pk=w.draft.pk)) == date(2028, 3, 21)


def test_g5_a_zhejiang_city_comment_period_is_20_days():
    w = lf.world()
    _move_to(w, HUZHOU)
    assert conf.value("COMMENT_DAYS", w.draft.congress) == 20
    _read_once(w)
    # allowed: 20 days without a decision, and 20 is the default period there
    v = comments.period_open(version=w.version, opens=date(2026, 3, 21), actor=w.staff)
    assert (v.comment_closes - v.comment_opens).days == 20
    v = comments.period_open(version=w.version, opens=date(2026, 3, 21), days=20, actor=w.staff)
    assert v.comment_closes == date(2026, 4, 10)
    # boundary: 19 days needs the decision there too; nothing changes
    with pytest.raises(RuleViolation) as err:
        comments.period_open(version=w.version, opens=date(2026, 3, 22), days=19, actor=w.staff)
    assert err.value.code == "short_period" and "20日" in err.value.message
    assert DraftVersion.objects.get(pk=w.version.pk).comment_opens == date(2026, 3, 21)
    # the page's form follows the setting
    assert forms.PeriodForm(congress=w.draft.congress).fields["days"].initial == 20


def test_g5_a_congress_with_three_readings_and_one_limited_to_two():
    with _own(READINGS=3):
        w = lf.world()
        assert w.draft.required_readings == 3
        # forbidden: two readings instead of three need the 主任会议's ground (G9) …
        with pytest.raises(RuleViolation) as err:
            services.readings_set(draft=w.draft, required=2, ground="", actor=w.staff)
        assert err.value.code == "ground_required"
        assert Draft.objects.get(pk=w.draft.pk).required_readings == 3
        # … and a vote after two readings is refused (G8)
        lf.submitted(w)
        lf.read(w, 2)
        with pytest.raises(RuleViolation) as err:
            services.vote_schedule(draft=w.draft, meeting=w.meeting(3), actor=w.staff)
        assert err.value.code == "readings_required" and "3次" in err.value.message
        # allowed with the ground
        d = services.readings_set(draft=w.draft, required=2, ground="各方面意见比较一致", actor=w.staff)
        assert d.required_readings == 2
    with _own(READINGS=2, MAX_READINGS=2):
        w = lf.world()
        # boundary: three readings are more than this congress's rules allow
        with pytest.raises(RuleViolation) as err:
            services.readings_set(draft=w.draft, required=3, ground="", actor=w.staff)
        assert err.value.code == "invalid_readings" and "1至2次" in err.value.message
        assert services.readings_set(draft=w.draft, required=2, ground="", actor=w.staff).required_readings == 2
        assert [c[0] for c in forms.ReadingsForm(draft=w.draft).fields["required"].choices] == [1, 2]  # type: ignore[attr-defined]


def test_g5_clocks_follow_the_congress_setting():
    with _own(TERMINATION_MONTHS=12, APPROVAL_MONTHS=3, CITY_FILING_DAYS=10, GOVERNMENT_LEAD_DAYS=20):
        w = lf.world()
        # G7: a government draft submitted 20 days before the meeting is in time here (not under the default 30)
        lf.submitted(w, proposer=Draft.Proposer.GOVERNMENT, on=date(2026, 3, 1))
        services.reading_schedule(draft=w.draft, version=w.version, meeting=w.meeting(1), actor=w.staff)
        d = Draft.objects.get(pk=w.draft.pk)
        assert selectors.termination_due(d) == date(2027, 3, 21)  # G14: one year here
        with pytest.raises(RuleViolation) as err:  # boundary: the day before the twelve months
            lifecycle.draft_terminate(draft=d, on=date(2027, 3, 20), report="主任会议报告", actor=w.staff)
        assert err.value.code == "not_yet_due" and "满12个月" in err.value.message
        d.approval_requested_on, d.promulgated_on = date(2026, 4, 1), date(2026, 6, 5)
        assert services.approval_due(d) == date(2026, 7, 1)  # G15: three months here
        assert services.filing_due(d) == date(2026, 6, 15)  # G18: ten days here
    with _own(GOVERNMENT_LEAD_DAYS=20):
        w = lf.world()
        # boundary: 19 days is still too late under the congress's 20
        lf.submitted(w, proposer=Draft.Proposer.GOVERNMENT, on=date(2026, 3, 2))
        with pytest.raises(RuleViolation) as err:
            services.reading_schedule(draft=w.draft, version=w.version, meeting=w.meeting(1), actor=w.staff)
        assert err.value.code == "lead_time" and "20日前" in err.value.message


@pytest.mark.parametrize(
    "values", [{"READINGS": 4, "MAX_READINGS": 4}, {"READINGS": 3, "MAX_READINGS": 2}, {"COMMENT_DAYS": 0}]
)
def test_g5_a_setting_outside_the_law_is_refused(values):
    # allowed: a congress's own two-reading rule
    with _own(READINGS=1, MAX_READINGS=2):
        assert conf.value("READINGS", Congress(region_code="990100")) == 1
    # forbidden: more than three readings, a default above the congress's own maximum, a zero-day period
    with _own(**values), pytest.raises(ImproperlyConfigured):
        conf.procedure("990100")
    assert conf.procedure("990100")["READINGS"] == 2
