"""Settings of the liaison app read in one place (per congress where staff may change them)."""

from __future__ import annotations

from django.conf import settings


def triage_confidence() -> float:
    """Predictions below this probability (0–1) go to the manual triage queue.

    Setting ``LIAISON_TRIAGE_CONFIDENCE`` (default 0.6); a local choice, not a rule in RULES.md.
    """
    return float(getattr(settings, "LIAISON_TRIAGE_CONFIDENCE", 0.6))


def auto_route_enabled(congress_id: int) -> bool:
    """Whether the congress routes confident predictions without a staff member's confirmation.

    Read from :class:`~renda.liaison.models.LiaisonSettings` (``auto_route``, set by staff on the
    triage page); a congress without a row uses the ``RENDA_LIAISON_AUTO_ROUTE`` setting, default
    ``False`` (defect 8: routing to a unit is confirmed by staff unless the congress turns it on).
    """
    from renda.liaison.models import LiaisonSettings

    value = LiaisonSettings.objects.filter(congress_id=congress_id).values_list("auto_route", flat=True).first()
    if value is None:
        return bool(getattr(settings, "RENDA_LIAISON_AUTO_ROUTE", False))
    return bool(value)
