from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "renda.organization"
    verbose_name = _("组织与人员")

    def ready(self) -> None:
        from renda.core import navigation
        from renda.organization import home
        from renda.organization.models import User

        home.register_all()
        for role in (User.Role.STAFF, User.Role.SUPERVISOR, User.Role.DEPUTY):
            navigation.add(role, navigation.Link(_("代表名录"), "organization:deputy-directory", order=900))
