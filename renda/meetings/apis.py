"""REST API of the meetings domain: every action staff and deputies take on meetings and polls.

Views are thin: validate the shape, call one service or selector, answer. Business errors are
``ApplicationError``s mapped by ``renda.core.apis.exception_handler`` to ``{"code", "detail"}``.
"""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from renda.core.apis import NumericLookupMixin
from renda.core.exceptions import NotFoundOrForbidden
from renda.meetings import convening, exports, permissions, selectors, services
from renda.meetings.models import CO_SIGNERS_MAX, AgendaItem, Attendance, Meeting, Poll, PollOption
from renda.meetings.rules import BILL_PROPOSERS, Threshold
from renda.meetings.workflow import PollStatus
from renda.organization.models import Body, Deputy, Session, Term
from renda.organization.models import User as _UserModel


def _user(request: Any) -> _UserModel:
    """The authenticated user of a request (DRF's IsAuthenticated runs first)."""
    return cast(_UserModel, request.user)


class QuorumSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    present = serializers.IntegerField()
    leave = serializers.IntegerField()
    absent = serializers.IntegerField()
    required = serializers.IntegerField()  # type: ignore[assignment]
    met = serializers.BooleanField()
    text = serializers.CharField()


class PollOptionSerializer(serializers.ModelSerializer):
    counts = serializers.SerializerMethodField()

    class Meta:
        model = PollOption
        fields = ["id", "order", "label", "counts", "passed", "result_text"]

    def get_counts(self, obj: PollOption) -> dict[str, int]:
        """Counts of a closed or published poll; of an open one only for staff running the meeting
        (an open electronic poll's counts live in the ballots, shown on the presiding screen)."""
        poll = obj.poll
        if poll.status == PollStatus.CREATED:
            return {}
        if poll.status == PollStatus.OPEN and poll.method != Poll.Method.SHOW_OF_HANDS:
            return {}
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        if viewer is None or not selectors.counts_visible(poll=poll, viewer=viewer):
            return {}
        return {k: int(v) for k, v in obj.counts.items()}


def _allowed(serializer: serializers.Serializer, obj: Any) -> list[str]:
    """The viewer's allowed actions on ``obj`` (:func:`permissions.allowed_actions`), sorted."""
    viewer = getattr(serializer.context.get("request"), "user", None)
    return sorted(permissions.allowed_actions(viewer, obj)) if viewer is not None else []


class PollSerializer(serializers.ModelSerializer):
    options = PollOptionSerializer(many=True, read_only=True)
    meeting = serializers.IntegerField(source="item.meeting_id", read_only=True)
    votes_cast = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    def get_votes_cast(self, obj: Poll) -> int:
        return selectors.votes_cast(poll=obj)

    def get_allowed_actions(self, obj: Poll) -> list[str]:
        """What the viewer may do with the poll now (open, counts, close, publish, …)."""
        return _allowed(self, obj)

    class Meta:
        model = Poll
        fields = [
            "id",
            "meeting",
            "item",
            "title",
            "kind",
            "method",
            "ballot_form",
            "max_choices",
            "threshold",
            "status",
            "electorate",
            "present",
            "votes_cast",
            "passed",
            "result_text",
            "opened_at",
            "closed_at",
            "published_at",
            "options",
            "allowed_actions",
        ]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    polls = PollSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "kind", "threshold", "proposer", "co_signers", "polls"]
        read_only_fields = ["id", "order", "polls"]


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "number",
            "title",
            "term",
            "session",
            "body",
            "starts_at",
            "location",
            "presiding",
            "status",
            "quorum_rule",
            "roster_size",
        ]
        read_only_fields = ["id", "status", "quorum_rule", "roster_size"]


class MeetingDetailSerializer(MeetingSerializer):
    items = AgendaItemSerializer(many=True, read_only=True)
    quorum = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "items", "quorum", "allowed_actions"]

    def get_allowed_actions(self, obj: Meeting) -> list[str]:
        """What the viewer may do with the meeting now (start, close, add_item, …)."""
        return _allowed(self, obj)

    @extend_schema(responses=QuorumSerializer)
    def get_quorum(self, obj: Meeting) -> dict[str, Any]:
        q = selectors.quorum_state(meeting=obj)
        return {**q.__dict__, "text": q.text}


class MeetingCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    term = serializers.PrimaryKeyRelatedField(queryset=Term.objects.all())
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects.all(), required=False, allow_null=True)
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all(), required=False, allow_null=True)
    number = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=120)
    starts_at = serializers.DateTimeField()
    location = serializers.CharField(max_length=80, required=False, default="")
    presiding = serializers.CharField(max_length=40, required=False, default="")


class AttendanceSerializer(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name", read_only=True)
    deputy_code = serializers.CharField(source="deputy.code", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "deputy", "deputy_code", "deputy_name", "status", "checked_in_at", "note"]


class DeputyRefSerializer(serializers.Serializer):
    deputy = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all())
    reason = serializers.CharField(
        max_length=120,
        required=False,
        default="",
        help_text="请假事由 (leave); for check-in of a member on leave, staff's reason for undoing the leave (required)",
    )


class ItemCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=AgendaItem.Kind.choices, default=AgendaItem.Kind.RESOLUTION)
    threshold = serializers.ChoiceField(choices=[(t.value, t.value) for t in Threshold], required=False)
    proposer = serializers.ChoiceField(
        choices=["", *[value for value, _label in BILL_PROPOSERS]],
        required=False,
        default="",
        help_text="V4 (常委会): council_of_chairpersons/government/special_committee/members; "
        "B2 (大会): presidium/standing_committee/special_committee/government/delegation/deputies",
    )
    co_signers = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=CO_SIGNERS_MAX,
        help_text="联名人数 (members ≥ 5 under V4, deputies ≥ 10 under B2)",
    )


class PollCreateSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="agenda item id (404 if missing or not visible)")
    method = serializers.ChoiceField(choices=Poll.Method.choices)
    title = serializers.CharField(max_length=200, required=False, default="")


class CountsSerializer(serializers.Serializer):
    yes = serializers.IntegerField(min_value=0)
    no = serializers.IntegerField(min_value=0)
    abstain = serializers.IntegerField(min_value=0)


class BallotSerializer(serializers.Serializer):
    choices = serializers.DictField(
        child=serializers.CharField(), help_text="option id → choice (yes/no/abstain, or satisfied/…)"
    )


class BallotTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="signed ballot token: POST {token, choices} to url")
    url = serializers.CharField(help_text="the lean ballot endpoint")


class ResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class RollSerializer(serializers.Serializer):
    """The roll at the door in one call: deputy ids present, and deputy id → reason for those on leave."""

    present = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=5000, default=list)
    leave = serializers.DictField(child=serializers.CharField(max_length=120, allow_blank=True), default=dict)


class RollResultSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    leave = serializers.IntegerField()


class PendingSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    cast = serializers.IntegerField()
    names = serializers.ListField(child=serializers.DictField(), allow_null=True)


