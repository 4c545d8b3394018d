"""REST API of filing review (备案审查), mounted at ``/api/filing/``: the actions of the ``/filing/``
pages over DRF. Thin: serializers check shapes, the same selectors and services as the pages apply
visibility and rules; errors are ``{code, detail}`` (``renda.core.apis.exception_handler``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from renda.core.apis import ERROR_RESPONSES, MAX_ID, TRANSITION_ERROR_RESPONSES, body_data, query_data
from renda.core.exceptions import ApplicationError, NotFoundOrForbidden, PermissionDeniedError
from renda.filing import assistant, clocks, permissions, selectors, services, suggestions
from renda.filing.models import TEXT_MAX, TITLE_MAX, FilingDocument, Organ
from renda.organization.models import Congress


class FilingClockSerializer(serializers.Serializer):
    """One clock on a document."""

    name = serializers.CharField(source="label")
    rule = serializers.CharField()
    due = serializers.DateField()
    running = serializers.BooleanField()
    overdue = serializers.BooleanField()


class FilingDocumentSerializer(serializers.ModelSerializer):
    """A filed document with its clocks and late flag (F1)."""

    organ = serializers.CharField(source="organ.name")
    late = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = FilingDocument
        fields = [
            "id",
            "title",
            "number",
            "kind",
            "organ",
            "published_on",
            "received_on",
            "status",
            "review_kind",
            "version",
            "late",
            "clocks",
            "actions",
            "outcome_note",
        ]

    def get_late(self, obj: FilingDocument) -> bool:
        return clocks.is_late(obj.published_on, obj.received_on)

    @extend_schema_field(FilingClockSerializer(many=True))
    def get_clocks(self, obj: FilingDocument) -> list[dict[str, Any]]:
        return [FilingClockSerializer(c).data for c in clocks.clocks(obj, timezone.localdate())]

    def get_actions(self, obj: FilingDocument) -> list[str]:
        return sorted(permissions.allowed_actions(self.context["request"].user, obj))


class FilingFileInSerializer(serializers.Serializer):
    """报送备案 (text pasted)."""

    organ = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    title = serializers.CharField(max_length=TITLE_MAX)
    number = serializers.CharField(max_length=60)
    kind = serializers.ChoiceField(choices=FilingDocument.Kind.choices, default=FilingDocument.Kind.NORMATIVE)
    published_on = serializers.DateField()
    received_on = serializers.DateField()
    text = serializers.CharField(max_length=TEXT_MAX)
    explanation = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    basis = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")


class FilingStepInSerializer(serializers.Serializer):
    """One review step (``services.STEPS``)."""

    step = serializers.ChoiceField(choices=sorted(services.STEPS))
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None)
    review_kind = serializers.ChoiceField(
        choices=FilingDocument.ReviewKind.choices, required=False, allow_blank=True, default=""
    )
    version = serializers.IntegerField(
        min_value=0, max_value=2_147_483_647, required=False, allow_null=True, default=None
    )


class DocumentsView(APIView):
    """The documents the caller sees; POST files one (an organ's officer, or staff)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: FilingDocumentSerializer(many=True), 403: ERROR_RESPONSES[403]})
    def get(self, request: Request) -> Response:
        """The visible documents, newest first (at most 500)."""
        qs = selectors.documents_for(request.user)[:500]
        return Response(FilingDocumentSerializer(qs, many=True, context={"request": request}).data)

    @extend_schema(
        request=FilingFileInSerializer,
        responses={201: FilingDocumentSerializer, 422: ERROR_RESPONSES[400], **ERROR_RESPONSES},
        description="Errors: 422 ``rule_violation`` (dates, empty text), 403 (not this organ's officer), 404 (organ).",
    )
    def post(self, request: Request) -> Response:
        """File a document (F1: a late filing is accepted and flagged ``late``)."""
        d = body_data(FilingFileInSerializer, request)
        organ = Organ.objects.filter(pk=d.pop("organ")).first()
        if organ is None:
            raise NotFoundOrForbidden(gettext("制定机关不存在"))
        doc = services.document_file(actor=request.user, organ=organ, **d)
        return Response(FilingDocumentSerializer(doc, context={"request": request}).data, status=201)


class DocumentDetailView(APIView):
    """One document."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: FilingDocumentSerializer, **ERROR_RESPONSES})
    def get(self, request: Request, id: int) -> Response:
        """The document (404 alike for missing and hidden)."""
        doc = selectors.document_get(viewer=request.user, doc_id=id)
        return Response(FilingDocumentSerializer(doc, context={"request": request}).data)


class DocumentStepView(APIView):
    """Take one step on a document (F2–F5)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=FilingStepInSerializer,
        responses={200: FilingDocumentSerializer, 422: ERROR_RESPONSES[400], **TRANSITION_ERROR_RESPONSES},
        description="Errors: 422 ``rule_violation`` (extra.rule F2/F3/F5), 409 ``invalid_transition``, 403.",
    )
    def post(self, request: Request, id: int) -> Response:
        """The step; the document after it."""
        doc = selectors.document_get(viewer=request.user, doc_id=id)
        d = body_data(FilingStepInSerializer, request)
        services.document_step(
            doc=doc,
            actor=request.user,
            step=d["step"],
            note=d["note"],
            on=d["on"],
            review_kind=d["review_kind"],
            expected_version=d["version"],
        )
        return Response(FilingDocumentSerializer(doc, context={"request": request}).data)


