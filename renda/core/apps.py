from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "renda.core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from renda.core import navigation

        for role in ("staff", "deputy", "unit_officer", "supervisor", "station_operator"):
            navigation.add(role, navigation.Link(_("站内通知"), "notifications", order=950))
