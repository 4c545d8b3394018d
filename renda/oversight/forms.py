"""Forms of the oversight pages: they check the shape of the input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import IdMultipleChoiceField
from renda.core.widgets import PickerSelect, PickerSelectMultiple
from renda.meetings.models import Meeting
from renda.organization.models import Body, Deputy, HandlingUnit
from renda.oversight.models import (
    Decision,
    Inquiry,
    InspectionVisit,
    OrganAttendance,
    OversightItem,
    PreHearingView,
    WorkRecord,
)

DATE = forms.DateInput(attrs={"type": "date"})


def sc_meetings(congress_id: int | None) -> Any:
    """Standing Committee meetings not yet closed, newest first."""
    qs = Meeting.objects.filter(kind=Meeting.Kind.STANDING_COMMITTEE).exclude(status="closed").order_by("-starts_at")
    return qs.filter(congress_id=congress_id) if congress_id else qs


def deputies(congress_id: int | None) -> Any:
    """Serving deputies of the congress."""
    qs = Deputy.objects.filter(status=Deputy.Status.SERVING).order_by("code")
    return qs.filter(term__congress_id=congress_id) if congress_id else qs


class CongressForm(forms.Form):
    """A form whose choices are limited to the viewer's congress (``congress_id``)."""

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.congress_id = congress_id
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = self.choices_for(name)

    def choices_for(self, name: str) -> Any:
        """The queryset of the choice field ``name``."""
        cid = self.congress_id
        if name in ("meeting",):
            return sc_meetings(cid)
        if name in ("organ", "target"):
            qs = HandlingUnit.objects.order_by("name")
            return qs.filter(congress_id=cid) if cid else qs
        if name == "attendee":
            att = OrganAttendance.objects.select_related("organ").order_by("id")
            return att.filter(item__plan__congress_id=cid) if cid else att
        if name == "committee":
            bodies = Body.objects.filter(kind__in=(Body.Kind.SPECIAL_COMMITTEE, Body.Kind.WORKING_COMMITTEE)).order_by(
                "name"
            )
            return bodies.filter(term__congress_id=cid) if cid else bodies
        return deputies(cid)


class ItemForm(CongressForm):
    """新增监督事项 (M1–M2, M11, M20–M22, M25)."""

    kind = forms.ChoiceField(
        label=_("类别"),
        choices=[c for c in OversightItem.Kind.choices if c[0] not in ("interpellation", "investigation")],
    )
    title = forms.CharField(label=_("题目"), max_length=150)
    source = forms.ChoiceField(label=_("选题来源"), choices=OversightItem.Source.choices)
    organ = forms.ModelChoiceField(
        label=_("报告机关 / 被检查机关"), queryset=HandlingUnit.objects.none(), required=False, widget=PickerSelect
    )
    committee = forms.ModelChoiceField(label=_("牵头委员会"), queryset=Body.objects.none(), required=False)
    meeting = forms.ModelChoiceField(label=_("常委会会议"), queryset=Meeting.objects.none(), required=False)
    hearing_on = forms.DateField(label=_("拟提请审议日期"), required=False, widget=DATE)
    audit_heard_on = forms.DateField(label=_("审计工作报告审议日期（整改报告）"), required=False, widget=DATE)
    handling_months = forms.IntegerField(
        label=_("办理期限（月，空则按默认）"), required=False, min_value=1, max_value=24
    )
    law_title = forms.CharField(label=_("检查的法律法规（执法检查）"), max_length=120, required=False)
    articles = forms.CharField(label=_("检查条款"), max_length=200, required=False)
    inspection_starts_on = forms.DateField(label=_("检查开始日期"), required=False, widget=DATE)


class FileForm(forms.Form):
    """An uploaded report (PDF or Word; checked by the service)."""

    file = forms.FileField(label=_("报告文件（PDF 或 Word）"))


class NoteForm(forms.Form):
    """A text (review note, urging note)."""

    note = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class OptionalNoteForm(forms.Form):
    """An optional note."""

    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class ConfirmForm(forms.Form):
    """A one-button step."""


class HearForm(CongressForm):
    """Put the item on a Standing Committee meeting (M5)."""

    meeting = forms.ModelChoiceField(label=_("常委会会议"), queryset=Meeting.objects.none())
    reporter = forms.CharField(label=_("报告人（机关负责人）"), max_length=60, required=False)


class MeetingForm(CongressForm):
    """Choose a Standing Committee meeting (the satisfaction vote, M10)."""

    meeting = forms.ModelChoiceField(label=_("常委会会议"), queryset=Meeting.objects.none())


