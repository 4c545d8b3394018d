"""Forms of the pages core serves (login, password change, the working-day calendar), and form fields
every app uses (record ids)."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_username
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from renda.core.loginguard import backoff_seconds, storm_check
from renda.core.numbers import parse_id
from renda.core.ratelimit import client_ip_or_none


class GuardedLoginForm(AuthenticationForm):
    """Django's login form with the per-username back-off and the storm alert of :mod:`renda.core.loginguard`.

    Raises (as form errors):
        ``backoff``: this address failed for a username under attack and must wait (seconds in the message).
        ``invalid_login``: wrong username or password (Django's), after which a storm is checked.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确。同一账号在同一地址连续失败 5 次，将在该地址锁定 30 分钟。"),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        address = client_ip_or_none(self.request) if self.request is not None else None
        if username and address:
            # the account the name stands for (AXES_USERNAME_CALLABLE: d<代表证号> → its account)
            wait = backoff_seconds(get_client_username(self.request, {"username": username}), address)
            if wait:
                raise forms.ValidationError(
                    _("该账号近期多次登录失败，为保护账号，本地址需等待 %(seconds)s 秒后再试。"),
                    code="backoff",
                    params={"seconds": wait},
                )
        try:
            return super().clean()
        except forms.ValidationError:
            if address:
                storm_check(address)
            raise


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's password change with one more rule: the new password differs from the old one."""

    def clean(self) -> dict[str, Any]:
        """Add ``password_unchanged`` to the new password when it is the old one."""
        cleaned = super().clean() or {}
        new = cleaned.get("new_password1")
        if new and self.user.check_password(new):
            self.add_error(
                "new_password1", forms.ValidationError(_("新密码不能与旧密码相同。"), code="password_unchanged")
            )
        return cleaned


class HolidayOverrideForm(forms.Form):
    """工作日历: one day's override — the date, rest day or make-up working day, and its name."""

    date = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入正确的日期，如 2027-10-01"), "required": _("请输入日期")},
    )
    is_workday = forms.TypedChoiceField(
        label=_("类型"),
        choices=[("0", _("法定节假日（休息）")), ("1", _("调休上班日"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("请选择休息或调休上班"), "required": _("请选择休息或调休上班")},
    )
    name = forms.CharField(label=_("名称"), max_length=40, required=False, help_text=_("例如：国庆节、国庆节调休上班"))


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of records by id that refuses malformed ids before querying.

    Django's field passes every value to ``pk__in``: an id past 64 bits (``9223372036854775808``, 23 digits)
    then raises OverflowError on SQLite and "out of range" on PostgreSQL, a 500 (issue 12 item 1). Each value
    must be an ASCII id within 1 … 2⁶³−1 (:func:`renda.core.numbers.parse_id`).

    Raises:
        ValidationError: code ``invalid_pk_value`` naming the value (shown in Chinese on the form).
    """

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's hook, absent from django-stubs
