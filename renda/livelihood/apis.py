"""REST API of the livelihood domain: programme lifecycle, candidates, the vote's tally, delivery."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from renda.core.apis import NumericLookupMixin
from renda.livelihood import permissions, selectors, services
from renda.livelihood.models import Candidate, Milestone, Programme, ProgressReport, Project
from renda.meetings.apis import PollSerializer
from renda.meetings.models import Meeting, Poll
from renda.organization.models import Body, Deputy, HandlingUnit, Session
from renda.organization.models import User as _UserModel


def _user(request: Any) -> _UserModel:
    """The authenticated user of a request (DRF's IsAuthenticated runs first)."""
    return cast(_UserModel, request.user)


class CandidateSerializer(serializers.ModelSerializer):
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "number",
            "title",
            "description",
            "budget",
            "lead_unit",
            "lead_unit_name",
            "targets",
            "status",
            "screening_note",
            "yes_votes",
        ]
        read_only_fields = ["id", "number", "status", "screening_note", "yes_votes"]


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id",
            "year",
            "title",
            "seats",
            "ballot_form",
            "status",
            "session",
            "solicitation_starts_on",
            "solicitation_ends_on",
            "agenda_item",
            "result_text",
            "version",
        ]
        read_only_fields = [
            "id",
            "status",
            "version",
            "solicitation_starts_on",
            "solicitation_ends_on",
            "agenda_item",
            "result_text",
        ]


def _viewer(serializer: serializers.Serializer) -> Any:
    """The request's user from a serializer's context (``None`` without a request)."""
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class ProgrammeDetailSerializer(ProgrammeSerializer):
    candidates = CandidateSerializer(many=True, read_only=True)
    current_poll = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "candidates", "current_poll", "allowed_actions"]

    @extend_schema(responses=PollSerializer)
    def get_current_poll(self, obj: Programme) -> dict[str, Any] | None:
        poll = selectors.current_poll(obj)
        return PollSerializer(poll).data if poll else None

    def get_allowed_actions(self, obj: Programme) -> list[str]:
        """The actions the requesting user may take now (:func:`permissions.programme_actions`)."""
        return sorted(permissions.allowed_actions(_viewer(self), obj, poll=selectors.current_poll(obj)))


class ProgrammeCreateSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=120)
    seats = serializers.IntegerField(min_value=1)
    ballot_form = serializers.ChoiceField(choices=Poll.BallotForm.choices, default=Poll.BallotForm.PER_OPTION)


class PeriodSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class MeetingRefSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())


class PollRefSerializer(serializers.Serializer):
    poll = serializers.PrimaryKeyRelatedField(queryset=Poll.objects.all())


class ScreenSerializer(serializers.Serializer):
    include = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, default="")


class SelectionSerializer(serializers.Serializer):
    selected = serializers.ListField(child=serializers.IntegerField())
    revote = serializers.ListField(child=serializers.IntegerField())
    revote_seats = serializers.IntegerField()


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "order", "title", "weight", "due_on", "progress", "completed_on"]
        read_only_fields = ["id", "order", "progress", "completed_on"]


class ProgressReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "reported_on", "text", "percent"]


class ProjectSerializer(serializers.ModelSerializer):
    milestones = MilestoneSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "programme",
            "title",
            "status",
            "targets",
            "deadline",
            "funding",
            "responsible_unit",
            "plan_published_at",
            "lead_vice_chair",
            "special_committee",
            "supervision_group",
            "satisfaction_passed",
            "satisfaction_text",
            "milestones",
            "version",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, obj: Project) -> list[str]:
        """The actions the requesting user may take now (:func:`permissions.project_actions`)."""
        return sorted(permissions.allowed_actions(_viewer(self), obj))


class PlanSerializer(serializers.Serializer):
    targets = serializers.CharField()
    deadline = serializers.DateField()
    funding = serializers.DecimalField(max_digits=12, decimal_places=2)
    responsible_unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all())


class SupervisionSerializer(serializers.Serializer):
    vice_chair = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all())
    special_committee = serializers.PrimaryKeyRelatedField(queryset=Body.objects.all())
    group_name = serializers.CharField(max_length=80)
    group_members = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all(), many=True)


class ProgressSerializer(serializers.Serializer):
    text = serializers.CharField()
    progress = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=100))
    reported_on = serializers.DateField(required=False)
    version = serializers.IntegerField(
        required=False, min_value=0, help_text="the project version the reporter saw (optimistic check)"
    )


