"""Settings of the legislation app (``settings.RENDA_LEGISLATION``), with the RULES.md §8 defaults.

Every procedural number is a setting (G5): 立法法 binds a city only "参照", through the rules its own
congress adopts (立法法 2023 第87条第1款). :func:`value` gives one congress's number — the national
defaults below (replaced by ``settings.RENDA_LEGISLATION``), then its province's practice
(``PROVINCES``, keyed by the first two digits of the region code; Zhejiang = "33": 20-day comment
period, 湖州 2020 第34条), then the congress's own 立法条例 (``CONGRESSES``, keyed by region code), the way
:func:`renda.oversight.conf.periods` layers the oversight periods. :func:`get` is the national value
(technical settings: SMS, rate limits, similarity thresholds).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: 浙江 cities (湖州 2020 第34条第2款): the comment period is "一般不少于二十日".
ZHEJIANG: dict[str, Any] = {"COMMENT_DAYS": 20}

DEFAULTS: dict[str, Any] = {
    "READINGS": 2,  # G8: normally two SC readings before the vote
    "MAX_READINGS": 3,  # G8/G9: the most readings a bill may be set to (立法法 第32条: three)
    "GOVERNMENT_LEAD_DAYS": 30,  # G7: the government submits ≥30 days before the SC meeting
    "MEMBER_LEAD_DAYS": 7,  # G7: the draft goes to members ≥7 days before
    "COMMENT_DAYS": 30,  # G11: 一般不少于三十日
    "COMMENT_MAX_DAYS": 180,  # G11: the longest comment period staff may set
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
    # G5: provinces whose cities' practice replaces the procedural numbers, by region-code prefix.
    "PROVINCES": {"33": ZHEJIANG},
    # G5: one congress's own 立法条例, by region code (over its province's), e.g. {"110000": {"READINGS": 3}}.
    "CONGRESSES": {},
}

#: The procedural numbers (G5) a province or a congress may replace: whole days, months or readings ≥ 1.
PROCEDURE_KEYS = (
    "READINGS",
    "MAX_READINGS",
    "GOVERNMENT_LEAD_DAYS",
    "MEMBER_LEAD_DAYS",
    "COMMENT_DAYS",
    "COMMENT_MAX_DAYS",
    "APPROVAL_MONTHS",
    "CITY_FILING_DAYS",
    "NPC_FILING_DAYS",
    "TERMINATION_MONTHS",
    "TERMINATION_WARN_DAYS",
)


def get(name: str) -> Any:
    """The national setting ``name`` from ``settings.RENDA_LEGISLATION``, else its default above."""
    return getattr(settings, "RENDA_LEGISLATION", {}).get(name, DEFAULTS[name])


def procedure(region_code: str | None) -> dict[str, int]:
    """G5: every procedural number of the congress with ``region_code`` — the national values, then
    ``PROVINCES[code[:2]]``, then ``CONGRESSES[code]``.

    Raises:
        ImproperlyConfigured: a value that is not a whole number ≥ 1, READINGS above MAX_READINGS (G8:
        at most three), or COMMENT_DAYS above COMMENT_MAX_DAYS.
    """
    values = {k: get(k) for k in PROCEDURE_KEYS}
    code = region_code or ""
    for layer in (get("PROVINCES").get(code[:2]), get("CONGRESSES").get(code)):
        for k in PROCEDURE_KEYS:
            if layer and k in layer:
                values[k] = layer[k]
    for k, v in values.items():
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ImproperlyConfigured(f"RENDA_LEGISLATION {k} for {code or 'national'}: a whole number ≥ 1 ({v!r})")
    if not values["READINGS"] <= values["MAX_READINGS"] <= 3:
        raise ImproperlyConfigured(f"RENDA_LEGISLATION READINGS ≤ MAX_READINGS ≤ 3 for {code or 'national'} (G8)")
    if values["COMMENT_DAYS"] > values["COMMENT_MAX_DAYS"]:
        raise ImproperlyConfigured(f"RENDA_LEGISLATION COMMENT_DAYS > COMMENT_MAX_DAYS for {code or 'national'}")
    return values


def value(name: str, congress: Any = None) -> int:
    """G5: the procedural number ``name`` (one of :data:`PROCEDURE_KEYS`) of ``congress`` (an
    ``organization.Congress`` or ``None`` for the national value); see :func:`procedure`."""
    return int(procedure(getattr(congress, "region_code", None))[name])
