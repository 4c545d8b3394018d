"""The oversight app (监督): the Standing Committee's annual plan, reports heard, inspections, inquiries,
decisions and work records (RULES.md §9 M1–M24)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Registers the oversight menu entries and the M10 satisfaction rule on start."""

    name = "renda.oversight"
    verbose_name = _("监督工作")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from renda.meetings import verdicts
        from renda.oversight import home, selectors

        home.register_all()
        # M10 vs L7: a satisfaction vote on a report is decided by the oversight rule, on the poll too
        verdicts.register_satisfaction_rule("oversight.oversightitem", selectors.satisfaction_verdict)