#: Who may send a review suggestion through the public API (organs send 审查要求 through staff).
PUBLIC_SOURCES = [("citizen", "公民"), ("organisation", "社会组织、企业")]


class FilingSuggestInSerializer(serializers.Serializer):
    """A review suggestion from the public."""

    name = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    requester_kind = serializers.ChoiceField(choices=PUBLIC_SOURCES, default="citizen")
    document_title = serializers.CharField(max_length=TITLE_MAX)
    reasons = serializers.CharField(max_length=TEXT_MAX)


class FilingTrackedSerializer(serializers.Serializer):
    """What the requester sees by 查询码."""

    tracking_code = serializers.CharField()
    document_title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    progress = serializers.SerializerMethodField()
    feedback = serializers.CharField()

    def get_progress(self, obj: Any) -> str:
        return obj.document.get_status_display() if obj.document else ""


class FilingTrackQuerySerializer(serializers.Serializer):
    """The 查询码."""

    code = serializers.CharField(max_length=16)


class SuggestView(APIView):
    """提出审查建议 (no login)."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=FilingSuggestInSerializer,
        responses={201: FilingTrackedSerializer, 400: ERROR_RESPONSES[400], 422: ERROR_RESPONSES[400]},
    )
    def post(self, request: Request) -> Response:
        """Store the suggestion; the answer carries its 查询码."""
        d = body_data(FilingSuggestInSerializer, request)
        congress = Congress.objects.order_by("pk").first()
        if congress is None:
            raise ApplicationError(gettext("系统尚未配置人民代表大会"))
        s = suggestions.suggestion_submit(congress=congress, source=d.pop("requester_kind"), **d)
        return Response(FilingTrackedSerializer(s).data, status=201)


class TrackView(APIView):
    """审查建议查询 (no login)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[FilingTrackQuerySerializer],
        responses={200: FilingTrackedSerializer, 400: ERROR_RESPONSES[400], 404: ERROR_RESPONSES[404]},
    )
    def get(self, request: Request) -> Response:
        """The suggestion of ``code``; 404 ``not_found`` when unknown."""
        d = query_data(FilingTrackQuerySerializer, request)
        return Response(FilingTrackedSerializer(suggestions.suggestion_by_code(d["code"])).data)


