"""Forms of the liaison pages (shape validation only; rules live in services)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from renda.core.forms import IdMultipleChoiceField
from renda.core.widgets import PickerSelect, PickerSelectMultiple
from renda.liaison.models import CITIZEN_PHONE_PATTERN, MAX_OPINION_PHOTOS, OPINION_TEXT_MAX, OPINION_TITLE_MAX, Topic
from renda.liaison.workflow import Status
from renda.organization.models import Deputy, HandlingUnit, LiaisonPoint, LiaisonStation

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
        """The uploaded files as a list (empty when none).

        Raises:
            ValidationError: a file is invalid, or more than ``MAX_OPINION_PHOTOS`` (9) were chosen.
        """
        single = super().clean
        files = (
            [single(d, initial) for d in data if d]
            if isinstance(data, list | tuple)
            else [single(data, initial)]
            if data
            else []
        )
        if len(files) > MAX_OPINION_PHOTOS:
            raise forms.ValidationError(
                _("最多上传 %(max)d 张照片（选择了 %(n)d 张）") % {"max": MAX_OPINION_PHOTOS, "n": len(files)}
            )
        return files


class OpinionRecordForm(forms.Form):
    """A station operator records an opinion heard at the station."""

    citizen_name = forms.CharField(label=_("反映人"), max_length=60, required=False)
    citizen_phone = forms.RegexField(
        label=_("联系电话"),
        regex=CITIZEN_PHONE_PATTERN,
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


class StationOpinionRecordForm(OpinionRecordForm):
    """:class:`OpinionRecordForm` for a logged-in recorder, with the station the opinion was heard at:
    chosen from ``stations`` (staff record for any station of their congress); an operator's one
    station is fixed and the field is hidden."""

    station = forms.ModelChoiceField(
        label=_("联络站"),
        queryset=LiaisonStation.objects.none(),
        error_messages={"invalid_choice": _("请选择您可以登记的联络站"), "required": _("请选择联络站")},
    )

    def __init__(self, *args: Any, stations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["station"]
        field.queryset = stations  # type: ignore[attr-defined]
        two = list(stations[:2])
        self.only_station = two[0] if len(two) == 1 else None
        if self.only_station is not None:
            field.required = False
            field.widget = forms.HiddenInput()
        self.order_fields(["station"])

    def clean_station(self) -> LiaisonStation | None:
        """The chosen station, or the recorder's only one when there is nothing to choose."""
        return self.cleaned_data.get("station") or self.only_station


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
        """The two days; errors (Chinese) for a day outside 1970-01-01 … 9000-12-31 or ``since`` > ``until``."""
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


class VersionedForm(forms.Form):
    """A form acting on an opinion: carries the ``version`` the page showed (optimistic check; optional)."""

    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class TriageForm(VersionedForm):
    topic = forms.ModelChoiceField(
        label=_("分类"),
        queryset=Topic.objects.all(),
        required=False,
        empty_label=_("采用预测分类"),
        error_messages={"invalid_choice": _("所选分类不存在，请重新选择")},
    )


class RouteForm(VersionedForm):
    unit = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
        empty_label=_("按分类转办规则"),
        error_messages={"invalid_choice": _("所选承办单位不存在或已停用，请重新选择")},
    )


class WithdrawRoutingForm(VersionedForm):
    """撤回转办: the reason (required, 1–200 characters)."""

    reason = forms.CharField(
        label=_("撤回原因"),
        max_length=200,
        error_messages={"required": _("请说明撤回转办的原因"), "max_length": _("撤回原因不能超过 %(limit_value)d 字")},
    )


class RerouteForm(VersionedForm):
    """重新交办 (follow-up): the reason (required, 1–200 characters) and the unit (blank: the one that answered)."""

    unit = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
        empty_label=_("原承办单位"),
        error_messages={"invalid_choice": _("所选承办单位不存在或已停用，请重新选择")},
    )
    reason = forms.CharField(
        label=_("重新交办原因"),
        max_length=200,
        error_messages={"required": _("请说明重新交办的原因"), "max_length": _("原因不能超过 %(limit_value)d 字")},
    )


