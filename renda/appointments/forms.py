"""Forms of the appointments pages: they check the shape of the input; rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.appointments.models import Appointment, OathCeremony, Person, PreStep
from renda.appointments.posts import Nominator, Step, post_type_choices
from renda.core.forms import IdMultipleChoiceField
from renda.meetings.models import Meeting
from renda.meetings.workflow import MeetingStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def open_sc_meetings(congress_id: int | None) -> Any:
    """Standing Committee meetings not yet closed (where a case can be filed)."""
    qs = Meeting.objects.filter(kind=Meeting.Kind.STANDING_COMMITTEE).exclude(status=MeetingStatus.CLOSED)
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs.order_by("starts_at")


class NominateForm(forms.Form):
    """A nomination (任免案) drafted by an organ or entered by staff (A1–A8)."""

    kind = forms.ChoiceField(label=_("任免类别"), choices=Appointment.Kind.choices)
    post_type = forms.ChoiceField(label=_("职务类别"), choices=post_type_choices(include_blocked=True))
    post_title = forms.CharField(label=_("职务名称"), max_length=80)
    person_name = forms.CharField(label=_("姓名"), max_length=40)
    gender = forms.ChoiceField(label=_("性别"), choices=Person.Gender.choices)
    birth_year = forms.IntegerField(label=_("出生年份"), min_value=1900, max_value=2100, required=False)
    nominator = forms.ChoiceField(label=_("提请人"), choices=[*Nominator.choices, ("self", _("本人（辞职）"))])
    mayor_vacant = forms.BooleanField(label=_("市长缺位（由主任会议提请副市长人选）"), required=False)
    signed_by = forms.CharField(label=_("提请机关负责人（签署）"), max_length=40, required=False)
    reasons = forms.CharField(
        label=_("提请理由"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    has_form = forms.BooleanField(label=_("附任免表"), required=False)
    has_assessment = forms.BooleanField(label=_("附考察材料（德、能、勤、绩、廉）"), required=False)
    has_publicity = forms.BooleanField(label=_("附任前公示结果"), required=False)
    meeting = forms.ModelChoiceField(label=_("提请审议的常委会会议"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = open_sc_meetings(congress_id)  # type: ignore[attr-defined]


class FileForm(forms.Form):
    """Filing in writing (A8): the day and the meeting."""

    filed_on = forms.DateField(label=_("提请日期"), widget=DATE)
    meeting = forms.ModelChoiceField(label=_("常委会会议"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = open_sc_meetings(congress_id)  # type: ignore[attr-defined]


class StepForm(forms.Form):
    """A pre-appointment step with its date and result (A9–A11)."""

    step = forms.ChoiceField(label=_("任前程序"), choices=Step.choices)
    on = forms.DateField(label=_("日期"), widget=DATE)
    result = forms.ChoiceField(label=_("结果"), choices=PreStep.Result.choices)
    score = forms.IntegerField(label=_("考试成绩"), min_value=0, max_value=100, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ReasonForm(forms.Form):
    """A reason (withdrawal or withholding, A12)."""

    reason = forms.CharField(label=_("理由"), max_length=200)


class ListForm(forms.Form):
    """Cases filed for one meeting, listed for its vote (one poll per person, or one list poll)."""

    cases = IdMultipleChoiceField(
        label=_("任免案"), queryset=Appointment.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    together = forms.BooleanField(label=_("合并为一个名单表决（逐人计票）"), required=False)

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Appointment.objects.filter(status=Appointment.Status.FILED).select_related("person", "post")
        if congress_id:
            qs = qs.filter(congress_id=congress_id)
        self.fields["cases"].queryset = qs.order_by("meeting__starts_at", "id")  # type: ignore[attr-defined]


class OathForm(forms.Form):
    """A constitutional oath ceremony (A17)."""

    held_on = forms.DateField(label=_("宣誓日期"), widget=DATE)
    form = forms.ChoiceField(
        label=_("宣誓形式"), choices=OathCeremony.Form.choices, initial=OathCeremony.Form.COLLECTIVE
    )
    organiser = forms.ChoiceField(label=_("组织者"), choices=OathCeremony.Organiser.choices)
    supervisor = forms.CharField(label=_("监誓人"), max_length=40)
    leader = forms.CharField(label=_("领誓人"), max_length=40, required=False)
    place = forms.CharField(label=_("地点"), max_length=80, required=False)
    cases = IdMultipleChoiceField(
        label=_("宣誓人"), queryset=Appointment.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Appointment.objects.filter(
            status=Appointment.Status.ADOPTED, kind__in=Appointment.TAKING_OFFICE, oaths__isnull=True
        ).select_related("person", "post")
        if congress_id:
            qs = qs.filter(congress_id=congress_id)
        self.fields["cases"].queryset = qs.order_by("adopted_on", "id")  # type: ignore[attr-defined]