class OpinionForm(forms.Form):
    """A member's deliberation opinion (M6)."""

    text = forms.CharField(label=_("审议意见"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)


class SendForm(forms.Form):
    """The compiled 审议意见 staff send (M6)."""

    text = forms.CharField(
        label=_("审议意见（汇总）"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000, required=False
    )


class GroupForm(CongressForm):
    """The inspection group (M11)."""

    leader = forms.ModelChoiceField(label=_("组长"), queryset=Deputy.objects.none(), widget=PickerSelect)
    members = IdMultipleChoiceField(
        label=_("组成人员"), queryset=Deputy.objects.none(), required=False, widget=PickerSelectMultiple
    )
    invited = IdMultipleChoiceField(
        label=_("受邀代表"), queryset=Deputy.objects.none(), required=False, widget=PickerSelectMultiple
    )


class VisitForm(forms.Form):
    """One inspection activity (M11)."""

    visited_on = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=120)
    form = forms.ChoiceField(label=_("形式"), choices=InspectionVisit.Form.choices)


class InspectionReportForm(forms.Form):
    """The inspection report's two parts (M13)."""

    assessment = forms.CharField(
        label=_("实施情况评价、问题和改进意见"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    law_suggestions = forms.CharField(
        label=_("修改完善法律法规的建议"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )


class QuestionForm(CongressForm):
    """A question at a special inquiry (M15–M16); a deputy asks in his own name."""

    asker = forms.ModelChoiceField(
        label=_("询问人"), queryset=Deputy.objects.none(), required=False, widget=PickerSelect
    )
    question = forms.CharField(label=_("问题"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    attendee = forms.ModelChoiceField(
        label=_("应询负责人（到会的有关机关负责人）"), queryset=OrganAttendance.objects.none(), required=False
    )
    official = forms.CharField(label=_("应询人（未选负责人时填写）"), max_length=60, required=False)
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False)
    commitment = forms.CharField(
        label=_("整改承诺"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )


class InquiryForm(CongressForm):
    """A 质询案 (M17)."""

    meeting = forms.ModelChoiceField(label=_("常委会会议（会议期间提出）"), queryset=Meeting.objects.none())
    target = forms.ModelChoiceField(label=_("质询对象"), queryset=HandlingUnit.objects.none(), widget=PickerSelect)
    questions = forms.CharField(label=_("质询的问题"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    content = forms.CharField(label=_("质询的内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    signers = IdMultipleChoiceField(
        label=_("提质询案人（常委会组成人员）"), queryset=Deputy.objects.none(), widget=PickerSelectMultiple
    )


class InvestigationForm(CongressForm):
    """A proposal for a special investigation committee (M19)."""

    title = forms.CharField(label=_("调查的特定问题"), max_length=150)
    by_council = forms.BooleanField(label=_("由主任会议提议"), required=False)
    proposers = IdMultipleChoiceField(
        label=_("书面提议的组成人员（非主任会议提议时）"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=PickerSelectMultiple,
    )


class ScheduleForm(forms.Form):
    """The Council's decision on the answer (M18)."""

    form = forms.ChoiceField(label=_("答复形式"), choices=Inquiry.AnswerForm.choices)
    due_on = forms.DateField(label=_("答复期限"), widget=DATE)


class AnswerForm(forms.Form):
    """The answer (M18)."""

    answerer = forms.CharField(label=_("答复人"), max_length=60)
    by_head = forms.BooleanField(label=_("由受质询机关负责人本人答复或签署"), required=False)
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)


class ConcludeForm(forms.Form):
    """The proposers' view of the answer (M18)."""

    unsatisfied = forms.IntegerField(label=_("不满意的提质询案人人数"), min_value=0, max_value=650)
    due_on = forms.DateField(label=_("再次答复期限（过半数不满意时）"), required=False, widget=DATE)


class DecisionForm(CongressForm):
    """A resolution or decision (M7)."""

    kind = forms.ChoiceField(label=_("类别"), choices=Decision.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=150)
    text = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50000)
    meeting = forms.ModelChoiceField(label=_("常委会会议"), queryset=Meeting.objects.none())
    adopted_on = forms.DateField(label=_("通过日期"), widget=DATE)
    organ = forms.ModelChoiceField(
        label=_("执行机关（报告执行情况）"), queryset=HandlingUnit.objects.none(), required=False, widget=PickerSelect
    )
    report_due_on = forms.DateField(label=_("执行情况报告期限"), required=False, widget=DATE)

    def choices_for(self, name: str) -> Any:
        """Any Standing Committee meeting of the congress (closed ones too: decisions are recorded after);
        the congress's organs."""
        if name == "organ":
            return super().choices_for(name)
        qs = Meeting.objects.filter(kind=Meeting.Kind.STANDING_COMMITTEE).order_by("-starts_at")
        return qs.filter(congress_id=self.congress_id) if self.congress_id else qs


class WorkRecordForm(forms.Form):
    """A work record (issue 15 item 8)."""

    kind = forms.ChoiceField(label=_("类别"), choices=WorkRecord.Kind.choices)
    date = forms.DateField(label=_("日期"), widget=DATE)
    title = forms.CharField(label=_("标题"), max_length=150)
    attachment = forms.FileField(label=_("附件（PDF 或 Word，可不填）"), required=False)


class PreHearingViewForm(CongressForm):
    """A view collected before the hearing (M3)."""

    source = forms.ChoiceField(label=_("来源"), choices=PreHearingView.Source.choices)
    collected_on = forms.DateField(label=_("收集日期"), widget=DATE)
    text = forms.CharField(label=_("意见建议"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    participants = IdMultipleChoiceField(
        label=_("参加的组成人员和代表"), queryset=Deputy.objects.none(), required=False, widget=PickerSelectMultiple
    )


class AttendanceForm(CongressForm):
    """A responsible official an organ sent to the deliberation (M15)."""

    organ = forms.ModelChoiceField(label=_("机关"), queryset=HandlingUnit.objects.none(), widget=PickerSelect)
    name = forms.CharField(label=_("姓名"), max_length=60)
    post = forms.CharField(label=_("职务"), max_length=60)
    is_head = forms.BooleanField(label=_("机关主要负责人"), required=False)


class SupplementForm(forms.Form):
    """A request for a supplement to the handling report (M8)."""

    due_on = forms.DateField(label=_("补充报告期限"), widget=DATE)
    note = forms.CharField(label=_("需要补充的内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class FollowUpForm(forms.Form):
    """Follow-up oversight of an item (M8)."""

    title = forms.CharField(label=_("跟踪监督的题目"), max_length=150)


class YearForm(forms.Form):
    """The year of the annual check (M23)."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
