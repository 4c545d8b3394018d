"""Forms of the organisation pages: the deputy directory's filters and 账号管理."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import IdMultipleChoiceField
from renda.core.widgets import PickerSelect, PickerSelectMultiple
from renda.organization.models import Delegation, Deputy, HandlingUnit, LiaisonStation, ProfessionalGroup


class DeputyFilterForm(forms.Form):
    """代表名录 filters: free text (name, 代表证号, occupation, delegation or group name), a delegation, a
    professional group, first-term only. Invalid choices are dropped with a message, never a 500."""

    q = forms.CharField(label=_("查询"), max_length=40, required=False, strip=True)
    delegation = forms.ModelChoiceField(
        label=_("代表团"), queryset=Delegation.objects.none(), required=False, empty_label=_("全部代表团")
    )
    group = forms.ModelChoiceField(
        label=_("专业小组"), queryset=ProfessionalGroup.objects.none(), required=False, empty_label=_("全部专业小组")
    )
    first_term = forms.BooleanField(label=_("只看新任代表"), required=False)

    def __init__(self, *args: Any, delegations: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = delegations  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments of :func:`renda.organization.selectors.deputy_list`
        (an invalid field is left out; its error is shown by the page)."""
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return {
            "search": d.get("q") or "",
            "delegation_id": d["delegation"].pk if d.get("delegation") else None,
            "group_id": d["group"].pk if d.get("group") else None,
            "first_term": bool(d.get("first_term")),
        }


ROLE_CHOICES = [
    ("staff", _("常委会工作人员")),
    ("deputy", _("人大代表")),
    ("unit_officer", _("承办单位工作人员")),
    ("supervisor", _("督办领导")),
    ("station_operator", _("联络站工作人员")),
]


class AccountForm(forms.Form):
    """账号: the role, the name shown, the phone and the record the user acts for (choices of the congress)."""

    role = forms.ChoiceField(label=_("角色"), choices=ROLE_CHOICES, error_messages={"invalid_choice": _("请选择角色")})
    display_name = forms.CharField(label=_("显示名称"), max_length=40, required=False)
    phone = forms.RegexField(
        label=_("手机号码"),
        regex=r"^1\d{10}$",
        required=False,
        error_messages={"invalid": _("请输入 11 位手机号码")},
    )
    deputy = forms.ModelChoiceField(
        label=_("代表（人大代表、督办领导）"),
        queryset=Deputy.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("请选择本级人大的代表")},
    )
    handling_unit = forms.ModelChoiceField(
        label=_("承办单位（承办单位工作人员）"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("请选择本级人大的承办单位")},
    )
    liaison_station = forms.ModelChoiceField(
        label=_("联络站（联络站工作人员）"),
        queryset=LiaisonStation.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("请选择本级人大的联络站")},
    )

    def __init__(self, *args: Any, deputies: Any, units: Any, stations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]
        self.fields["handling_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["liaison_station"].queryset = stations  # type: ignore[attr-defined]


class AccountCreateForm(AccountForm):
    """开通账号: :class:`AccountForm` with the login name and the initial password, typed twice."""

    username = forms.RegexField(
        label=_("登录名"),
        regex=r"^[A-Za-z0-9_.-]{3,30}$",
        error_messages={"invalid": _("登录名为 3–30 位字母、数字、下划线、点或连字符")},
    )
    password1 = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, strip=False, max_length=128)
    password2 = forms.CharField(label=_("再次输入"), widget=forms.PasswordInput, strip=False, max_length=128)

    field_order = ["username", "role", "display_name", "phone", "deputy", "handling_unit", "liaison_station"]

    def clean(self) -> dict[str, Any]:
        """The two passwords agree."""
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        return data


class AccountEditForm(AccountForm):
    """修改账号: :class:`AccountForm` with 允许登录 (unticked: the account is deactivated, 停用)."""

    is_active = forms.BooleanField(label=_("允许登录（不勾选即停用）"), required=False)


class PasswordResetForm(forms.Form):
    """重置密码: the new password, typed twice (told to the user in person)."""

    password1 = forms.CharField(label=_("新密码"), widget=forms.PasswordInput, strip=False, max_length=128)
    password2 = forms.CharField(label=_("再次输入"), widget=forms.PasswordInput, strip=False, max_length=128)

    def clean(self) -> dict[str, Any]:
        """The two passwords agree."""
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        return data


class UnitForm(forms.Form):
    """承办单位: name, kind, short name, parent unit, contact, and whether it still takes assignments."""

    name = forms.CharField(label=_("名称"), max_length=80, error_messages={"required": _("请填写单位名称")})
    short_name = forms.CharField(label=_("简称"), max_length=30, required=False)
    kind = forms.ChoiceField(
        label=_("类别"), choices=HandlingUnit.Kind.choices, error_messages={"invalid_choice": _("请选择单位类别")}
    )
    parent = forms.ModelChoiceField(
        label=_("上级单位"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=PickerSelect,
        error_messages={"invalid_choice": _("请选择本级人大的承办单位")},
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    is_active = forms.BooleanField(label=_("有效（停用后不再出现在交办和转办的选择中）"), required=False, initial=True)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units  # type: ignore[attr-defined]


class StationForm(forms.Form):
    """代表联络站 (or, without the district, 联络点): name, district, address and the deputies on duty."""

    name = forms.CharField(label=_("名称"), max_length=80, error_messages={"required": _("请填写名称")})
    district = forms.CharField(label=_("所在区县"), max_length=40)
    address = forms.CharField(label=_("地址"), max_length=160, required=False)
    deputies = IdMultipleChoiceField(
        label=_("代表"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=PickerSelectMultiple,
        error_messages={"invalid_choice": _("所选代表不属于本级人大"), "invalid_pk_value": _("代表选择有误")},
    )

    def __init__(self, *args: Any, deputies: Any, point: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies  # type: ignore[attr-defined]
        self.fields["deputies"].label = _("联系代表") if point else _("进站代表")
        if point:
            del self.fields["district"]
