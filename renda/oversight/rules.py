"""Pure rules of the oversight domain (no ORM): lead times, periods, the satisfaction outcome, joint
signers. Each function names its RULES.md id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from renda.core.workdays import add_months


@dataclass(frozen=True)
class LeadTimes:
    """M4: the latest dates the report reaches the committee, the Standing Committee and its members."""

    committee: date
    standing_committee: date
    members: date


def lead_times(meeting_day: date, *, committee_days: int, sc_days: int, member_days: int) -> LeadTimes:
    """M4 (监督法 第15条): ``meeting_day`` minus 20 / 10 / 7 calendar days (the law counts days)."""
    return LeadTimes(
        meeting_day - timedelta(days=committee_days),
        meeting_day - timedelta(days=sc_days),
        meeting_day - timedelta(days=member_days),
    )


def dissatisfied(*, satisfied: int, basically: int, dissatisfied: int, share: Fraction) -> bool:
    """M10 (DEFAULT, UNCONFIRMED): 不满意 when 不满意 votes are more than ``share`` of the valid votes
    (满意 + 基本满意 + 不满意; a ballot with no grade or several grades is invalid and not counted).
    No valid vote is never 不满意."""
    if min(satisfied, basically, dissatisfied) < 0:
        raise ValueError("counts must not be negative")
    valid = satisfied + basically + dissatisfied
    return valid > 0 and Fraction(dissatisfied, valid) > share


def audit_rectification_due(audit_heard_on: date, *, months: int) -> date:
    """M22: the audit rectification report is heard within ``months`` (6) of the audit report."""
    return add_months(audit_heard_on, months)


def in_june_to_september(day: date) -> bool:
    """M20/M21: final accounts and the mid-year execution report are heard between June and September."""
    return 6 <= day.month <= 9


def second_answer_needed(*, unsatisfied: int, proposers: int) -> bool:
    """M18: more than half of the proposers are not satisfied with the answer."""
    return unsatisfied * 2 > proposers
