"""The oversight app (监督): the Standing Committee's annual plan, reports heard, inspections, inquiries,
decisions and work records (RULES.md §9 M1–M24)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Registers the oversight menu entries on start."""

    name = "renda.oversight"
    verbose_name = _("监督工作")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from renda.oversight import home

        home.register_all()
