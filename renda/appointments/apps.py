from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "renda.appointments"
    verbose_name = _("任免")

    def ready(self) -> None:
        from renda.appointments import home

        home.register_all()
