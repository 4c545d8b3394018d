from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingConfig(AppConfig):
    name = "renda.filing"
    verbose_name = _("规范性文件备案审查")

    def ready(self) -> None:
        from renda.filing import home

        home.register_all()
