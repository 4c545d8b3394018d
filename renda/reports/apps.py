from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "renda.reports"
    verbose_name = _("工作统计")

    def ready(self) -> None:
        from renda.reports import home

        home.register_all()
        home.register_dashboards()