class CloseExplainedForm(VersionedForm):
    """回访办结: the explanation the citizen reads (办结说明, required)."""

    explanation = forms.CharField(
        label=_("办结说明"),
        max_length=OPINION_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("请填写办结说明"),
            "max_length": _("办结说明不能超过 %(limit_value)d 字（现有 %(show_value)d 字）"),
        },
    )


class AnswerForm(VersionedForm):
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


class ConfirmRoutingForm(forms.Form):
    """分诊页“确认转办”: the ids of the selected classified opinions (checkboxes named ``opinions``)."""

    def clean(self) -> dict[str, Any]:
        """``{"opinions": [ids]}``; a Chinese error when none is selected or an id is not a positive number."""
        raw = self.data.getlist("opinions") if hasattr(self.data, "getlist") else self.data.get("opinions", [])
        ids: list[int] = []
        for value in raw:
            text = str(value).strip()
            if not text.isdigit() or not 0 < int(text) <= _ID_MAX:
                raise forms.ValidationError(_("所选意见无效，请刷新页面后重试"), code="invalid")
            ids.append(int(text))
        if not ids:
            raise forms.ValidationError(_("请选择要确认转办的意见"), code="required")
        return {"opinions": ids}


class AutoRouteForm(forms.Form):
    """The congress's automatic routing switch (staff, on the triage page)."""

    auto_route = forms.BooleanField(label=_("自动转办"), required=False)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=16)


_ID_MAX = 2**63 - 1
"""Largest primary key (BigAutoField); a larger number in a query string is refused, not sent to the database."""


