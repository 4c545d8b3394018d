"""Forms of the structure pages (:mod:`renda.organization.structure`): 届次、会次、代表团、专业小组、机构、组成人员、
政府领导分工 and a deputy's delegation and groups. Choices are limited to the actor's congress; a value
outside them is a Chinese field error, never a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import IdMultipleChoiceField
from renda.core.numbers import ascii_digits
from renda.core.widgets import PickerSelect, PickerSelectMultiple
from renda.organization.models import (
    Body,
    Delegation,
    Deputy,
    HandlingUnit,
    Membership,
    ProfessionalGroup,
    Session,
    Term,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("请输入正确的日期，如 2027-03-18"), "required": _("请输入日期")}
NUMBER_ERRORS = {
    "invalid": _("请输入整数"),
    "required": _("请填写"),
    "min_value": _("数值太小"),
    "max_value": _("数值太大"),
}
TERM_ERRORS = {"invalid_choice": _("请选择本级人大的届次"), "required": _("请选择届次")}


class AsciiIntegerField(forms.IntegerField):
    """An ``IntegerField`` that takes ASCII digits only: Django's also reads full-width and other digits
    (``３``, ``٣``), which :mod:`renda.core.numbers` refuses everywhere else (issue 12)."""

    def to_python(self, value: Any) -> int | None:
        text = str(value).strip() if value is not None else ""
        if text and not ascii_digits(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def _int(label: Any, lo: int, hi: int) -> forms.IntegerField:
    return AsciiIntegerField(label=label, min_value=lo, max_value=hi, error_messages=NUMBER_ERRORS)


class TermForm(forms.Form):
    """届次: ordinal, first and last year."""

    ordinal = _int(_("届次（第几届）"), 1, 99)
    start_year = _int(_("起始年"), 1949, 2200)
    end_year = _int(_("届满年"), 1949, 2200)


class SessionForm(forms.Form):
    """会次: ordinal in the term, opening and closing days, the deadline for bills (B6)."""

    ordinal = _int(_("会次（第几次会议）"), 1, 99)
    opening_date = forms.DateField(label=_("开幕日期"), widget=DATE, error_messages=DATE_ERRORS)
    closing_date = forms.DateField(label=_("闭幕日期"), widget=DATE, error_messages=DATE_ERRORS)
    submission_cutoff = forms.DateTimeField(
        label=_("议案截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("请输入正确的时间，如 2027-03-21 12:00"), "required": _("请输入议案截止时间")},
    )


class _TermScoped(forms.Form):
    """A form with the term (届次) chosen among the congress's terms."""

    term = forms.ModelChoiceField(label=_("届次"), queryset=Term.objects.none(), error_messages=TERM_ERRORS)

    def __init__(self, *args: Any, terms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms  # type: ignore[attr-defined]


class DelegationForm(_TermScoped):
    """代表团: term, name, electoral unit (district)."""

    name = forms.CharField(label=_("名称"), max_length=60, error_messages={"required": _("请填写代表团名称")})
    district = forms.CharField(
        label=_("选举单位（区县）"), max_length=60, error_messages={"required": _("请填写选举单位")}
    )


class GroupForm(_TermScoped):
    """专业小组: term and name."""

    name = forms.CharField(label=_("名称"), max_length=60, error_messages={"required": _("请填写专业小组名称")})


class BodyForm(_TermScoped):
    """机构: term, kind, name, and the session for a Presidium or Bill Review Committee."""

    kind = forms.ChoiceField(
        label=_("类别"), choices=Body.Kind.choices, error_messages={"invalid_choice": _("请选择机构类别")}
    )
    name = forms.CharField(label=_("名称"), max_length=80, error_messages={"required": _("请填写机构名称")})
    session = forms.ModelChoiceField(
        label=_("会次（仅主席团、议案审查委员会）"),
        queryset=Session.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("请选择本级人大的会次")},
    )

    def __init__(self, *args: Any, terms: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, terms=terms, **kwargs)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]


class MemberAddForm(forms.Form):
    """组成人员 任职: the deputy (searchable), the role, the first day of the seat."""

    deputy = forms.ModelChoiceField(
        label=_("代表"),
        queryset=Deputy.objects.none(),
        widget=PickerSelect,
        error_messages={"invalid_choice": _("请选择本届在任代表"), "required": _("请选择代表")},
    )
    role = forms.ChoiceField(
        label=_("职务"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        error_messages={"invalid_choice": _("请选择职务")},
    )
    started_on = forms.DateField(label=_("任职日期"), widget=DATE, error_messages=DATE_ERRORS)

    def __init__(self, *args: Any, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]


class MemberEndForm(forms.Form):
    """终止任职: the last day of the seat and the reason (免职、辞职 …)."""

    ended_on = forms.DateField(label=_("终止日期（任职的最后一天）"), widget=DATE, error_messages=DATE_ERRORS)
    reason = forms.CharField(
        label=_("终止原因"), max_length=80, error_messages={"required": _("请填写终止原因（如免职、辞职）")}
    )


class OfficialForm(forms.Form):
    """政府领导分工: name, title and the units led (分管单位)."""

    name = forms.CharField(label=_("姓名"), max_length=40, error_messages={"required": _("请填写姓名")})
    title = forms.CharField(label=_("职务"), max_length=40, error_messages={"required": _("请填写职务")})
    portfolio = IdMultipleChoiceField(
        label=_("分管单位"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=PickerSelectMultiple,
        error_messages={
            "invalid_choice": _("分管单位应为本级人大的承办单位"),
            "invalid_pk_value": _("分管单位选择有误"),
        },
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["portfolio"].queryset = units  # type: ignore[attr-defined]


class DeputyAssignForm(forms.Form):
    """A deputy's delegation (代表团) and professional groups (专业小组), among those of the deputy's term."""

    delegation = forms.ModelChoiceField(
        label=_("代表团"),
        queryset=Delegation.objects.none(),
        error_messages={"invalid_choice": _("请选择该代表所在届次的代表团"), "required": _("请选择代表团")},
    )
    groups = IdMultipleChoiceField(
        label=_("专业小组"),
        queryset=ProfessionalGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("请选择该代表所在届次的专业小组"),
            "invalid_pk_value": _("专业小组选择有误"),
        },
    )

    def __init__(self, *args: Any, delegations: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = delegations  # type: ignore[attr-defined]
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]