class ProgrammeViewSet(NumericLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A year's livelihood programme through solicitation (L1), the vote (L2–L4) and publication."""

    def get_queryset(self) -> Any:
        return selectors.programme_list(viewer=_user(self.request))

    def get_serializer_class(self) -> Any:
        return ProgrammeDetailSerializer if self.action == "retrieve" else ProgrammeSerializer

    def _p(self) -> Programme:
        return selectors.access_programme(viewer=_user(self.request), pk=int(self.kwargs["pk"]))

    def get_object(self) -> Programme:
        """Fetch through the selector: a missing or forbidden programme answers 404 alike."""
        return self._p()

    def _out(self, p: Programme) -> Response:
        return Response(ProgrammeSerializer(p).data)

    @extend_schema(request=ProgrammeCreateSerializer, responses={201: ProgrammeSerializer})
    def create(self, request: Request) -> Response:
        s = ProgrammeCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        session = s.validated_data["session"]
        p = services.programme_create(congress=session.term.congress, actor=_user(request), **s.validated_data)
        return Response(ProgrammeSerializer(p).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PeriodSerializer, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"], url_path="open-solicitation")
    def open_solicitation(self, request: Request, pk: str) -> Response:
        obj = self._p()
        s = PeriodSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._out(services.programme_open_solicitation(programme=obj, actor=_user(request), **s.validated_data))

    @extend_schema(request=CandidateSerializer, responses={201: CandidateSerializer})
    @action(detail=True, methods=["post"])
    def candidates(self, request: Request, pk: str) -> Response:
        obj = self._p()
        s = CandidateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        c = services.candidate_submit(programme=obj, actor=_user(request), **s.validated_data)
        return Response(CandidateSerializer(c).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"], url_path="close-solicitation")
    def close_solicitation(self, request: Request, pk: str) -> Response:
        return self._out(services.programme_close_solicitation(programme=self._p(), actor=_user(request)))

    @extend_schema(request=None, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._out(services.programme_submit(programme=self._p(), actor=_user(request)))

    @extend_schema(request=MeetingRefSerializer, responses={201: PollSerializer})
    @action(detail=True, methods=["post"], url_path="vote-start")
    def vote_start(self, request: Request, pk: str) -> Response:
        obj = self._p()
        s = MeetingRefSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        poll = services.programme_vote_start(programme=obj, meeting=s.validated_data["meeting"], actor=_user(request))
        return Response(PollSerializer(poll).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SelectionSerializer)
    @action(detail=True, methods=["post"])
    def tally(self, request: Request, pk: str) -> Response:
        sel = services.programme_tally(programme=self._p(), actor=_user(request))
        return Response({"selected": sel.selected, "revote": sel.revote, "revote_seats": sel.revote_seats})

    @extend_schema(request=None, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._out(services.programme_publish(programme=self._p(), actor=_user(request)))

    @extend_schema(request=MeetingRefSerializer, responses={201: PollSerializer})
    @action(detail=True, methods=["post"], url_path="satisfaction-start")
    def satisfaction_start(self, request: Request, pk: str) -> Response:
        obj = self._p()
        s = MeetingRefSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        poll = services.satisfaction_vote_start(
            programme=obj, meeting=s.validated_data["meeting"], actor=_user(request)
        )
        return Response(PollSerializer(poll).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PollRefSerializer, responses=ProjectSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="satisfaction-record")
    def satisfaction_record(self, request: Request, pk: str) -> Response:
        self._p()
        s = PollRefSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        projects = services.satisfaction_record(poll=s.validated_data["poll"], actor=_user(request))
        return Response(ProjectSerializer(projects, many=True, context=self.get_serializer_context()).data)


class CandidateViewSet(NumericLookupMixin, viewsets.GenericViewSet):
    serializer_class = CandidateSerializer

    def get_queryset(self) -> Any:
        return Candidate.objects.filter(programme__in=selectors.programme_list(viewer=_user(self.request)))

    def get_object(self) -> Candidate:
        """Fetch through the selector: a missing or forbidden candidate answers 404 alike."""
        return selectors.access_candidate(viewer=_user(self.request), pk=int(self.kwargs["pk"]))

    @extend_schema(request=ScreenSerializer, responses=CandidateSerializer)
    @action(detail=True, methods=["post"])
    def screen(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        s = ScreenSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        c = services.candidate_screen(candidate=obj, actor=_user(request), **s.validated_data)
        return Response(CandidateSerializer(c).data)


class ProjectViewSet(NumericLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Chosen projects under delivery: plan (L5), "三个1" (L6), milestones, progress, completion."""

    serializer_class = ProjectSerializer

    def get_queryset(self) -> Any:
        programmes = selectors.programme_list(viewer=_user(self.request))
        return Project.objects.filter(programme__in=programmes).prefetch_related("milestones")

    def get_object(self) -> Project:
        """Fetch through the selector: a missing or forbidden project answers 404 alike."""
        return selectors.access_project(viewer=_user(self.request), pk=int(self.kwargs["pk"]))

    @extend_schema(request=PlanSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        s = PlanSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return Response(
            self.get_serializer(services.project_set_plan(project=obj, actor=_user(request), **s.validated_data)).data
        )

    @extend_schema(request=SupervisionSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def supervision(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        s = SupervisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        p = services.project_assign_supervision(project=obj, actor=_user(request), **s.validated_data)
        return Response(self.get_serializer(p).data)

    @extend_schema(request=None, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        return Response(
            self.get_serializer(services.project_start(project=self.get_object(), actor=_user(request))).data
        )

    @extend_schema(request=None, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        return Response(
            self.get_serializer(services.project_complete(project=self.get_object(), actor=_user(request))).data
        )

    @extend_schema(request=MilestoneSerializer, responses={201: MilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        s = MilestoneSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        m = services.milestone_add(project=obj, actor=_user(request), **s.validated_data)
        return Response(MilestoneSerializer(m).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProgressSerializer, responses={201: ProgressReportSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        s = ProgressSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        data["progress"] = {int(k): v for k, v in data["progress"].items() if str(k).isascii() and str(k).isdigit()}
        version = data.pop("version", None)
        r = services.progress_report_submit(project=obj, actor=_user(request), expected_version=version, **data)
        return Response(ProgressReportSerializer(r).data, status=status.HTTP_201_CREATED)


class PublicProgrammeViewSet(NumericLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Published programmes with their candidates' votes, readable by anyone."""

    permission_classes = [AllowAny]
    serializer_class = ProgrammeDetailSerializer

    def get_queryset(self) -> Any:
        return selectors.public_programmes().prefetch_related("candidates__lead_unit")
