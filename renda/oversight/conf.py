"""Settings of the oversight domain, read from ``settings.RENDA_OVERSIGHT`` over these RULES.md defaults.

The periods of M6, M12, M14 and M24 differ by province: :func:`periods` gives a congress's periods —
the national/Zhejiang defaults, replaced by its province's regulations (``PROVINCES``, keyed by the
first two digits of the region code; Henan = "41", 河南办法 2015) and then by a setting for the one
congress (``CONGRESSES``, keyed by region code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

#: 河南省各级人民代表大会常务委员会监督办法 (2015): M12 10 days' notice; M14 inspection opinions
#: handed over within 10 days, handled within 3 months; M24 the plan report 10 days / 3 months, the
#: budget-execution, final-accounts and audit reports 10 days / 2 months; M6 3 months.
HENAN: dict[str, Any] = {
    "INSPECTION_NOTICE_DAYS": 10,
    "HANDLING_MONTHS": 3,
    "HANDOVER_DAYS_BY_KIND": {"inspection": 10, "plan_budget": 10, "final_accounts": 10, "audit_rectification": 10},
    "HANDLING_MONTHS_BY_KIND": {"inspection": 3, "plan_budget": 2, "final_accounts": 2, "audit_rectification": 2},
}

DEFAULTS: dict[str, Any] = {
    # M4: the report reaches the committee ≥ 20 days, the Standing Committee ≥ 10 days, members ≥ 7 days
    # before the meeting (监督法 第15条).
    "LEAD_COMMITTEE_DAYS": 20,
    "LEAD_SC_DAYS": 10,
    "LEAD_MEMBERS_DAYS": 7,
    # M6: opinions handed over within 7 days, the organ reports within 3 months (浙江 第43–44条).
    "HANDOVER_DAYS": 7,
    "HANDLING_MONTHS": 3,
    # M14 DEFAULT: an inspection's report and opinions are handed over within 10 days after the session
    # closes and handled within 3 months. Per kind, over HANDOVER_DAYS / HANDLING_MONTHS.
    "HANDOVER_DAYS_BY_KIND": {"inspection": 10},
    "HANDLING_MONTHS_BY_KIND": {"inspection": 3},
    # M10: 不满意 > this share of valid votes → the organ re-reports within RECTIFY_MONTHS (UNCONFIRMED).
    "DISSATISFIED_SHARE": "1/2",
    "RECTIFY_MONTHS": 3,
    # M12: the inspection plan reaches the organ 1 month ahead (浙江 第29条); a province may set days.
    "INSPECTION_NOTICE_MONTHS": 1,
    "INSPECTION_NOTICE_DAYS": None,
    # M17: joint members needed for a 质询案 at a city Standing Committee (监督法 第51条).
    "INQUIRY_MIN_SIGNERS": 5,
    # M22: the audit rectification report is heard within 6 months of the audit report (第27条第2款).
    "AUDIT_RECTIFICATION_MONTHS": 6,
    # M24: provinces whose regulations replace the periods above, by region-code prefix.
    "PROVINCES": {"41": HENAN},
    # one congress's own periods, by region code (over its province's)
    "CONGRESSES": {},
    # report uploads
    "REPORT_TYPES": [".pdf", ".docx", ".doc"],
    "REPORT_MAX_BYTES": 20 * 1024 * 1024,
}

#: The settings a province or a congress may replace.
PERIOD_KEYS = (
    "HANDOVER_DAYS",
    "HANDLING_MONTHS",
    "HANDOVER_DAYS_BY_KIND",
    "HANDLING_MONTHS_BY_KIND",
    "INSPECTION_NOTICE_MONTHS",
    "INSPECTION_NOTICE_DAYS",
    "RECTIFY_MONTHS",
)


def get(name: str) -> Any:
    """The setting ``name`` (``RENDA_OVERSIGHT[name]`` merged over :data:`DEFAULTS`)."""
    override = getattr(settings, "RENDA_OVERSIGHT", {}).get(name)
    return DEFAULTS[name] if override is None else override


@dataclass(frozen=True)
class Periods:
    """One congress's oversight periods (M6, M12, M14, M24); ``source`` names where they come from."""

    handover_days: int
    handling_months: int
    handover_by_kind: dict[str, int] = field(default_factory=dict)
    handling_by_kind: dict[str, int] = field(default_factory=dict)
    notice_months: int = 1
    notice_days: int | None = None
    rectify_months: int = 3
    source: str = "national"

    def handover(self, kind: str) -> int:
        """Days after the hearing (an inspection: after the session) to hand the opinions over."""
        return int(self.handover_by_kind.get(kind, self.handover_days))

    def handling(self, kind: str) -> int:
        """Months the organ has for its handling report on an item of ``kind``."""
        return int(self.handling_by_kind.get(kind, self.handling_months))


def periods(region_code: str | None) -> Periods:
    """The periods of the congress with ``region_code`` (M24): defaults, then its province's
    regulations (``PROVINCES[code[:2]]``), then its own setting (``CONGRESSES[code]``)."""
    values = {k: get(k) for k in PERIOD_KEYS}
    source = "national"
    code = region_code or ""
    for layer, name in ((get("PROVINCES").get(code[:2]), f"province:{code[:2]}"), (get("CONGRESSES").get(code), code)):
        if layer:
            for k in PERIOD_KEYS:
                if k in layer:
                    values[k] = {**values[k], **layer[k]} if k.endswith("_BY_KIND") else layer[k]
            source = name
    return Periods(
        handover_days=values["HANDOVER_DAYS"],
        handling_months=values["HANDLING_MONTHS"],
        handover_by_kind=dict(values["HANDOVER_DAYS_BY_KIND"]),
        handling_by_kind=dict(values["HANDLING_MONTHS_BY_KIND"]),
        notice_months=values["INSPECTION_NOTICE_MONTHS"],
        notice_days=values["INSPECTION_NOTICE_DAYS"],
        rectify_months=values["RECTIFY_MONTHS"],
        source=source,
    )
