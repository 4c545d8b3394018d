from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "renda.meetings"
    verbose_name = _("会议与表决")

    def ready(self) -> None:
        from renda.core import navigation
        from renda.meetings import home
        from renda.organization.models import User

        home.register_all()
        navigation.add(User.Role.STAFF, navigation.Link(_("会议与表决"), "meetings:meeting-list", order=300))
        navigation.add(User.Role.DEPUTY, navigation.Link(_("会议与表决"), "meetings:meeting-list", order=300))
        # a vice-chair (督办领导) is a deputy on the Standing Committee's roster: he attends and votes
        navigation.add(User.Role.SUPERVISOR, navigation.Link(_("会议与表决"), "meetings:meeting-list", order=300))
        navigation.add(navigation.PUBLIC, navigation.Link(_("表决结果公开"), "meetings:public-results", order=950))
