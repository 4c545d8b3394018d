from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    name = "renda.livelihood"
    verbose_name = _("民生实事项目")

    def ready(self) -> None:
        from renda.core import navigation
        from renda.livelihood import home
        from renda.organization.models import User

        home.register_all()
        for role in (User.Role.STAFF, User.Role.DEPUTY, User.Role.SUPERVISOR):
            navigation.add(role, navigation.Link(_("民生实事"), "livelihood:programme-list", order=320))
        navigation.add(User.Role.UNIT_OFFICER, navigation.Link(_("民生实事"), "livelihood:unit-projects", order=320))
        navigation.add(navigation.PUBLIC, navigation.Link(_("民生实事票决结果"), "livelihood:public", order=960))
