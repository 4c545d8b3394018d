"""Settings of the legislation app (``settings.RENDA_LEGISLATION``), with the RULES.md §8 defaults.

Every procedural number is a setting (G5): a city's own 立法条例 decides it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "READINGS": 2,  # G8: normally two SC readings before the vote
    "GOVERNMENT_LEAD_DAYS": 30,  # G7: the government submits ≥30 days before the SC meeting
    "MEMBER_LEAD_DAYS": 7,  # G7: the draft goes to members ≥7 days before
    "COMMENT_DAYS": 30,  # G11: 一般不少于三十日
    "APPROVAL_MONTHS": 4,  # G15: the province approves within 4 months of receipt
    "CITY_FILING_DAYS": 15,  # G18: city → province within 15 days of publication
    "NPC_FILING_DAYS": 30,  # G18: province → NPCSC/State Council within 30 days (tracked, not the city's task)
    "TERMINATION_MONTHS": 24,  # G14: a bill set aside for two years (搁置审议满两年) is terminated
    "TERMINATION_WARN_DAYS": 90,  # G14 board: drafts within this many days of the two years are listed
    "REPETITION_THRESHOLD": 0.6,  # G2: Jaccard of 5-gram shingles above which an article repeats higher law
    "SMS_BACKEND": "renda.legislation.sms.ConsoleBackend",
    "CODE_TTL_SECONDS": 600,
    "CODE_ATTEMPTS": 5,
    "CODES_PER_PHONE_PER_HOUR": 5,
    "COMMENTS_PER_PHONE_PER_HOUR": 30,
    "CAMPAIGN_THRESHOLD": 0.4,  # Jaccard of 5-gram shingles (bench/legislation_campaigns.py: 0.4 keeps short templates whole)
    "CAMPAIGN_MIN_SIZE": 3,
}


def get(name: str) -> Any:
    """The setting ``name`` from ``settings.RENDA_LEGISLATION``, else its default above."""
    return getattr(settings, "RENDA_LEGISLATION", {}).get(name, DEFAULTS[name])
