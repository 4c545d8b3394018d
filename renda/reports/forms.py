"""Forms of the reports domain: the note of a snapshot (the period is read like the statistics page's),
the staff filter of deputies' records and the records' settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import IdMultipleChoiceField
from renda.core.widgets import PickerSelect, PickerSelectMultiple
from renda.organization import selectors as org_selectors
from renda.organization.models import Deputy
from renda.reports.models import MAX_WEIGHT, RecordKind
from renda.reports.selectors import RecordConfig
from renda.reports.services import NOTE_MAX, KindChoice


class SnapshotForm(forms.Form):
    """保存报告快照: an optional note (at most 200 characters) saying what the snapshot is for."""

    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("例如：提交大会的报告稿"),
        error_messages={"max_length": _("说明不能超过%(limit_value)d个字")},
    )


class RecordFilterForm(forms.Form):
    """Delegation and professional group of the staff list (the period is read by ``parse_period``)."""

    delegation = forms.TypedChoiceField(label=_("代表团"), required=False, coerce=int, empty_value=None)
    group = forms.TypedChoiceField(label=_("专业小组"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, congress: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blank = [("", "—")]
        delegation = self.fields["delegation"]
        group = self.fields["group"]
        assert isinstance(delegation, forms.ChoiceField) and isinstance(group, forms.ChoiceField)
        delegation.choices = blank + [(str(d.pk), d.name) for d in org_selectors.delegation_choices(congress=congress)]
        group.choices = blank + [
            (str(g.pk), g.name) for g in org_selectors.professional_group_choices(congress=congress)
        ]


class RecordSettingsForm(forms.Form):
    """The public page and the points scheme, then per kind of activity: public or not, and its weight."""

    public = forms.BooleanField(label=_("公开代表履职档案（公开页面只显示下列勾选“公开”的事项）"), required=False)
    points = forms.BooleanField(label=_("启用履职积分"), required=False)

    def __init__(self, *args: Any, config: RecordConfig | None = None, **kwargs: Any) -> None:
        config = config or RecordConfig()
        kwargs.setdefault(
            "initial",
            {
                "public": config.public,
                "points": config.points,
                **{f"public_{k}": k in config.public_kinds for k in RecordKind.values},
                **{f"weight_{k}": config.weights.get(k, 0) for k in RecordKind.values},
            },
        )
        super().__init__(*args, **kwargs)
        for kind in RecordKind:
            self.fields[f"public_{kind.value}"] = forms.BooleanField(label=_("公开"), required=False)
            self.fields[f"weight_{kind.value}"] = forms.IntegerField(
                label=_("积分权重"),
                min_value=0,
                max_value=MAX_WEIGHT,
                error_messages={"invalid": _("积分权重须为0至100的整数")},
            )

    def kind_rows(self) -> list[tuple[RecordKind, forms.BoundField, forms.BoundField]]:
        """Per kind: the kind, its public box and its weight field (the template's table rows)."""
        return [(k, self[f"public_{k.value}"], self[f"weight_{k.value}"]) for k in RecordKind]

    def kinds(self) -> dict[str, KindChoice]:
        """The cleaned per-kind choices."""
        d = self.cleaned_data
        return {k: KindChoice(bool(d[f"public_{k}"]), int(d[f"weight_{k}"])) for k in RecordKind.values}


class TrainingForm(forms.Form):
    """履职学习培训: the day, the title and the deputies who attended (searchable picker)."""

    title = forms.CharField(label=_("培训名称"), max_length=120)
    held_on = forms.DateField(
        label=_("培训日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入正确的日期，如 2026-12-05")},
    )
    deputies = IdMultipleChoiceField(
        label=_("参加培训的代表"),
        queryset=Deputy.objects.none(),
        widget=PickerSelectMultiple(placeholder=_("输入代表姓名搜索")),
        error_messages={
            "required": _("请选择参加培训的代表"),
            "invalid_choice": _("所选代表不属于本级人大"),
            "invalid_pk_value": _("代表选择有误"),
        },
    )

    def __init__(self, *args: Any, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies  # type: ignore[attr-defined]


class UnitReportForm(forms.Form):
    """办理情况报告 (S20): the year and whether the mid-year (1 January–30 June) or year-end report; staff
    also choose the unit (a searchable picker of the congress's units)."""

    year = forms.IntegerField(
        label=_("年度"),
        min_value=1979,
        max_value=2100,
        error_messages={
            "invalid": _("年度须为四位数字"),
            "min_value": _("年度须在1979至2100之间"),
            "max_value": _("年度须在1979至2100之间"),
            "required": _("请填写年度"),
        },
    )
    half = forms.ChoiceField(
        label=_("报告"),
        choices=[("mid", _("年中报告（1月1日至6月30日）")), ("end", _("年终报告（全年）"))],
        error_messages={"invalid_choice": _("请选择年中或年终报告"), "required": _("请选择年中或年终报告")},
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.TypedChoiceField(
                label=_("承办单位"),
                choices=[("", "")] + [(u.pk, u.name) for u in units],
                coerce=int,
                widget=PickerSelect(placeholder=_("输入单位名称搜索")),
                error_messages={"invalid_choice": _("请选择承办单位"), "required": _("请选择承办单位")},
            )
