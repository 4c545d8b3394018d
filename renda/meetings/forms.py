"""Forms of the meetings pages (shape validation only; rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.meetings.selectors import ConveneTarget

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class MeetingEditForm(forms.Form):
    """The fields of a planned meeting staff may set: number (blank: the next free one), title (blank:
    the usual name), start (local time, Asia/Shanghai), place, presiding officer."""

    number = forms.IntegerField(label=_("会议序号"), min_value=1, max_value=999, required=False)
    title = forms.CharField(label=_("会议名称"), max_length=120, required=False)
    starts_at = forms.DateTimeField(
        label=_("开始时间"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={"required": _("请填写开始时间"), "invalid": _("开始时间格式不正确")},
    )
    location = forms.CharField(label=_("地点"), max_length=80, required=False)
    presiding = forms.CharField(label=_("主持人"), max_length=40, required=False)


class MeetingConveneForm(MeetingEditForm):
    """新建会议: which body meets (a session's plenary, the Presidium, the Standing Committee, the
    Council of Chairpersons), then the fields of :class:`MeetingEditForm`."""

    field_order = ["target", "number", "title", "starts_at", "location", "presiding"]

    target = forms.ChoiceField(label=_("召开会议的机构"), error_messages={"invalid_choice": _("请选择机构")})

    def __init__(self, *args: Any, targets: list[ConveneTarget], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {t.key: t for t in targets}
        self.fields["target"].choices = [(t.key, t.label) for t in targets]  # type: ignore[attr-defined]

    def chosen(self) -> ConveneTarget:
        """The chosen body (call after ``is_valid()``)."""
        return self.targets[self.cleaned_data["target"]]
