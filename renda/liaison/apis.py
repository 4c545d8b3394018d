"""REST API of the liaison domain (联络站与群众意见): the actions of the ``/liaison/`` pages, over DRF.

Views are thin (DESIGN.md house style 7): validate the shape with a serializer, call one service or
selector, answer JSON. Visibility comes from :mod:`renda.liaison.selectors` (the same functions the
pages use; 404 alike for missing and hidden opinions), the right to act from the services, which
raise :class:`~renda.core.exceptions.ApplicationError` subclasses; ``renda.core.apis.exception_handler``
maps them to ``{"code", "detail"}`` (403 ``permission_denied``, 409 ``invalid_transition``, 400 for
the other rules) and a refused action writes nothing.

Personal data (个人信息保护法 第28条): roles that do not need the citizen's contact
(:func:`renda.liaison.permissions.can_see_citizen_contact` is false) get the phone masked
(``Opinion.masked_phone``), the name shortened (王某) and phone/ID numbers inside titles and texts
masked (``redact_unless``, the pages' template filter over ``renda.core.privacy.redact_text``); the
查询码 is shown only to staff and station operators.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from renda.core.apis import (
    ERROR_RESPONSES,
    MAX_ID,
    TRANSITION_ERROR_RESPONSES,
    ConfidenceField,
    IdField,
    NumericLookupMixin,
    ascii_digits,
    body_data,
    query_data,
)
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError
from renda.core.privacy import redact_text, shorten_name
from renda.liaison import permissions, selectors, services
from renda.liaison.followup_apis import FollowUpActions
from renda.liaison.models import (
    CITIZEN_PHONE_PATTERN,
    MAX_OPINION_PHOTOS,
    OPINION_CITIZEN_NAME_MAX,
    OPINION_TEXT_MAX,
    OPINION_TITLE_MAX,
    HotTopicSnapshot,
    Opinion,
    OpinionEvent,
    SuggestionLink,
    Topic,
)
from renda.liaison.templatetags.liaison_privacy import redact_unless
from renda.liaison.workflow import Status
from renda.organization.models import HandlingUnit, User


def _user(request: Any) -> User:
    """The authenticated user of a request (DRF's ``IsAuthenticated`` runs first)."""
    return cast(User, request.user)


# --------------------------------------------------------------------------------------------------
# Output serializers (masking by the viewer's role, from the serializer context)
# --------------------------------------------------------------------------------------------------
def _full(context: dict[str, Any]) -> bool:
    """Whether the viewer in ``context`` may see citizens' contacts (masked when unknown)."""
    return bool(context.get("show_contact", False))


def _context(request: Request, **extra: Any) -> dict[str, Any]:
    """Serializer context: the request and whether its user sees citizens' contacts in full."""
    return {"request": request, "show_contact": permissions.can_see_citizen_contact(_user(request)), **extra}


class OpinionSerializer(serializers.ModelSerializer):
    """An opinion as a row of the lists (the page's ``_row.html`` plus the citizen's masked contact).

    ``title`` has phone/ID numbers masked, ``citizen_phone`` is masked (138****5678) and
    ``citizen_name`` shortened (王某) unless the viewer is staff or a station operator.
    """

    title = serializers.SerializerMethodField()
    citizen_name = serializers.SerializerMethodField()
    citizen_phone = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True, default="")
    predicted_topic_name = serializers.CharField(source="predicted_topic.name", read_only=True, default="")
    topic_path = serializers.CharField(source="topic.path", read_only=True, default="")
    unit_name = serializers.CharField(source="unit.name", read_only=True, default="")
    duplicate_group_size = serializers.IntegerField(
        source="duplicate_group.size", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Opinion
        fields = [
            "id",
            "title",
            "status",
            "status_label",
            "source",
            "source_display",
            "station",
            "station_name",
            "district",
            "citizen_name",
            "citizen_phone",
            "predicted_topic",
            "predicted_topic_name",
            "confidence",
            "topic",
            "topic_path",
            "duplicate_group",
            "duplicate_group_size",
            "similarity",
            "unit",
            "unit_name",
            "received_at",
            "received_at_unknown",
            "answered_at",
            "rating",
            "suggestion",
            "version",
        ]
        read_only_fields = fields

    def get_title(self, op: Opinion) -> str:
        """The title, phone/ID numbers masked for roles without contact access."""
        return redact_unless(op.title, _full(self.context))

    def get_citizen_name(self, op: Opinion) -> str:
        """The name in full for staff and station operators, else its first character + 某 (as the detail page)."""
        return op.citizen_name if _full(self.context) else shorten_name(op.citizen_name)

    def get_citizen_phone(self, op: Opinion) -> str:
        """The phone in full for staff and station operators, else ``Opinion.masked_phone``."""
        return op.citizen_phone if _full(self.context) else op.masked_phone


class RecordedOpinionSerializer(OpinionSerializer):
    """A freshly recorded opinion, with the 查询码 the operator hands to the citizen."""

    class Meta(OpinionSerializer.Meta):
        fields = [*OpinionSerializer.Meta.fields, "tracking_code"]
        read_only_fields = fields


class OpinionEventSerializer(serializers.ModelSerializer):
    """One entry of an opinion's handling record (处理记录); ``actor`` is null for the system."""

    actor = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()
    action_label = serializers.CharField(read_only=True, help_text="the action's Chinese label (分类、转办…)")

    class Meta:
        model = OpinionEvent
        fields = ["at", "actor", "action", "action_label", "from_status", "to_status", "note"]

    def get_actor(self, e: OpinionEvent) -> str | None:
        """The actor's display name, or null when the system acted (auto-routing, the citizen's rating)."""
        return str(e.actor) if e.actor_id else None

    def get_note(self, e: OpinionEvent) -> str:
        """The note as ``selectors.opinion_texts`` gives it: phone/ID numbers masked for roles without
        contact access (a rating note holds the citizen's comment)."""
        return e.note


class SimilarOpinionSerializer(serializers.Serializer):
    """An opinion like the one shown: id, masked title, similarity 0–1, status."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    similarity = serializers.FloatField()
    status = serializers.ChoiceField(choices=Status.choices)


class OpinionDetailSerializer(OpinionSerializer):
    """One opinion as its detail page shows it: text, answer, photos, similar opinions and events.

    ``text``, ``answer`` and the events come from ``selectors.opinion_texts`` (context key
    ``readable``: phone/ID numbers masked unless the viewer is staff or a station operator), as on the
    page; ``tracking_code`` is null for the other roles. ``similar`` comes from the view (context key
    ``similar``, ``selectors.similar_opinions``).
    """

    text = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()
    tracking_code = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    similar = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(OpinionSerializer.Meta):
        fields = [
            *OpinionSerializer.Meta.fields,
            "external_id",
            "source_label",
            "text",
            "answer",
            "tracking_code",
            "photos",
            "similar",
            "events",
            "actions",
        ]
        read_only_fields = fields

    def get_text(self, op: Opinion) -> str:
        """The text, phone/ID numbers masked for roles without contact access."""
        return str(self.context["readable"].text)

    def get_answer(self, op: Opinion) -> str:
        """The unit's answer, phone/ID numbers masked for roles without contact access."""
        return str(self.context["readable"].answer)

    def get_tracking_code(self, op: Opinion) -> str | None:
        """The 查询码 (which lets its holder rate the answer) for staff and station operators only."""
        return op.tracking_code if _full(self.context) else None

    def get_photos(self, op: Opinion) -> list[str]:
        """URLs of the opinion's photos: the permission-checked view (``liaison:opinion-photo``), in upload order."""
        return [reverse("liaison:opinion-photo", args=[op.pk, n]) for n in range(1, op.photos.count() + 1)]

    @extend_schema_field(SimilarOpinionSerializer(many=True))
    def get_similar(self, op: Opinion) -> list[dict[str, Any]]:
        """``selectors.similar_opinions`` (from the context) as id, masked title, similarity, status."""
        full = _full(self.context)
        return [
            {"id": o.pk, "title": redact_unless(o.title, full), "similarity": round(sim, 4), "status": o.status}
            for o, sim in self.context.get("similar", [])
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, op: Opinion) -> list[str]:
        """What the caller may do now (``permissions.allowed_actions``: triage, reclassify, route, withdraw,
        answer, suggest, suggest_group), sorted."""
        return sorted(permissions.allowed_actions(_user(self.context["request"]), op))

    @extend_schema_field(OpinionEventSerializer(many=True))
    def get_events(self, op: Opinion) -> Any:
        """The handling record (``selectors.opinion_texts``), oldest first."""
        return OpinionEventSerializer(self.context["readable"].events, many=True, context=self.context).data


class SuggestionLinkSerializer(serializers.ModelSerializer):
    """A draft suggestion made from opinions: the compiled text and the draft ``Proposal`` (status 草稿)."""

    opinions: serializers.PrimaryKeyRelatedField[Opinion] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = SuggestionLink
        fields = ["id", "title", "body", "proposal", "deputy", "opinions"]
        read_only_fields = fields


class HotTopicSerializer(serializers.Serializer):
    """One hot topic of a snapshot, in rank order (``HotTopicSnapshot.data``); ``title`` is masked."""

    keywords = serializers.ListField(child=serializers.CharField())
    heat = serializers.FloatField()
    count = serializers.IntegerField()
    likes = serializers.IntegerField()
    first = serializers.DateTimeField(allow_null=True)
    last = serializers.DateTimeField(allow_null=True)
    title = serializers.SerializerMethodField()
    opinion_ids = serializers.ListField(child=serializers.IntegerField())

    def get_title(self, h: dict[str, Any]) -> str:
        """The representative opinion's title, phone/ID numbers masked for everyone (as the page)."""
        return redact_text(h.get("title") or "")


class HotTopicSnapshotSerializer(serializers.ModelSerializer):
    """The stored hot topics of a window: when computed, over how many opinions, the ranked topics."""

    topics = HotTopicSerializer(many=True, source="data")

    class Meta:
        model = HotTopicSnapshot
        fields = ["id", "since", "until", "computed_at", "opinion_count", "topics"]
        read_only_fields = fields


class TrackedOpinionSerializer(serializers.ModelSerializer):
    """What the citizen sees with their 查询码 (the /liaison/track/ page): status, unit, answer, rating."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default="")
    title = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()
    closing_note = serializers.SerializerMethodField()

    def get_closing_note(self, op: Opinion) -> str:
        """The 办结说明 of a low-rated opinion closed after follow-up, as the page shows it (masked)."""
        return selectors.tracked_texts(opinion=op)["closing_note"]

    def get_title(self, op: Opinion) -> str:
        """The title as the page shows it (``selectors.tracked_texts``: phones, IDs, addresses masked)."""
        return selectors.tracked_texts(opinion=op)["title"]

    def get_answer(self, op: Opinion) -> str:
        """The answer as the page shows it (``selectors.tracked_texts``)."""
        return selectors.tracked_texts(opinion=op)["answer"]

    class Meta:
        model = Opinion
        fields = [
            "title",
            "status",
            "status_label",
            "unit_name",
            "answer",
            "answered_at",
            "rating",
            "closing_note",
            "received_at",
        ]
        read_only_fields = fields


# --------------------------------------------------------------------------------------------------
# Input serializers (shape only; the rules live in the services)
# --------------------------------------------------------------------------------------------------
class OpinionFilterSerializer(serializers.Serializer):
    """Filters of the opinion list and the triage inbox (as on the pages).

    ``topic`` is a first-level topic id (matches its subtopics too); ``max_confidence`` keeps the
    opinions predicted below it (or not predicted); ``group`` is a duplicate-group id. A bad value is a
    400; an empty one is ignored.
    """

    station = IdField(required=False)
    topic = IdField(required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    max_confidence = ConfidenceField(required=False)
    group = IdField(required=False)


class SearchQuerySerializer(serializers.Serializer):
    """Search words (every word must occur) and, for staff and station operators, the citizen's exact phone."""

    q = serializers.CharField(required=False, default="", max_length=200)
    phone = serializers.CharField(required=False, default="", max_length=20)
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1000)
    sort = serializers.ChoiceField(choices=selectors.SEARCH_ORDERS, required=False, default="relevance")