class OpinionFilterForm(forms.Form):
    """Filters of the triage inbox / opinion list (GET). Invalid values are reported and ignored.

    Fields: ``station``, ``topic``, ``group`` (ids, 1 … 2⁶³−1), ``max_confidence`` (0 … 1),
    ``status`` (a :class:`~renda.liaison.workflow.Status` value). All optional.
    """

    station = forms.IntegerField(label=_("联络站"), required=False, min_value=1, max_value=_ID_MAX)
    topic = forms.IntegerField(label=_("分类"), required=False, min_value=1, max_value=_ID_MAX)
    group = forms.IntegerField(label=_("相似意见组"), required=False, min_value=1, max_value=_ID_MAX)
    max_confidence = forms.FloatField(label=_("置信度低于"), required=False, min_value=0.0, max_value=1.0)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", ""), *Status.choices])

    def valid_filters(self) -> dict[str, Any]:
        """The fields that validated, by name (``None`` for an empty or invalid one)."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name) for name in self.fields}
        return {name: None if v in ("", None) else v for name, v in values.items()}

    def error_summary(self) -> str:
        """One Chinese sentence naming the ignored filters, or ``''``."""
        names = [str(self.fields[name].label) for name in self.errors if name in self.fields]
        return _("筛选条件无效，已忽略：%(names)s") % {"names": "、".join(names)} if names else ""


HOT_WINDOW_EARLIEST = dt.date(1970, 1, 1)
"""The earliest day of a hot-topic window (opinions before 1970 are refused on import too)."""


class HotWindowForm(forms.Form):
    """The window of a hot-topic snapshot: ``since`` … ``until`` (days, both optional, inclusive).

    Errors (Chinese): a day that does not exist (2026-02-30), before 1970-01-01 or after 9000-12-31,
    or ``since`` after ``until``.
    """

    since = forms.DateField(label=_("自"), required=False)
    until = forms.DateField(label=_("至"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("since", "until"):
            day = data.get(name)
            if day is not None and not HOT_WINDOW_EARLIEST <= day <= dt.date(9000, 12, 31):
                self.add_error(name, _("日期须在 1970-01-01 至 9000-12-31 之间"))
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("开始日期晚于结束日期"))
        return data

    def error_summary(self) -> str:
        """The errors as one Chinese sentence (field label: message; …), or ``''``."""
        parts: list[str] = []
        for name, errors in self.errors.items():
            label = f"{self.fields[name].label}：" if name in self.fields else ""
            parts.extend(f"{label}{e}" for e in errors)
        return "；".join(parts)


SEARCH_QUERY_MAX = 100
"""Longest search query in characters (a longer GET URL would pass the web server's request-line limit)."""
SEARCH_PAGE_SIZE = 50
"""Results per page of the search page."""


class SearchForm(forms.Form):
    """意见检索 (GET): ``q`` (≤ 100 characters), ``phone`` (staff and station operators), ``page`` (1 … 1000),
    ``sort`` (relevance, the default, or newest)."""

    q = forms.CharField(
        label=_("关键词"),
        max_length=SEARCH_QUERY_MAX,
        required=False,
        error_messages={"max_length": _("检索词不能超过 %(limit_value)d 字（现有 %(show_value)d 字）")},
    )
    phone = forms.CharField(label=_("反映人电话"), max_length=20, required=False)
    page = forms.IntegerField(label=_("页码"), min_value=1, max_value=1000, required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        choices=[("relevance", _("按相关度")), ("newest", _("按反映时间"))],
        required=False,
        error_messages={"invalid_choice": _("排序方式无效")},
    )


#: Up to this many deputies on duty to choose from, the form shows tick boxes (an operator's station);
#: more (staff choosing among every station's deputies) get a searchable picker.
RECEPTION_CHECKBOXES_MAX = 30


class ReceptionForm(forms.Form):
    """接待活动: a reception day at a station or one of its points (the choices are the recorder's)."""

    station = forms.ModelChoiceField(
        label=_("联络站"),
        queryset=LiaisonStation.objects.none(),
        error_messages={"invalid_choice": _("请选择您可以登记的联络站"), "required": _("请选择联络站")},
    )
    point = forms.ModelChoiceField(
        label=_("联络点（在站内接待不选）"),
        queryset=LiaisonPoint.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("请选择本站的联络点")},
    )
    date = forms.DateField(
        label=_("接待日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入正确的日期，如 2026-12-05")},
    )
    deputies = IdMultipleChoiceField(
        label=_("接待代表"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("所选代表不在本站"), "invalid_pk_value": _("代表选择有误")},
    )
    visitor_count = forms.IntegerField(
        label=_("接待群众人数"),
        min_value=0,
        max_value=10_000,
        error_messages={"invalid": _("请输入整数人数"), "min_value": _("人数不能为负数"), "max_value": _("人数过大")},
    )
    note = forms.CharField(label=_("备注"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, stations: Any, points: Any, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations  # type: ignore[attr-defined]
        self.fields["point"].queryset = points  # type: ignore[attr-defined]
        self.fields["deputies"].queryset = deputies  # type: ignore[attr-defined]
        if deputies.count() > RECEPTION_CHECKBOXES_MAX:  # staff of a whole congress: a searchable picker
            self.fields["deputies"].widget = PickerSelectMultiple(placeholder=_("输入代表姓名搜索"))
        two = list(stations[:2])
        self.only_station = two[0] if len(two) == 1 else None
        if self.only_station is not None:
            self.fields["station"].required = False
            self.fields["station"].widget = forms.HiddenInput()
        if not points.exists():
            del self.fields["point"]

    def clean_station(self) -> LiaisonStation | None:
        """The chosen station, or the recorder's only one."""
        return self.cleaned_data.get("station") or self.only_station

    def clean_date(self) -> dt.date:
        """Not before 2000 (a typing slip); the future is refused by the service with the rule's message."""
        value: dt.date = self.cleaned_data["date"]
        if value < dt.date(2000, 1, 1):
            raise forms.ValidationError(_("接待日期有误"))
        return value


class OpinionImportForm(forms.Form):
    """导入群众留言: the file and, optionally, the liaison station its messages were received at."""

    file = forms.FileField(
        label=_("留言文件（.xlsx 或 UTF-8 编码的 .csv）"),
        error_messages={"required": _("请选择要导入的文件"), "empty": _("文件是空的")},
    )
    station = forms.ModelChoiceField(
        label=_("归属联络站（可不选）"),
        queryset=LiaisonStation.objects.none(),
        required=False,
        widget=PickerSelect,
        error_messages={"invalid_choice": _("请选择本级人大的联络站")},
    )

    def __init__(self, *args: Any, stations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations  # type: ignore[attr-defined]
