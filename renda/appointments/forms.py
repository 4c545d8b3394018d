"""Forms of the appointments pages: they check the shape of the input; rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.appointments.models import (
    Appointment,
    Discipline,
    OathCeremony,
    Person,
    Post,
    PreStep,
    RegisterFiling,
    Tenure,
)
from renda.appointments.posts import JOINT_NOMINATORS, Nominator, Step, post_type_choices
from renda.core.forms import IdMultipleChoiceField
from renda.meetings import selectors as meeting_selectors
from renda.meetings.models import Meeting
from renda.organization.models import Deputy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


#: Standing Committee meetings not yet closed (where a case can be filed).
open_sc_meetings = meeting_selectors.open_standing_committee_meetings


class NominateForm(forms.Form):
    """A nomination (任免案) drafted by an organ or entered by staff (A1–A8)."""

    kind = forms.ChoiceField(label=_("任免类别"), choices=Appointment.Kind.choices)
    post_type = forms.ChoiceField(label=_("职务类别"), choices=post_type_choices(include_blocked=True))
    post_title = forms.CharField(label=_("职务名称"), max_length=80)
    person_name = forms.CharField(label=_("姓名"), max_length=40)
    gender = forms.ChoiceField(label=_("性别"), choices=Person.Gender.choices)
    birth_year = forms.IntegerField(label=_("出生年份"), min_value=1900, max_value=2100, required=False)
    nominator = forms.ChoiceField(
        label=_("提请人"),
        choices=[*[c for c in Nominator.choices if c[0] not in JOINT_NOMINATORS], ("self", _("本人（辞职）"))],
    )
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


def _current_tenures(congress_id: int | None) -> Any:
    from renda.appointments.selectors import current_tenures

    return current_tenures(congress_id=congress_id)


class TenureChoiceField(forms.ModelChoiceField):
    """A current tenure shown as "post：person"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.post.title}：{obj.person.name}"


class RemovalForm(forms.Form):
    """A removal bill jointly proposed by members of the Standing Committee (M26)."""

    tenure = TenureChoiceField(label=_("被提请撤职人（现任职务）"), queryset=Tenure.objects.none())
    signers = IdMultipleChoiceField(
        label=_("联名的常委会组成人员"), queryset=Deputy.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reasons = forms.CharField(label=_("撤职理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    has_materials = forms.BooleanField(label=_("附有关材料"), required=False)
    meeting = forms.ModelChoiceField(label=_("提请审议的常委会会议"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from renda.appointments.removal import sc_member_ids

        self.fields["tenure"].queryset = _current_tenures(congress_id)  # type: ignore[attr-defined]
        ids = sc_member_ids(congress_id or 0)
        self.fields["signers"].queryset = Deputy.objects.filter(pk__in=ids).order_by("code", "pk")  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = open_sc_meetings(congress_id)  # type: ignore[attr-defined]


class UpperForm(forms.Form):
    """The upper-level Standing Committee's decision on a case waiting for it (A20)."""

    approved = forms.TypedChoiceField(
        label=_("上级人大常委会决定"), choices=[("1", _("批准")), ("0", _("不批准"))], coerce=lambda v: v == "1"
    )
    on = forms.DateField(label=_("批准日期"), widget=DATE)
    ref = forms.CharField(label=_("批准文号或说明"), max_length=80)


class NoticeForm(forms.Form):
    """The day the formal notice (任免通知) went to the organs (A15)."""

    on = forms.DateField(label=_("通知发出日期"), widget=DATE)


class ReelectionForm(forms.Form):
    """A new government elected by the congress (A2, A22)."""

    elected_on = forms.DateField(label=_("新一届政府选举产生日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class RenameForm(forms.Form):
    """A body renamed with the same duties (A22)."""

    post = forms.ModelChoiceField(label=_("职务"), queryset=Post.objects.none())
    new_title = forms.CharField(label=_("新职务名称"), max_length=80)
    on = forms.DateField(label=_("日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Post.objects.all()
        if congress_id:
            qs = qs.filter(congress_id=congress_id)
        self.fields["post"].queryset = qs.order_by("id")  # type: ignore[attr-defined]


class EndForm(forms.Form):
    """A tenure ended without a vote and filed (A22)."""

    tenure = TenureChoiceField(label=_("任职记录"), queryset=Tenure.objects.none())
    kind = forms.ChoiceField(
        label=_("原因"), choices=[c for c in RegisterFiling.Kind.choices if c[0] != RegisterFiling.Kind.RENAMED]
    )
    on = forms.DateField(label=_("日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tenure"].queryset = _current_tenures(congress_id)  # type: ignore[attr-defined]


class DisciplineForm(forms.Form):
    """A 政务处分 of 开除 or 撤职 (A23)."""

    person = forms.ModelChoiceField(label=_("被处分人"), queryset=Person.objects.none())
    measure = forms.ChoiceField(label=_("处分"), choices=Discipline.Measure.choices)
    decided_on = forms.DateField(label=_("处分决定日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Person.objects.all()
        if congress_id:
            qs = qs.filter(congress_id=congress_id)
        self.fields["person"].queryset = qs.order_by("name", "id")  # type: ignore[attr-defined]