class HotTopicQuerySerializer(serializers.Serializer):
    """The window of the snapshot wanted (its first and last day); the latest snapshot when omitted."""

    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """``since`` must not be after ``until`` (400, as the page's window form)."""
        if attrs.get("since") and attrs.get("until") and attrs["since"] > attrs["until"]:
            raise serializers.ValidationError("开始日期晚于结束日期")
        return attrs


class TrackQuerySerializer(serializers.Serializer):
    """The citizen's 查询码."""

    code = serializers.CharField(max_length=16)


class OpinionRecordInSerializer(serializers.Serializer):
    """An opinion heard at a station (the /liaison/record/ form's fields): an operator's own station, or
    for staff the ``station`` given."""

    station = IdField(required=False, help_text="联络站 id（常委会工作人员必填；联络站工作人员为本站）")

    citizen_name = serializers.CharField(
        max_length=OPINION_CITIZEN_NAME_MAX, required=False, allow_blank=True, default=""
    )
    citizen_phone = serializers.RegexField(
        CITIZEN_PHONE_PATTERN,
        required=False,
        default="",
        allow_blank=True,
        error_messages={"invalid": "电话号码格式不正确"},
    )
    title = serializers.CharField(max_length=OPINION_TITLE_MAX)
    text = serializers.CharField(max_length=OPINION_TEXT_MAX)
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=MAX_OPINION_PHOTOS,
        help_text=f"JPEG/PNG，每张不超过 5 MB，最多 {MAX_OPINION_PHOTOS} 张",
        error_messages={"max_length": f"最多上传 {MAX_OPINION_PHOTOS} 张照片"},
    )


