"""Forms of the livelihood staff and unit pages (shape checks only; the rules L1–L7 live in services).

Choice fields start empty and are filled per congress by the view (``congress_id``), so a page never
offers a unit, meeting or deputy of another congress.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import IdMultipleChoiceField
from renda.livelihood import selectors
from renda.livelihood.models import Milestone, Project
from renda.meetings.models import Poll
from renda.organization.models import Session

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionField(forms.IntegerField):
    """The record ``version`` the page was rendered with (hidden; optimistic check, 已被他人修改)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("版本"), required=False, min_value=0, widget=forms.HiddenInput, **kwargs)


class ProgrammeForm(forms.Form):
    """Start a year's programme (年度民生实事项目): session, year, title, seats N, ballot form (L3)."""

    session = forms.ModelChoiceField(label=_("会次（票决的大会）"), queryset=Session.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=120, help_text=_("例如：2027年市政府民生实事项目"))
    seats = forms.IntegerField(label=_("拟确定项目数"), min_value=1, max_value=99)
    ballot_form = forms.ChoiceField(
        label=_("票式"), choices=Poll.BallotForm.choices, initial=Poll.BallotForm.PER_OPTION
    )

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(  # type: ignore[attr-defined]
            term__congress_id=congress_id
        ).order_by("-id")


class SolicitationForm(forms.Form):
    """The public solicitation period (calendar dates; the service requires at least 30 days, L1)."""

    starts_on = forms.DateField(label=_("征集开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("征集截止日期"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        """Refuse an end before the start (the 30-day rule itself is the service's, L1)."""
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("截止日期不能早于开始日期"))
        return data


class CandidateForm(forms.Form):
    """A candidate project (候选项目): title, content, budget (万元), the unit proposing it, targets."""

    title = forms.CharField(label=_("项目名称"), max_length=120)
    description = forms.CharField(
        label=_("项目内容"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    budget = forms.DecimalField(
        label=_("预算（万元）"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    lead_unit = forms.ModelChoiceField(
        label=_("牵头单位（提出单位）"), queryset=selectors.congress_units(congress_id=0)
    )
    targets = forms.CharField(
        label=_("目标任务"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()

    def __init__(self, *args: Any, congress_id: int, viewer: Any, **kwargs: Any) -> None:
        """``viewer`` (who submits or corrects) limits the units offered: a unit officer proposes in their
        own unit's name only (:func:`selectors.candidate_units`)."""
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = selectors.candidate_units(viewer=viewer, congress_id=congress_id)  # type: ignore[attr-defined]
        if viewer.role == viewer.Role.UNIT_OFFICER:
            self.fields["lead_unit"].initial = viewer.handling_unit_id
            self.fields["lead_unit"].empty_label = None  # type: ignore[attr-defined]


class ScreenForm(forms.Form):
    """Screening (筛选论证, L1): list the candidate for the vote or not; leaving it out needs a reason."""

    decision = forms.ChoiceField(
        label=_("筛选结论"),
        choices=[("in", _("入围（列入候选）")), ("out", _("不入围"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("理由"), required=False, max_length=200)
    version = VersionField()

    def clean(self) -> dict[str, Any]:
        """A candidate left out needs the reason (it is written on the programme's trail)."""
        data = super().clean() or {}
        if data.get("decision") == "out" and not (data.get("note") or "").strip():
            self.add_error("note", _("不入围须写明理由"))
        return data


class MeetingChoiceForm(forms.Form):
    """The plenary where the deputies vote (L2) or evaluate satisfaction (L7)."""

    meeting = forms.ModelChoiceField(
        label=_("大会全体会议"),
        queryset=selectors.plenary_meetings(congress_id=0),
        help_text=_("列出本届尚未结束的大会全体会议；如无，请先在“会议与表决”中建立"),
    )

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = selectors.plenary_meetings(congress_id=congress_id)  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    """The implementation plan (L5): targets, deadline, funding (万元), responsible unit."""

    targets = forms.CharField(label=_("目标任务"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    deadline = forms.DateField(label=_("完成时限"), widget=DATE)
    funding = forms.DecimalField(
        label=_("资金安排（万元）"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    responsible_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=selectors.congress_units(congress_id=0))
    version = VersionField()

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = selectors.congress_units(  # type: ignore[attr-defined]
            congress_id=congress_id
        )


class SupervisionForm(forms.Form):
    """ "三个1" (L6): one lead vice-chair, one special committee, one supervision group with its members."""

    vice_chair = forms.ModelChoiceField(
        label=_("牵头督办的常委会副主任"), queryset=selectors.vice_chairs(congress_id=0)
    )
    special_committee = forms.ModelChoiceField(
        label=_("对口联系的专门委员会"), queryset=selectors.special_committees(congress_id=0)
    )
    group_name = forms.CharField(label=_("监督小组名称"), max_length=80)
    group_members = IdMultipleChoiceField(
        label=_("监督小组成员（代表）"),
        queryset=selectors.serving_deputies(congress_id=0),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    version = VersionField()

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["vice_chair"].queryset = selectors.vice_chairs(congress_id=congress_id)
        fields["special_committee"].queryset = selectors.special_committees(congress_id=congress_id)
        fields["group_members"].queryset = selectors.serving_deputies(congress_id=congress_id)


class ProgressForm(forms.Form):
    """A progress report (进展情况): one 0–100 % field per milestone, the text, the date, the version."""

    text = forms.CharField(label=_("进展情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    reported_on = forms.DateField(label=_("报告日期（默认今天）"), required=False, widget=DATE)
    version = VersionField()

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.milestones: list[Milestone] = list(project.milestones.order_by("order"))
        for m in self.milestones:
            self.fields[f"progress-{m.pk}"] = forms.IntegerField(
                label=_("%(title)s 完成进度（%%）") % {"title": m.title}, min_value=0, max_value=100, initial=m.progress
            )
        self.fields["version"].initial = project.version
        self.order_fields([*(f"progress-{m.pk}" for m in self.milestones), "text", "reported_on", "version"])

    def progress(self) -> dict[int, int]:
        """Milestone id → progress (0–100) from the cleaned form."""
        return {m.pk: self.cleaned_data[f"progress-{m.pk}"] for m in self.milestones}
