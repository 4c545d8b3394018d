"""REST API of the oversight domain, mirroring the pages: items and their steps, 质询案, decisions, work
records, and the public lists. Every write calls the same service as the page."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Model
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from renda.core.apis import IdField, NumericLookupMixin, body_data
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError
from renda.meetings.models import Meeting
from renda.organization.models import Deputy, HandlingUnit
from renda.organization.models import User as _UserModel
from renda.oversight import inspections, permissions, selectors, services
from renda.oversight.models import (
    Decision,
    DeliberationOpinion,
    HandlingReport,
    Inquiry,
    InquiryQuestion,
    InspectionVisit,
    OrganAttendance,
    OversightItem,
    WorkRecord,
)


def _user(request: Any) -> _UserModel:
    return cast(_UserModel, request.user)


def _get(model: type[Model], pk: int, label: str) -> Any:
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise exceptions.ValidationError({label: ["不存在"]})
    return obj


class OversightItemSerializer(serializers.ModelSerializer):
    organ_name = serializers.CharField(source="organ.name", read_only=True, default="")
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = OversightItem
        fields = [
            "id",
            "plan",
            "kind",
            "title",
            "source",
            "organ",
            "organ_name",
            "committee",
            "meeting",
            "hearing_on",
            "status",
            "report_submitted_on",
            "reporter",
            "opinions_text",
            "opinions_sent_on",
            "handling_due_on",
            "satisfaction_text",
            "dissatisfied",
            "rectification_due_on",
            "law_title",
            "articles",
            "inspection_starts_on",
            "plan_sent_on",
            "assessment",
            "law_suggestions",
            "published_on",
            "report_late",
            "views_sent_on",
            "follows",
            "version",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, obj: OversightItem) -> list[str]:
        request = self.context.get("request")
        return sorted(permissions.item_actions(getattr(request, "user", None), obj))


class OversightItemCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OversightItem.Kind.choices)
    title = serializers.CharField(max_length=150)
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=OversightItem.Source.choices, default=OversightItem.Source.STATUTORY
    )
    organ = IdField(required=False)
    meeting = IdField(required=False)
    hearing_on = serializers.DateField(required=False)
    audit_heard_on = serializers.DateField(required=False)
    handling_months = serializers.IntegerField(required=False, min_value=1, max_value=24)
    law_title = serializers.CharField(max_length=120, required=False, default="")
    articles = serializers.CharField(max_length=200, required=False, default="")
    inspection_starts_on = serializers.DateField(required=False)


class OversightFileSerializer(serializers.Serializer):
    file = serializers.FileField()


class OversightNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class OversightTextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)


class HearSerializer(serializers.Serializer):
    meeting = IdField()
    reporter = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)


class OversightMeetingRefSerializer(serializers.Serializer):
    meeting = IdField()


class GroupSerializer(serializers.Serializer):
    leader = IdField()
    members = serializers.ListField(child=IdField(), required=False, default=list, max_length=200)
    invited = serializers.ListField(child=IdField(), required=False, default=list, max_length=200)


class VisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionVisit
        fields = ["id", "visited_on", "place", "form"]
        read_only_fields = ["id"]


class InspectionReportSerializer(serializers.Serializer):
    assessment = serializers.CharField(max_length=20000)
    law_suggestions = serializers.CharField(max_length=20000)


class DeliberationOpinionSerializer(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name", read_only=True)

    class Meta:
        model = DeliberationOpinion
        fields = ["id", "deputy", "deputy_name", "text"]
        read_only_fields = ["id", "deputy", "deputy_name"]


class HandlingReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingReport
        fields = ["id", "kind", "submitted_on", "due_on", "late"]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    asker = IdField(required=False)
    attendee = IdField(required=False, source="attendee_id")
    official = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)

    class Meta:
        model = InquiryQuestion
        fields = ["id", "asker", "question", "official", "attendee", "answer", "commitment"]
        read_only_fields = ["id"]


class InquirySerializer(serializers.ModelSerializer):
    class Meta:
        model = Inquiry
        fields = [
            "id",
            "item",
            "meeting",
            "target",
            "questions",
            "content",
            "signers",
            "status",
            "answer_form",
            "answer_due_on",
            "answerer",
            "answer",
            "answered_on",
            "rounds",
        ]
        read_only_fields = fields


class InquiryCreateSerializer(serializers.Serializer):
    meeting = IdField()
    target = IdField()
    questions = serializers.CharField(max_length=4000)
    content = serializers.CharField(max_length=20000)
    signers = serializers.ListField(child=IdField(), max_length=200)


class InvestigationSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    by_council = serializers.BooleanField(default=False)
    proposers = serializers.ListField(child=IdField(), required=False, default=list, max_length=200)


class ScheduleSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=Inquiry.AnswerForm.choices)
    due_on = serializers.DateField()


class AnswerSerializer(serializers.Serializer):
    answerer = serializers.CharField(max_length=60)
    by_head = serializers.BooleanField()
    answer = serializers.CharField(max_length=20000)


class ConcludeSerializer(serializers.Serializer):
    unsatisfied = serializers.IntegerField(min_value=0, max_value=650)
    due_on = serializers.DateField(required=False)


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "year",
            "number",
            "kind",
            "title",
            "text",
            "meeting",
            "adopted_on",
            "organ",
            "report_due_on",
            "published_on",
        ]
        read_only_fields = ["id", "year", "number", "published_on"]


class DecisionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Decision.Kind.choices)
    title = serializers.CharField(max_length=150)
    text = serializers.CharField(max_length=50000)
    meeting = IdField()
    adopted_on = serializers.DateField()
    organ = IdField(required=False)
    report_due_on = serializers.DateField(required=False)


class WorkRecordSerializer(serializers.ModelSerializer):
    attachment = serializers.FileField(required=False, allow_null=True)

    class Meta:
        model = WorkRecord
        fields = ["id", "kind", "date", "title", "attachment"]
        read_only_fields = ["id"]


def _item_out(request: Request, item: OversightItem, code: int = status.HTTP_200_OK) -> Response:
    item = OversightItem.objects.get(pk=item.pk)
    return Response(OversightItemSerializer(item, context={"request": request}).data, status=code)


class ItemViewSet(NumericLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Oversight items the caller sees (staff, deputies, supervisors, the organ concerned), with their steps."""

    serializer_class = OversightItemSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return selectors.items_for(_user(self.request)).order_by("id")

    def get_object(self) -> OversightItem:
        """Fetch through the selector: missing and forbidden answer 404 alike."""
        return selectors.access_item(_user(self.request), int(self.kwargs["pk"]))

    @extend_schema(request=OversightItemCreateSerializer, responses={201: OversightItemSerializer})
    def create(self, request: Request) -> Response:
        data = body_data(OversightItemCreateSerializer, request)
        plan = selectors.current_plan(_user(request).congress_id)
        if plan is None:
            raise NotFoundOrForbidden("没有监督工作计划")
        if "organ" in data:
            data["organ"] = _get(HandlingUnit, data["organ"], "organ")
        if "meeting" in data:
            data["meeting"] = _get(Meeting, data["meeting"], "meeting")
        item = services.item_add(plan=plan, actor=_user(request), **data)
        return _item_out(request, item, status.HTTP_201_CREATED)

    @extend_schema(request=InvestigationSerializer, responses={201: OversightItemSerializer})
    @action(detail=False, methods=["post"])
    def investigations(self, request: Request) -> Response:
        """Propose a special investigation committee (M19)."""
        data = body_data(InvestigationSerializer, request)
        plan = selectors.current_plan(_user(request).congress_id)
        if plan is None:
            raise NotFoundOrForbidden("没有监督工作计划")
        item = inspections.investigation_propose(
            plan=plan,
            title=data["title"],
            by_council=data["by_council"],
            proposers=list(Deputy.objects.filter(pk__in=data["proposers"])),
            actor=_user(request),
        )
        return _item_out(request, item, status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": OversightFileSerializer}, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"], url_path="submit-report")
    def submit_report(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        data = body_data(OversightFileSerializer, request)
        return _item_out(request, services.report_submit(item=item, file=data["file"], actor=_user(request)))

    @extend_schema(request=OversightNoteSerializer, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        return _item_out(
            request,
            services.item_review(
                item=item, note=body_data(OversightNoteSerializer, request)["note"], actor=_user(request)
            ),
        )

    @extend_schema(request=HearSerializer, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"])
    def hear(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        data = body_data(HearSerializer, request)
        services.item_hear(
            item=item,
            meeting=_get(Meeting, data["meeting"], "meeting"),
            reporter=data["reporter"],
            actor=_user(request),
        )
        return _item_out(request, item)

    @extend_schema(request=OversightTextSerializer, responses={201: DeliberationOpinionSerializer})
    @action(detail=True, methods=["post"])
    def opinions(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        opinion = services.opinion_add(
            item=item, text=body_data(OversightTextSerializer, request)["text"], actor=_user(request)
        )
        return Response(DeliberationOpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OversightTextSerializer, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"], url_path="send-opinions")
    def send_opinions(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        return _item_out(
            request,
            services.opinions_send(
                item=item, text=body_data(OversightTextSerializer, request)["text"], actor=_user(request)
            ),
        )

    @extend_schema(request={"multipart/form-data": OversightFileSerializer}, responses={201: HandlingReportSerializer})
    @action(detail=True, methods=["post"], url_path="handling-report")
    def handling_report(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        report = services.handling_report_submit(
            item=item, file=body_data(OversightFileSerializer, request)["file"], actor=_user(request)
        )
        return Response(HandlingReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OversightNoteSerializer, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"])
    def urge(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        services.item_urge(item=item, note=body_data(OversightNoteSerializer, request)["note"], actor=_user(request))
        return _item_out(request, item)

    @extend_schema(request=None, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return _item_out(request, services.item_accept(item=self.get_object(), actor=_user(request)))

    @extend_schema(request=None, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return _item_out(request, services.item_publish(item=self.get_object(), actor=_user(request)))

    @extend_schema(request=OversightMeetingRefSerializer, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"], url_path="satisfaction-start")
    def satisfaction_start(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        meeting = _get(Meeting, body_data(OversightMeetingRefSerializer, request)["meeting"], "meeting")
        services.satisfaction_start(item=item, meeting=meeting, actor=_user(request))
        return _item_out(request, item)

    @extend_schema(request=None, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"], url_path="satisfaction-record")
    def satisfaction_record(self, request: Request, pk: str) -> Response:
        return _item_out(request, services.satisfaction_record(item=self.get_object(), actor=_user(request)))

    @extend_schema(request=GroupSerializer, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"])
    def group(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        data = body_data(GroupSerializer, request)
        people = lambda ids: list(Deputy.objects.filter(pk__in=ids))  # noqa: E731
        inspections.group_set(
            item=item,
            leader=_get(Deputy, data["leader"], "leader"),
            members=people(data["members"]),
            invited=people(data["invited"]),
            actor=_user(request),
        )
        return _item_out(request, item)

    @extend_schema(request=None, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"], url_path="plan-sent")
    def plan_sent(self, request: Request, pk: str) -> Response:
        return _item_out(request, inspections.plan_send(item=self.get_object(), actor=_user(request)))

    @extend_schema(request=VisitSerializer, responses={201: VisitSerializer})
    @action(detail=True, methods=["post"])
    def visits(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        data = body_data(VisitSerializer, request)
        visit = inspections.visit_add(item=item, actor=_user(request), **data)
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionReportSerializer, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"], url_path="inspection-report")
    def inspection_report(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        return _item_out(
            request,
            inspections.inspection_report(
                item=item, actor=_user(request), **body_data(InspectionReportSerializer, request)
            ),
        )

    @extend_schema(request=QuestionSerializer, responses={201: QuestionSerializer})
    @action(detail=True, methods=["post"])
    def questions(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        data = body_data(QuestionSerializer, request)
        asker_id = data.pop("asker", None) or _user(request).deputy_id
        if not asker_id:
            raise exceptions.ValidationError({"asker": ["必填"]})
        attendee_id = data.pop("attendee_id", None)
        if attendee_id is not None:
            data["attendee"] = _get(OrganAttendance, attendee_id, "attendee")
        q = inspections.question_add(item=item, asker=_get(Deputy, asker_id, "asker"), actor=_user(request), **data)
        return Response(QuestionSerializer(q).data, status=status.HTTP_201_CREATED)


class InquiryViewSet(NumericLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """质询案 (M17–M18) of the items the caller sees."""

    serializer_class = InquirySerializer

    def get_queryset(self) -> Any:
        return (
            Inquiry.objects.filter(item__in=selectors.items_for(_user(self.request)))
            .prefetch_related("signers")
            .order_by("id")
        )

    def _mine(self) -> Inquiry:
        inquiry = self.get_queryset().filter(pk=int(self.kwargs["pk"])).first()
        if inquiry is None:
            raise NotFoundOrForbidden("质询案不存在")
        return inquiry

    @extend_schema(request=InquiryCreateSerializer, responses={201: InquirySerializer})
    def create(self, request: Request) -> Response:
        data = body_data(InquiryCreateSerializer, request)
        plan = selectors.current_plan(_user(request).congress_id)
        if plan is None:
            raise PermissionDeniedError("没有监督工作计划")
        inquiry = inspections.inquiry_file(
            plan=plan,
            meeting=_get(Meeting, data["meeting"], "meeting"),
            target=_get(HandlingUnit, data["target"], "target"),
            questions=data["questions"],
            content=data["content"],
            signers=list(Deputy.objects.filter(pk__in=data["signers"])),
            actor=_user(request),
        )
        return Response(InquirySerializer(inquiry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScheduleSerializer, responses=InquirySerializer)
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str) -> Response:
        inquiry = inspections.inquiry_schedule(
            inquiry=self._mine(), actor=_user(request), **body_data(ScheduleSerializer, request)
        )
        return Response(InquirySerializer(inquiry).data)

    @extend_schema(request=AnswerSerializer, responses=InquirySerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        inquiry = inspections.inquiry_answer(
            inquiry=self._mine(), actor=_user(request), **body_data(AnswerSerializer, request)
        )
        return Response(InquirySerializer(inquiry).data)

    @extend_schema(request=ConcludeSerializer, responses=InquirySerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str) -> Response:
        inquiry = inspections.inquiry_conclude(
            inquiry=self._mine(), actor=_user(request), **body_data(ConcludeSerializer, request)
        )
        return Response(InquirySerializer(inquiry).data)


class DecisionViewSet(NumericLookupMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Resolutions and decisions (M7): staff see all of their congress's, others the published."""

    serializer_class = DecisionSerializer

    def get_queryset(self) -> Any:
        return selectors.decisions_for(_user(self.request)).order_by("id")

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionSerializer})
    def create(self, request: Request) -> Response:
        data = body_data(DecisionCreateSerializer, request)
        congress = _user(request).congress
        if congress is None:
            raise PermissionDeniedError("只有常委会工作人员可以办理")
        data["meeting"] = _get(Meeting, data["meeting"], "meeting")
        if "organ" in data:
            data["organ"] = _get(HandlingUnit, data["organ"], "organ")
        decision = inspections.decision_adopt(congress=congress, actor=_user(request), **data)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        decision = self.get_queryset().filter(pk=int(pk)).first()
        if decision is None:
            raise NotFoundOrForbidden("决议决定不存在")
        return Response(DecisionSerializer(inspections.decision_publish(decision=decision, actor=_user(request))).data)


class WorkRecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The work-record register (staff of the congress)."""

    serializer_class = WorkRecordSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        user = _user(self.request)
        if getattr(user, "role", None) != _UserModel.Role.STAFF:
            return WorkRecord.objects.none()
        return selectors.work_records(user.congress_id).order_by("-date", "-id")

    @extend_schema(request={"multipart/form-data": WorkRecordSerializer}, responses={201: WorkRecordSerializer})
    def create(self, request: Request) -> Response:
        congress = _user(request).congress
        if congress is None:
            raise PermissionDeniedError("只有常委会工作人员可以办理")
        data = body_data(WorkRecordSerializer, request)
        record = inspections.work_record_add(
            congress=congress,
            kind=data["kind"],
            on=data["date"],
            title=data["title"],
            attachment=data.get("attachment"),
            actor=_user(request),
        )
        return Response(WorkRecordSerializer(record).data, status=status.HTTP_201_CREATED)


class PublicItemViewSet(NumericLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Published reports, opinions and handling status (M9), readable by anyone."""

    permission_classes = [AllowAny]
    serializer_class = OversightItemSerializer

    def get_queryset(self) -> Any:
        return selectors.items_for(None).order_by("-published_on", "id")


class PublicDecisionViewSet(NumericLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Published resolutions and decisions (M7), readable by anyone."""

    permission_classes = [AllowAny]
    serializer_class = DecisionSerializer

    def get_queryset(self) -> Any:
        return selectors.public_decisions().order_by("-adopted_on", "id")