class VersionInSerializer(serializers.Serializer):
    """``version``: the opinion's version the caller saw; a different stored one is refused (409
    ``concurrent_modification``). Omitted: no check."""

    version = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)


class TriageInSerializer(VersionInSerializer):
    """The topic staff choose (any level); null or omitted accepts the predicted one."""

    topic = serializers.PrimaryKeyRelatedField(
        queryset=Topic.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": "所选分类不存在，请重新选择"},
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class RouteInSerializer(VersionInSerializer):
    """The (active) handling unit; null or omitted uses the topic's route (转办规则)."""

    unit = serializers.PrimaryKeyRelatedField(
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": "所选承办单位不存在或已停用，请重新选择"},
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class WithdrawInSerializer(VersionInSerializer):
    """Why the routing is withdrawn (an empty reason is refused by the service: ``reason_required``)."""

    reason = serializers.CharField(max_length=200, allow_blank=True)


class AnswerInSerializer(VersionInSerializer):
    """The unit's answer to the citizen (an empty answer is refused by the service: ``answer_required``)."""

    answer = serializers.CharField(max_length=OPINION_TEXT_MAX, allow_blank=True)


class ConfirmRoutingInSerializer(serializers.Serializer):
    """The classified opinions whose suggested routing staff confirm at once."""

    opinions = serializers.ListField(child=IdField(), min_length=1, max_length=500)


class ConfirmRoutingOutSerializer(serializers.Serializer):
    """How many opinions were routed."""

    routed = serializers.IntegerField()


class SuggestInSerializer(serializers.Serializer):
    """``group``: take the opinion's whole duplicate group (those not yet linked); ``title``: the draft's title."""

    group = serializers.BooleanField(required=False, default=False)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class RateInSerializer(serializers.Serializer):
    """The citizen's rating 1–5 of the answer, with the 查询码 and an optional comment."""

    code = serializers.CharField(max_length=16)
    rating = serializers.IntegerField(help_text="1–5 (checked by the service: ``rating_out_of_range``)")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


# --------------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------------
_ERRORS = ERROR_RESPONSES
_TRANSITION_ERRORS = TRANSITION_ERROR_RESPONSES
_query = query_data
_body = body_data


@extend_schema_view(  # the follow-up actions' success bodies (their module cannot import the serializers)
    follow_up=extend_schema(responses={200: OpinionSerializer(many=True), **_ERRORS}),
    reroute=extend_schema(responses={200: OpinionSerializer, **_TRANSITION_ERRORS}),
    close=extend_schema(responses={200: OpinionSerializer, **_TRANSITION_ERRORS}),
)
class OpinionViewSet(
    FollowUpActions, NumericLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Citizens' opinions the caller may see (``selectors.opinion_visible``: staff and supervisors —
    their congress's; station operators — their station's; deputies — those of stations they serve;
    unit officers — those routed to their unit; citizens — none), and the actions on them."""

    serializer_class = OpinionSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_context(self) -> dict[str, Any]:
        """The request and whether its user sees citizens' contacts in full (masking)."""
        return _context(self.request)

    def get_queryset(self) -> Any:
        """``selectors.triage_inbox`` over every status, or the one given in ``status``."""
        if getattr(self, "swagger_fake_view", False):
            return Opinion.objects.none()
        return selectors.triage_inbox(viewer=_user(self.request), filters=self._filters(tuple(Status.values)))

    def _filters(self, default_statuses: tuple[str, ...]) -> selectors.TriageFilters:
        f = _query(OpinionFilterSerializer, self.request)
        return selectors.TriageFilters(
            station_id=f.get("station"),
            topic_id=f.get("topic"),
            max_confidence=f.get("max_confidence"),
            group_id=f.get("group"),
            statuses=(f["status"],) if f.get("status") else default_statuses,
        )

    def get_object(self) -> Opinion:
        """The opinion named in the path, if the caller may see it (``selectors.opinion_get``).

        Raises:
            NotFoundOrForbidden: missing, hidden, or not an id (404 ``not_found``).
        """
        raw = str(self.kwargs.get("pk", ""))
        if not ascii_digits(raw) or int(raw) > MAX_ID:
            raise NotFoundOrForbidden("意见不存在或无权查看")
        return selectors.opinion_get(viewer=_user(self.request), opinion_id=int(raw))

    def _out(self, op: Opinion) -> Response:
        return Response(OpinionSerializer(op, context=self.get_serializer_context()).data)

    @extend_schema(parameters=[OpinionFilterSerializer], responses={200: OpinionSerializer(many=True), **_ERRORS})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Opinions the caller may see, ordered as the inbox (status, lowest confidence, newest); 50 a page."""
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: OpinionDetailSerializer, 404: _ERRORS[404]})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One opinion with its similar opinions (``selectors.similar_opinions``) and handling record."""
        op = self.get_object()
        user = _user(request)
        context = _context(
            request,
            similar=selectors.similar_opinions(viewer=user, opinion=op),
            readable=selectors.opinion_texts(viewer=user, opinion=op),
        )
        return Response(OpinionDetailSerializer(op, context=context).data)

    @extend_schema(
        request={"application/json": OpinionRecordInSerializer, "multipart/form-data": OpinionRecordInSerializer},
        responses={201: RecordedOpinionSerializer, **_ERRORS},
        description="A station operator records an opinion heard at their station, staff at the ``station`` they "
        "name (``services.opinion_record``). "
        "Errors: 403 ``permission_denied``; 400 ``invalid_photo``, ``duplicate_opinion``, ``too_long``.",
    )
    def create(self, request: Request) -> Response:
        """Record an opinion at the caller's station; it is classified and, when confident, routed at once."""
        user = _user(request)
        if not permissions.can_record(user):
            raise PermissionDeniedError("只有联络站工作人员或常委会工作人员可以登记意见")
        d = _body(OpinionRecordInSerializer, request)
        station = selectors.recording_station(viewer=user, station_id=d.get("station"))
        op = services.opinion_record(
            congress=station.congress,
            station=station,
            title=d["title"],
            text=d["text"],
            citizen_name=d["citizen_name"],
            citizen_phone=d["citizen_phone"],
            photos=d["photos"],
            source=Opinion.Source.STATION,
            actor=user,
        )
        return Response(RecordedOpinionSerializer(op, context=self.get_serializer_context()).data, status=201)

    @extend_schema(
        parameters=[OpinionFilterSerializer],
        responses={200: OpinionSerializer(many=True), **_ERRORS},
        description="The triage inbox (分诊): opinions waiting for a topic or a unit (statuses received and "
        "triaged unless ``status`` is given), lowest confidence first. Staff only: 403 ``permission_denied``.",
    )
    @action(detail=False, methods=["get"], url_path="triage-inbox")
    def triage_inbox(self, request: Request) -> Response:
        """``selectors.triage_inbox`` for staff; 50 a page."""
        if not permissions.can_use_triage(_user(request)):
            raise PermissionDeniedError("只有常委会工作人员可以分诊")
        qs = selectors.triage_inbox(viewer=_user(request), filters=self._filters((Status.RECEIVED, Status.TRIAGED)))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        parameters=[SearchQuerySerializer],
        responses={200: OpinionSerializer(many=True), **_ERRORS},
        description="Chinese full-text search (``selectors.opinion_search_page``), every word must occur; ``sort`` "
        "``relevance`` (default, as the page) or ``newest`` (反映时间); 50 a page (``page``, 1-based; header ``X-Has-Next: 1`` when another page follows). ``phone`` "
        "(exact) is honoured for staff and station operators only, ignored for others.",
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def search(self, request: Request) -> Response:
        """Search the opinions the caller may see; no words and no phone give an empty list."""
        d = _query(SearchQuerySerializer, request)
        user = _user(request)
        phone = d["phone"].strip() if permissions.can_see_citizen_contact(user) else ""
        page = selectors.opinion_search_page(
            viewer=user, query=d["q"].strip(), phone=phone, number=d["page"], order=d["sort"]
        )
        response = Response(OpinionSerializer(page.results, many=True, context=self.get_serializer_context()).data)
        response["X-Has-Next"] = "1" if page.has_next else "0"
        return response

    @extend_schema(
        request=TriageInSerializer,
        responses={200: OpinionSerializer, **_TRANSITION_ERRORS},
        description="Staff choose or confirm the topic: received → triaged (``services.opinion_triage``). "
        "Errors: 403 ``permission_denied``, 409 ``invalid_transition``, 400 ``topic_required``.",
    )
    @action(detail=True, methods=["post"])
    def triage(self, request: Request, pk: str) -> Response:
        """Set the opinion's topic."""
        op = self.get_object()
        d = _body(TriageInSerializer, request)
        return self._out(
            services.opinion_triage(
                opinion=op, actor=_user(request), topic=d["topic"], note=d["note"], expected_version=d["version"]
            )
        )

    @extend_schema(
        request=RouteInSerializer,
        responses={200: OpinionSerializer, **_TRANSITION_ERRORS},
        description="Staff route a triaged opinion to a handling unit: triaged → routed; the station's deputies "
        "are notified (``services.opinion_route``). Errors: 403 ``permission_denied``, 409 "
        "``invalid_transition`` (“该意见已转办，不能重复转办”), 400 ``unit_required``.",
    )
    @action(detail=True, methods=["post"])
    def route(self, request: Request, pk: str) -> Response:
        """Route the opinion to a unit."""
        op = self.get_object()
        d = _body(RouteInSerializer, request)
        return self._out(
            services.opinion_route(
                opinion=op, actor=_user(request), unit=d["unit"], note=d["note"], expected_version=d["version"]
            )
        )

    @extend_schema(
        request=ConfirmRoutingInSerializer,
        responses={200: ConfirmRoutingOutSerializer, **_TRANSITION_ERRORS},
        description="Staff confirm the suggested routing (the topic's 转办规则) of the selected classified opinions "
        "at once: triaged → routed, one event each, all or none (``services.opinions_route_suggested``). "
        "Errors: 403 ``permission_denied``, 404 ``not_found``, 409 ``invalid_transition``, 400 ``unit_required``.",
    )
    @action(detail=False, methods=["post"], url_path="confirm-routing")
    def confirm_routing(self, request: Request) -> Response:
        """Route the selected opinions to their suggested units."""
        if not permissions.can_use_triage(_user(request)):
            raise PermissionDeniedError("只有常委会工作人员可以转办")
        d = _body(ConfirmRoutingInSerializer, request)
        visible = set(
            selectors.opinion_visible(viewer=_user(request)).filter(pk__in=d["opinions"]).values_list("pk", flat=True)
        )
        if visible != set(d["opinions"]):
            raise NotFoundOrForbidden("意见不存在或无权查看")
        n = services.opinions_route_suggested(opinion_ids=d["opinions"], actor=_user(request))
        return Response({"routed": n})

    @extend_schema(
        request=WithdrawInSerializer,
        responses={200: OpinionSerializer, **_TRANSITION_ERRORS},
        description="Staff withdraw a routing the unit has not answered (撤回转办): routed → triaged; the unit "
        "is cleared and the event log keeps it and the reason (``services.opinion_withdraw_routing``). "
        "Errors: 403 ``permission_denied``, 409 ``invalid_transition``, 400 ``reason_required``.",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """Withdraw the routing."""
        op = self.get_object()
        d = _body(WithdrawInSerializer, request)
        return self._out(
            services.opinion_withdraw_routing(
                opinion=op, actor=_user(request), reason=d["reason"], expected_version=d["version"]
            )
        )

    @extend_schema(
        request=AnswerInSerializer,
        responses={200: OpinionSerializer, **_TRANSITION_ERRORS},
        description="An officer of the unit it was routed to answers: routed → answered (``services.opinion_answer``). "
        "Errors: 403 ``permission_denied``, 409 ``invalid_transition``, 400 ``answer_required``.",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        """Answer the opinion."""
        op = self.get_object()
        d = _body(AnswerInSerializer, request)
        return self._out(
            services.opinion_answer(opinion=op, actor=_user(request), answer=d["answer"], expected_version=d["version"])
        )

    @extend_schema(
        request=SuggestInSerializer,
        responses={201: SuggestionLinkSerializer, **_ERRORS},
        description="A deputy serving at the opinion's station turns it — or with ``group`` its duplicate group's "
        "opinions not yet linked — into a draft suggestion (``services.suggestion_draft_from_opinions``). "
        "Errors: 403 ``permission_denied``; 400 ``already_linked``, ``opinions_required``.",
    )
    @action(detail=True, methods=["post"])
    def suggest(self, request: Request, pk: str) -> Response:
        """Make a draft suggestion (a ``Proposal`` in status 草稿, the caller as lead deputy)."""
        op = self.get_object()
        d = _body(SuggestInSerializer, request)
        targets = selectors.suggestion_targets(viewer=_user(request), opinion=op, whole_group=d["group"])
        link = services.suggestion_draft_from_opinions(opinions=targets, actor=_user(request), title=d["title"])
        return Response(SuggestionLinkSerializer(link).data, status=201)


class HotTopicView(APIView):
    """热点问题: the latest stored hot-topic snapshot (``selectors.hot_topic_snapshot``).

    Snapshots are computed by the task ``compute_hot_topics`` (clustering is heavy). Staff, supervisors
    and deputies see them; other roles, and a window without a snapshot, get 404 ``not_found``.
    """

    @extend_schema(
        parameters=[HotTopicQuerySerializer],
        responses={200: HotTopicSnapshotSerializer, 400: _ERRORS[400], 404: _ERRORS[404]},
    )
    def get(self, request: Request) -> Response:
        """The snapshot of the window ``since``–``until`` (days) when given, else the latest."""
        d = _query(HotTopicQuerySerializer, request)
        tz = timezone.get_current_timezone()
        since = datetime.combine(d["since"], time.min, tzinfo=tz) if d.get("since") else None
        until = datetime.combine(d["until"], time.max, tzinfo=tz) if d.get("until") else None
        snapshot = selectors.hot_topic_snapshot(viewer=_user(request), since=since, until=until)
        if snapshot is None:
            raise NotFoundOrForbidden("尚未计算热点问题")
        return Response(HotTopicSnapshotSerializer(snapshot).data)


class TrackView(APIView):
    """意见查询 (no login): a citizen follows their opinion with its 查询码, as on /liaison/track/."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[TrackQuerySerializer],
        responses={200: TrackedOpinionSerializer, 400: _ERRORS[400], 404: _ERRORS[404]},
    )
    def get(self, request: Request) -> Response:
        """The opinion of ``code`` (``selectors.opinion_by_tracking_code``); 404 ``not_found`` when unknown."""
        d = _query(TrackQuerySerializer, request)
        return Response(TrackedOpinionSerializer(selectors.opinion_by_tracking_code(code=d["code"])).data)


class TrackRateView(APIView):
    """The citizen rates the answer with their 查询码 (no login), which closes the opinion."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=RateInSerializer,
        responses={
            200: TrackedOpinionSerializer,
            400: _ERRORS[400],
            404: _ERRORS[404],
            409: _TRANSITION_ERRORS[409],
        },
        description="answered → closed, or answered → follow_up for a rating ≤ ``LIAISON_LOW_RATING`` (default 2; "
        "``services.opinion_rate``). Errors: 404 ``not_found`` (unknown 查询码), "
        "409 ``invalid_transition`` (not answered yet, or already closed), 400 ``rating_out_of_range``.",
    )
    def post(self, request: Request) -> Response:
        """Rate 1–5; answers the opinion as the citizen now sees it."""
        d = _body(RateInSerializer, request)
        op = selectors.opinion_by_tracking_code(code=d["code"])
        op = services.opinion_rate(opinion=op, tracking_code=d["code"], rating=d["rating"], comment=d["comment"])
        return Response(TrackedOpinionSerializer(op).data)
