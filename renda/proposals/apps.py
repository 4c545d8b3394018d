from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "renda.proposals"
    verbose_name = _("议案和建议")

    def ready(self) -> None:
        from renda.proposals import home

        home.register_all()