class RevokedDocumentSerializer(serializers.Serializer):
    """A revoked normative document as published (F5): title, 文号, organ, the deciding meeting and day."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    number = serializers.CharField()
    organ = serializers.CharField(source="organ.name")
    published_on = serializers.DateField()
    meeting = serializers.CharField(source="revocation_poll.item.meeting.title")
    decided_at = serializers.DateTimeField(source="revocation_poll.closed_at")


class RevocationsView(APIView):
    """撤销决定公布 (F5, no login): the documents the Standing Committee revoked, newest first."""

    permission_classes = [AllowAny]

    @extend_schema(operation_id="filing_public_revocations", responses={200: RevokedDocumentSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """At most 200, as on the page."""
        return Response(RevokedDocumentSerializer(selectors.revocations_published()[:200], many=True).data)


class FilingSuggestionActInSerializer(serializers.Serializer):
    """Staff act on a review suggestion: accept (with the filed document), decline or answer (with text)."""

    action = serializers.ChoiceField(choices=["accept", "decline", "answer"])
    document = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    text = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")


class SuggestionActView(APIView):
    """受理 / 不予受理 / 反馈: staff act on a review suggestion (F4, F5), as on /filing/suggestions/."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=FilingSuggestionActInSerializer,
        responses={200: FilingTrackedSerializer, 422: ERROR_RESPONSES[400], **TRANSITION_ERROR_RESPONSES},
        description="Errors: 404 (suggestion or document not visible), 422 ``rule_violation`` (document not filed, "
        "review not finished, empty text), 409 ``invalid_transition``.",
    )
    def post(self, request: Request, id: int) -> Response:
        """The suggestion after the act."""
        s = selectors.suggestions_for(request.user).filter(pk=id).first()
        if s is None:
            raise NotFoundOrForbidden(gettext("审查建议不存在"))
        d = body_data(FilingSuggestionActInSerializer, request)
        if d["action"] == "accept":
            doc = selectors.documents_for(request.user).filter(pk=d["document"] or 0).first()
            if doc is None:
                raise NotFoundOrForbidden(gettext("备案文件不存在"))
            suggestions.suggestion_accept(suggestion=s, actor=request.user, document=doc)
        elif d["action"] == "decline":
            suggestions.suggestion_decline(suggestion=s, actor=request.user, reason=d["text"])
        else:
            suggestions.suggestion_answer(suggestion=s, actor=request.user, feedback=d["text"])
        return Response(FilingTrackedSerializer(s).data)


class FilingFlagInSerializer(serializers.Serializer):
    """Confirm or dismiss a flag (a dismissal needs its reason)."""

    confirm = serializers.BooleanField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FilingFlagSerializer(serializers.Serializer):
    """One flag of the review assistant."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    sentence = serializers.CharField()
    reason = serializers.CharField()
    decision = serializers.CharField()
    decision_reason = serializers.CharField()


class FlagsView(APIView):
    """The review assistant on a document: GET lists its flags, POST runs it again."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: FilingFlagSerializer(many=True), **ERROR_RESPONSES})
    def get(self, request: Request, id: int) -> Response:
        """The flags of the document (reviewers only)."""
        doc = selectors.document_get(viewer=request.user, doc_id=id)
        if not permissions.can_view_all(request.user):
            raise PermissionDeniedError(gettext("您无权查看审查提示"))
        return Response(FilingFlagSerializer(doc.flags.all(), many=True).data)

    @extend_schema(
        operation_id="filing_documents_flags_run",
        request=None,
        responses={200: FilingFlagSerializer(many=True), 422: ERROR_RESPONSES[400], **ERROR_RESPONSES},
        description="Errors: 422 ``review_ended`` (the document's review has ended), 403 (not reviewing staff, or "
        "the document is not under review yet).",
    )
    def post(self, request: Request, id: int) -> Response:
        """Run the assistant; the new open flags."""
        doc = selectors.document_get(viewer=request.user, doc_id=id)
        return Response(FilingFlagSerializer(assistant.document_assist(doc=doc, actor=request.user), many=True).data)


class FlagDecideView(APIView):
    """Confirm or dismiss one flag (logged on the document's trail)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="filing_documents_flag_decide",
        request=FilingFlagInSerializer,
        responses={200: FilingFlagSerializer, 422: ERROR_RESPONSES[400], **ERROR_RESPONSES},
        description="Errors: 422 ``note_required`` (dismissal without reason), ``already_decided``, "
        "``review_ended`` (the document's review has ended).",
    )
    def post(self, request: Request, id: int, flag_id: int) -> Response:
        """The flag after the decision."""
        doc = selectors.document_get(viewer=request.user, doc_id=id)
        flag = doc.flags.filter(pk=flag_id).first()
        if flag is None:
            raise NotFoundOrForbidden(gettext("审查提示不存在"))
        d = body_data(FilingFlagInSerializer, request)
        assistant.flag_decide(flag=flag, actor=request.user, confirm=d["confirm"], reason=d["reason"])
        return Response(FilingFlagSerializer(flag).data)
