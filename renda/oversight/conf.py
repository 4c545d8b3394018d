"""Settings of the oversight domain, read from ``settings.RENDA_OVERSIGHT`` over these RULES.md defaults."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # M4: the report reaches the committee ≥ 20 days, the Standing Committee ≥ 10 days, members ≥ 7 days
    # before the meeting (监督法 第15条).
    "LEAD_COMMITTEE_DAYS": 20,
    "LEAD_SC_DAYS": 10,
    "LEAD_MEMBERS_DAYS": 7,
    # M6: opinions handed over within 7 days, the organ reports within 3 months (浙江 第43–44条).
    "HANDOVER_DAYS": 7,
    "HANDLING_MONTHS": 3,
    # M10: 不满意 > this share of valid votes → the organ re-reports within RECTIFY_MONTHS (UNCONFIRMED).
    "DISSATISFIED_SHARE": "1/2",
    "RECTIFY_MONTHS": 3,
    # M12: the inspection plan reaches the organ 1 month ahead (浙江 第29条; Henan: 10 days).
    "INSPECTION_NOTICE_MONTHS": 1,
    # M17: joint members needed for a 质询案 at a city Standing Committee (监督法 第51条).
    "INQUIRY_MIN_SIGNERS": 5,
    # M22: the audit rectification report is heard within 6 months of the audit report (第27条第2款).
    "AUDIT_RECTIFICATION_MONTHS": 6,
    # report uploads
    "REPORT_TYPES": [".pdf", ".docx", ".doc"],
    "REPORT_MAX_BYTES": 20 * 1024 * 1024,
}


def get(name: str) -> Any:
    """The setting ``name`` (``RENDA_OVERSIGHT[name]`` merged over :data:`DEFAULTS`)."""
    override = getattr(settings, "RENDA_OVERSIGHT", {}).get(name)
    return DEFAULTS[name] if override is None else override
