"""Settings of the meetings domain, read from ``settings.RENDA_MEETINGS`` with these defaults.

RULES.md: "where practice varies by locality, the product makes the rule a setting".
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.conf import settings

from renda.meetings.rules import QuorumRule, Threshold

DEFAULTS: dict[str, Any] = {
    # Quorum per meeting kind: V1 plenary ≥ 2/3 of all deputies; V3 Standing Committee > half;
    # V5 Presidium > half (default, configurable); Council of Chairpersons > half (local practice).
    "QUORUM": {
        "plenary": QuorumRule.TWO_THIRDS,
        "presidium": QuorumRule.MORE_THAN_HALF,
        "standing_committee": QuorumRule.MORE_THAN_HALF,
        "council_of_chairpersons": QuorumRule.MORE_THAN_HALF,
    },
    # Rule template per agenda item kind (V2–V5): majority of all members unless a law says more.
    "THRESHOLD_BY_ITEM_KIND": {
        "bill": Threshold.MAJORITY_OF_ALL,
        "report": Threshold.MAJORITY_OF_ALL,
        "resolution": Threshold.MAJORITY_OF_ALL,
        "candidate_list": Threshold.MAJORITY_OF_ALL,
        "livelihood_candidates": Threshold.MAJORITY_OF_ALL,
        "satisfaction": Threshold.MAJORITY_OF_ALL,
        "appointment": Threshold.MAJORITY_OF_ALL,
        "qualified_majority": Threshold.TWO_THIRDS_OF_ALL,
        "other": Threshold.MAJORITY_OF_ALL,
    },
}


def get(name: str) -> Any:
    """The setting ``name`` (``RENDA_MEETINGS[name]`` merged over :data:`DEFAULTS`)."""
    override = getattr(settings, "RENDA_MEETINGS", {}).get(name)
    default = DEFAULTS[name]
    if isinstance(default, dict):
        return {**default, **(override or {})}
    return default if override is None else override


def quorum_rule(meeting_kind: str) -> QuorumRule:
    """The quorum rule for a meeting kind (V1/V3/V5)."""
    return QuorumRule(get("QUORUM")[meeting_kind])


def threshold_for(item_kind: str) -> Threshold:
    """The default rule template for an agenda item kind (V2–V5)."""
    return Threshold(get("THRESHOLD_BY_ITEM_KIND").get(item_kind, Threshold.MAJORITY_OF_ALL))


def satisfaction_pass_mark() -> Fraction:
    """L7 pass mark, ``settings.RENDA_LIVELIHOOD["SATISFACTION_PASS_MARK"]`` (a fraction such as "1/2";
    UNCONFIRMED, default 1/2): (满意 + 基本满意) must exceed it as a share of valid votes."""
    raw = getattr(settings, "RENDA_LIVELIHOOD", {}).get("SATISFACTION_PASS_MARK", "1/2")
    return Fraction(str(raw))