class MeetingViewSet(NumericLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings the viewer may see (staff: their congress; deputies: meetings on whose roster they sit)."""

    def get_queryset(self) -> Any:
        return selectors.meeting_list(viewer=_user(self.request))

    def get_serializer_class(self) -> Any:
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def _meeting(self) -> Meeting:
        return selectors.access_meeting(viewer=_user(self.request), pk=int(self.kwargs["pk"]))

    def get_object(self) -> Meeting:
        """Fetch through the selector: a missing or forbidden meeting answers 404 alike."""
        return self._meeting()

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingSerializer})
    def create(self, request: Request) -> Response:
        s = MeetingCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        meeting = services.meeting_create(actor=_user(request), **s.validated_data)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        return Response(MeetingSerializer(services.meeting_start(meeting=self._meeting(), actor=_user(request))).data)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return Response(MeetingSerializer(services.meeting_close(meeting=self._meeting(), actor=_user(request))).data)

    @extend_schema(responses=QuorumSerializer)
    @action(detail=True, methods=["get"])
    def quorum(self, request: Request, pk: str) -> Response:
        q = selectors.quorum_state(meeting=self._meeting())
        return Response({**q.__dict__, "text": q.text})

    @extend_schema(responses=AttendanceSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # a bare list, as the schema says
    def attendance(self, request: Request, pk: str) -> Response:
        rows = selectors.attendance_rows(meeting=self._meeting(), status=request.query_params.get("status"))
        return Response(AttendanceSerializer(rows, many=True).data)

    @extend_schema(request=DeputyRefSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, pk: str) -> Response:
        meeting = self._meeting()
        s = DeputyRefSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        row = services.attendance_check_in(
            meeting=meeting,
            deputy=s.validated_data["deputy"],
            reason=s.validated_data["reason"],
            actor=_user(request),
        )
        return Response(AttendanceSerializer(row).data)

    @extend_schema(request=DeputyRefSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str) -> Response:
        meeting = self._meeting()
        s = DeputyRefSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        row = services.attendance_mark_leave(
            meeting=meeting,
            deputy=s.validated_data["deputy"],
            reason=s.validated_data["reason"],
            actor=_user(request),
        )
        return Response(AttendanceSerializer(row).data)

    @extend_schema(request=DeputyRefSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"])
    def absent(self, request: Request, pk: str) -> Response:
        meeting = self._meeting()
        s = DeputyRefSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        row = services.attendance_mark_absent(
            meeting=meeting,
            deputy=s.validated_data["deputy"],
            actor=_user(request),
        )
        return Response(AttendanceSerializer(row).data)

    @extend_schema(request=RollSerializer, responses=RollResultSerializer)
    @action(detail=True, methods=["post"])
    def roll(self, request: Request, pk: str) -> Response:
        """批量报到: as the page — present ids and {id: reason} on leave in one all-or-nothing call."""
        meeting = self._meeting()
        s = RollSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        leave = {}
        for key, reason in s.validated_data["leave"].items():
            if not str(key).isdigit():
                raise ValidationError({"leave": "请假人员须为代表编号"})
            leave[int(key)] = reason
        result = convening.attendance_record_bulk(
            meeting=meeting, present=s.validated_data["present"], leave=leave, actor=_user(request)
        )
        return Response({"present": result.present, "leave": result.leave})

    @extend_schema(request=ItemCreateSerializer, responses={201: AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: str) -> Response:
        meeting = self._meeting()
        s = ItemCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        item = services.agenda_item_add(meeting=meeting, actor=_user(request), **s.validated_data)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OpenApiResponse(description="minutes (docx)")})
    @action(detail=True, methods=["get"], url_path="minutes-docx")
    def minutes_docx(self, request: Request, pk: str) -> HttpResponse:
        meeting = self._meeting()
        return exports.file_response(exports.minutes_docx(meeting), f"minutes-{meeting.pk}.docx", exports.DOCX)

    @extend_schema(responses={200: OpenApiResponse(description="minutes (PDF)")})
    @action(detail=True, methods=["get"], url_path="minutes-pdf")
    def minutes_pdf(self, request: Request, pk: str) -> HttpResponse:
        meeting = self._meeting()
        return exports.file_response(exports.minutes_pdf(meeting), f"minutes-{meeting.pk}.pdf", exports.PDF)


class PollViewSet(NumericLookupMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Polls: create on an agenda item, open (quorum checked), enter counts, vote, close, publish."""

    serializer_class = PollSerializer

    def get_queryset(self) -> Any:
        meetings = selectors.meeting_list(viewer=_user(self.request))
        return Poll.objects.filter(item__meeting__in=meetings).select_related("item").prefetch_related("options__poll")

    def _poll(self) -> Poll:
        return selectors.access_poll(viewer=_user(self.request), pk=int(self.kwargs["pk"]))

    def _poll_with_counts(self) -> Poll:
        """A poll whose counts the viewer may see (staff always; members once closed), else 404 alike."""
        poll = self._poll()
        if not selectors.counts_visible(poll=poll, viewer=_user(self.request)):
            raise NotFoundOrForbidden("表决不存在或无权查看")
        return poll

    def get_object(self) -> Poll:
        """Fetch through the selector: a missing or forbidden poll answers 404 alike."""
        return self._poll()

    def _out(self, poll: Poll) -> Response:
        fresh = Poll.objects.select_related("item__meeting").prefetch_related("options__poll").get(pk=poll.pk)
        return Response(PollSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=PollCreateSerializer, responses={201: PollSerializer})
    def create(self, request: Request) -> Response:
        s = PollCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        item = selectors.access_agenda_item(viewer=_user(request), pk=s.validated_data["item"])
        poll = services.poll_create(
            item=item,
            method=s.validated_data["method"],
            title=s.validated_data["title"],
            actor=_user(request),
        )
        return Response(
            PollSerializer(poll, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={200: PollSerializer, 422: ResultSerializer})
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: str) -> Response:
        return self._out(services.poll_open(poll=self._poll(), actor=_user(request)))

    @extend_schema(request=None, responses=PollSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return self._out(services.poll_close(poll=self._poll(), actor=_user(request)))

    @extend_schema(request=None, responses=PollSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._out(services.poll_publish(poll=self._poll(), actor=_user(request)))

    @extend_schema(request=CountsSerializer, responses=PollSerializer)
    @action(detail=True, methods=["post"])
    def counts(self, request: Request, pk: str) -> Response:
        poll = self._poll()
        s = CountsSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._out(services.poll_enter_counts(poll=poll, counts=s.validated_data, actor=_user(request)))

    @extend_schema(request=BallotSerializer, responses={201: ResultSerializer, 409: ResultSerializer})
    @action(detail=True, methods=["post"])
    def ballots(self, request: Request, pk: str) -> Response:
        poll = self._poll()
        user = request.user
        if not getattr(user, "deputy", None):
            raise NotFoundOrForbidden("表决不存在或无权查看")
        s = BallotSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        choices = {int(k): v for k, v in s.validated_data["choices"].items() if str(k).isdigit()}
        services.ballot_cast(poll=poll, voter=user.deputy, choices=choices, actor=_user(request))  # type: ignore[union-attr, arg-type]
        return Response({"code": "voted", "detail": "投票成功"}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: BallotTokenSerializer, 404: ResultSerializer})
    @action(detail=True, methods=["get"], url_path="ballot-token")
    def ballot_token(self, request: Request, pk: str) -> Response:
        """The member's signed ballot token for an open vote: POST ``{token, choices}`` to ``url``
        (the lean ballot endpoint, no session or CSRF needed). 404 for anyone but a member's login or
        a poll that is not an open electronic or secret vote."""
        token = services.ballot_token(poll=self._poll(), user=_user(request))
        return Response({"token": token, "url": reverse("ballot-submit")})

    @extend_schema(responses=PendingSerializer)
    @action(detail=True, methods=["get"])
    def pending(self, request: Request, pk: str) -> Response:
        """未投票 of an open vote (staff): names in a named vote, ``names: null`` in a secret one."""
        pending = selectors.pending_voters(poll=self._poll(), viewer=_user(request))
        if pending is None:
            raise NotFoundOrForbidden("表决未在进行或无权查看")
        names = None if pending.names is None else [{"code": c, "name": n} for c, n in pending.names]
        return Response({"count": pending.count, "cast": pending.cast, "names": names})

    @extend_schema(responses={200: OpenApiResponse(description="named roll call")})
    @action(detail=True, methods=["get"], url_path="roll-call")
    def roll_call(self, request: Request, pk: str) -> Response:
        poll = self._poll_with_counts()
        rows = [
            {
                "deputy_code": b.voter.code if b.voter else "",
                "deputy": b.voter.name if b.voter else "",
                "choices": {e.option.label: e.choice for e in b.entries.all()},
            }
            for b in selectors.roll_call(poll=poll)
        ]
        return Response(rows)

    @extend_schema(responses={200: OpenApiResponse(description="results as CSV")})
    @action(detail=True, methods=["get"], url_path="results-csv")
    def results_csv(self, request: Request, pk: str) -> HttpResponse:
        poll = self._poll_with_counts()
        return exports.file_response(exports.results_csv(poll), f"poll-{poll.pk}.csv", exports.CSV)

    @extend_schema(responses={200: OpenApiResponse(description="results as xlsx")})
    @action(detail=True, methods=["get"], url_path="results-xlsx")
    def results_xlsx(self, request: Request, pk: str) -> HttpResponse:
        poll = self._poll_with_counts()
        return exports.file_response(exports.results_xlsx(poll), f"poll-{poll.pk}.xlsx", exports.XLSX)


class PublicResultViewSet(NumericLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Published results, readable by anyone."""

    permission_classes = [AllowAny]
    serializer_class = PollSerializer

    def get_queryset(self) -> Any:
        return selectors.published_polls().prefetch_related("options__poll")
