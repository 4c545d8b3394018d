"""Settings of the liaison app read in one place (per congress where staff may change them)."""

from __future__ import annotations

from django.conf import settings


def triage_confidence() -> float:
    """Predictions below this probability (0–1) go to the manual triage queue.

    Setting ``LIAISON_TRIAGE_CONFIDENCE`` (default 0.6); a local choice, not a rule in RULES.md.
    """
    return float(getattr(settings, "LIAISON_TRIAGE_CONFIDENCE", 0.6))


def low_rating_threshold() -> int:
    """A citizen's rating (1–5) at or below this does not close the opinion: it goes to follow-up (回访复核).

    Setting ``LIAISON_LOW_RATING`` (default 2, i.e. 1 or 2 of 5; issue 13 item 4). A local choice, not a
    rule in RULES.md: the hotline practice (12345) is to call back a citizen who is not satisfied. A value
    of 0 turns follow-up off (every rating closes).
    """
    return int(getattr(settings, "LIAISON_LOW_RATING", 2))


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
