"""Forms of the liaison pages (shape validation only; rules live in services)."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from renda.liaison.models import OPINION_TEXT_MAX, OPINION_TITLE_MAX, Topic
from renda.organization.models import HandlingUnit

MIN_FILL_SECONDS = 3
_SIGNER = signing.TimestampSigner(salt="liaison.public-form")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several optional files in one input (photos)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class OpinionRecordForm(forms.Form):
    """A station operator records an opinion heard at the station."""

    citizen_name = forms.CharField(label=_("反映人"), max_length=60, required=False)
    citizen_phone = forms.RegexField(
        label=_("联系电话"),
        regex=r"^[0-9+\- ]{7,20}$",
        required=False,
        error_messages={"invalid": _("电话号码格式不正确")},
    )
    title = forms.CharField(
        label=_("主题"),
        max_length=OPINION_TITLE_MAX,
        error_messages={"max_length": _("主题不能超过 %(limit_value)d 字（现有 %(show_value)d 字）")},
    )
    text = forms.CharField(
        label=_("内容"),
        max_length=OPINION_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": _("内容不能超过 %(limit_value)d 字（现有 %(show_value)d 字）")},
    )
    photos = MultipleFileField(label=_("照片（JPEG/PNG，每张不超过 5 MB）"))


class PublicOpinionForm(OpinionRecordForm):
    """The public web form, with a honeypot field and a minimum fill time against spam."""

    district = forms.CharField(label=_("所在区县"), max_length=40, required=False)
    website = forms.CharField(label=_("请勿填写此项"), required=False)  # honeypot, hidden by CSS
    started = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def new_token() -> str:
        """A signed timestamp put in the form when it is shown."""
        return _SIGNER.sign(str(time.time()))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("提交未通过校验"), code="spam")
        try:
            shown = float(_SIGNER.unsign(data.get("started", ""), max_age=3600))
        except (signing.BadSignature, ValueError) as exc:
            raise forms.ValidationError(_("页面已过期，请刷新后重新填写"), code="expired") from exc
        if time.time() - shown < MIN_FILL_SECONDS:
            raise forms.ValidationError(_("提交过快，请核对内容后再提交"), code="too_fast")
        return data


class TriageForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("分类"),
        queryset=Topic.objects.all(),
        required=False,
        empty_label=_("采用预测分类"),
        error_messages={"invalid_choice": _("所选分类不存在，请重新选择")},
    )


class RouteForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
        empty_label=_("按分类转办规则"),
        error_messages={"invalid_choice": _("所选承办单位不存在或已停用，请重新选择")},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("答复内容"),
        max_length=OPINION_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("答复内容不能为空"),
            "max_length": _("答复内容不能超过 %(limit_value)d 字（现有 %(show_value)d 字）"),
        },
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评价"),
        coerce=int,
        choices=[
            (5, _("5 分 非常满意")),
            (4, _("4 分 满意")),
            (3, _("3 分 基本满意")),
            (2, _("2 分 不太满意")),
            (1, _("1 分 不满意")),
        ],
    )
    comment = forms.CharField(label=_("意见"), max_length=200, required=False)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=16)
