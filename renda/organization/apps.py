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
        navigation.add(User.Role.STAFF, navigation.Link(_("账号管理"), "organization:accounts", order=930))
        navigation.add(User.Role.STAFF, navigation.Link(_("承办单位"), "organization:units", order=940))
        navigation.add(User.Role.STAFF, navigation.Link(_("代表联络站"), "organization:stations", order=950))
        navigation.add(User.Role.STAFF, navigation.Link(_("基础数据"), "organization:reference", order=960))
        _last_login_without_history()


def _last_login_without_history() -> None:
    """Record ``last_login`` with a queryset update instead of ``user.save()``: a save would add a row to
    the account's history (simple-history) at every login, burying the changes staff made."""
    from django.contrib.auth import user_logged_in
    from django.contrib.auth.models import update_last_login
    from django.utils import timezone

    def record(sender: object, user: object, **kwargs: object) -> None:
        now = timezone.now()
        type(user)._default_manager.filter(pk=user.pk).update(last_login=now)  # type: ignore[attr-defined]
        user.last_login = now  # type: ignore[attr-defined]

    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(record, dispatch_uid="renda_update_last_login")
