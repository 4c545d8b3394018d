from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "renda.liaison"
    verbose_name = _("代表联络站与群众意见")

    def ready(self) -> None:
        from renda.liaison import home

        home.register_all()
