"""REST API of appointments and removals (RULES.md §10), mirroring the pages: cases (nominate, file,
steps, list for a vote, record the vote, withhold, withdraw), oath ceremonies, the register and the
public list. Rules are the services'; refusals answer ``{"code", "detail"}`` via the core handler."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from renda.appointments import after, permissions, removal, selectors, services
from renda.appointments.models import (
    Appointment,
    Discipline,
    OathCeremony,
    Person,
    Post,
    PreStep,
    Reelection,
    RegisterFiling,
    Tenure,
)
from renda.appointments.posts import JOINT_NOMINATORS, Nominator, Step, post_type_choices
from renda.core.apis import NumericLookupMixin
from renda.core.exceptions import PermissionDeniedError
from renda.meetings.models import Meeting
from renda.organization.models import Deputy, User


def _user(request: Any) -> User:
    return cast(User, request.user)


class AppointmentSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    post_title = serializers.CharField(source="post.title", read_only=True)
    post_type = serializers.CharField(source="post.post_type", read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Appointment
        fields = [
            "id", "kind", "person_name", "post_title", "post_type", "nominator", "signed_by", "filed_on",
            "meeting", "poll", "status", "voted_on", "adopted_on", "approval_ref", "notified_on", "result_text",
            "version", "allowed_actions",
        ]  # fmt: skip
        read_only_fields = fields

    def get_allowed_actions(self, obj: Appointment) -> list[str]:
        """The actions the requesting user may take now (:func:`permissions.allowed_actions`)."""
        request = self.context.get("request")
        return sorted(permissions.allowed_actions(getattr(request, "user", None), obj))


class PublicAppointmentSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    post_title = serializers.CharField(source="post.title", read_only=True)

    class Meta:
        model = Appointment
        fields = ["id", "kind", "person_name", "post_title", "adopted_on"]
        read_only_fields = fields


class AppointmentNominateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Appointment.Kind.choices)
    post_type = serializers.ChoiceField(choices=post_type_choices(include_blocked=True))
    post_title = serializers.CharField(max_length=80)
    person_name = serializers.CharField(max_length=40)
    gender = serializers.ChoiceField(choices=Person.Gender.choices, default=Person.Gender.MALE)
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    nominator = serializers.ChoiceField(
        choices=[*[c for c in Nominator.choices if c[0] not in JOINT_NOMINATORS], ("self", "本人")]
    )
    mayor_vacant = serializers.BooleanField(default=False)
    signed_by = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    reasons = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    has_form = serializers.BooleanField(default=False)
    has_assessment = serializers.BooleanField(default=False)
    has_publicity = serializers.BooleanField(default=False)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True)


class AppointmentFileSerializer(serializers.Serializer):
    filed_on = serializers.DateField()
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True)


class AppointmentStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices)
    on = serializers.DateField()
    result = serializers.ChoiceField(choices=PreStep.Result.choices)
    score = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class AppointmentReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class AppointmentListSerializer(serializers.Serializer):
    cases = serializers.PrimaryKeyRelatedField(queryset=Appointment.objects.all(), many=True)
    together = serializers.BooleanField(default=False)


class AppointmentUpperSerializer(serializers.Serializer):
    approved = serializers.BooleanField()
    on = serializers.DateField()
    ref = serializers.CharField(max_length=80)


class AppointmentNoticeSerializer(serializers.Serializer):
    on = serializers.DateField()


class AppointmentRemovalSerializer(serializers.Serializer):
    tenure = serializers.PrimaryKeyRelatedField(queryset=Tenure.objects.all())
    signers = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all(), many=True)
    reasons = serializers.CharField(max_length=2000)
    has_materials = serializers.BooleanField(default=False)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True)


class ReelectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reelection
        fields = ["id", "elected_on", "note"]
        read_only_fields = ["id"]


class RegisterFilingSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegisterFiling
        fields = ["id", "kind", "post", "tenure", "on", "old_title", "new_title", "note"]
        read_only_fields = fields


class RenameSerializer(serializers.Serializer):
    post = serializers.PrimaryKeyRelatedField(queryset=Post.objects.all())
    new_title = serializers.CharField(max_length=80)
    on = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class TenureEndSerializer(serializers.Serializer):
    tenure = serializers.PrimaryKeyRelatedField(queryset=Tenure.objects.all())
    kind = serializers.ChoiceField(choices=[c for c in RegisterFiling.Kind.choices if c[0] != "renamed"])
    on = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class DisciplineSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Discipline
        fields = ["id", "person", "person_name", "measure", "decided_on", "note"]
        read_only_fields = ["id", "person_name"]


class OathCeremonySerializer(serializers.ModelSerializer):
    taker_names = serializers.SerializerMethodField()

    class Meta:
        model = OathCeremony
        fields = ["id", "held_on", "place", "organiser", "supervisor", "leader", "form", "text_version", "taker_names"]
        read_only_fields = fields

    def get_taker_names(self, obj: OathCeremony) -> list[str]:
        return [t.appointment.person.name for t in obj.takers.all()]


class OathCeremonyCreateSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    supervisor = serializers.CharField(max_length=40)
    leader = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    place = serializers.CharField(max_length=80, required=False, default="", allow_blank=True)
    form = serializers.ChoiceField(choices=OathCeremony.Form.choices, default=OathCeremony.Form.COLLECTIVE)
    organiser = serializers.ChoiceField(choices=OathCeremony.Organiser.choices, default=OathCeremony.Organiser.COUNCIL)
    cases = serializers.PrimaryKeyRelatedField(queryset=Appointment.objects.all(), many=True)


class AppointmentTenureSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    post_title = serializers.CharField(source="post.title", read_only=True)

    class Meta:
        model = Tenure
        fields = ["id", "person_name", "post_title", "acting", "started_on", "ended_on", "end_reason", "appointment"]
        read_only_fields = fields


class AppointmentViewSet(NumericLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """任免案: staff see all of their congress, an organ its own, Standing Committee members those filed."""

    serializer_class = AppointmentSerializer
    queryset = Appointment.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Appointment.objects.none()
        user = _user(self.request)
        if permissions.is_staff(user, user.congress_id or 0):
            return selectors.staff_cases(viewer=user)
        if permissions.organ_of_user(user, user.congress_id or 0):
            return selectors.organ_cases(viewer=user)
        return selectors.member_cases(viewer=user)

    def get_object(self) -> Appointment:
        """Fetch through the selector: missing or forbidden answer 404 alike."""
        return selectors.access_appointment(viewer=_user(self.request), pk=int(self.kwargs["pk"]))

    def _out(self, obj: Appointment, code: int = status.HTTP_200_OK) -> Response:
        return Response(AppointmentSerializer(obj, context={"request": self.request}).data, status=code)

    @extend_schema(request=AppointmentNominateSerializer, responses={201: AppointmentSerializer})
    def create(self, request: Request) -> Response:
        congress = _user(request).congress
        if congress is None:
            raise PermissionDeniedError("您无权执行此操作")
        s = AppointmentNominateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        obj = services.appointment_nominate(congress=congress, actor=_user(request), **s.validated_data)
        return self._out(obj, status.HTTP_201_CREATED)

    @extend_schema(request=AppointmentFileSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"], url_path="file")
    def file_case(self, request: Request, pk: str) -> Response:
        s = AppointmentFileSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._out(
            services.appointment_file(appointment=self.get_object(), actor=_user(request), **s.validated_data)
        )

    @extend_schema(request=AppointmentStepSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def steps(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        s = AppointmentStepSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.step_record(appointment=obj, actor=_user(request), **s.validated_data)
        return self._out(selectors.access_appointment(viewer=_user(request), pk=obj.pk))

    @extend_schema(request=None, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def vote(self, request: Request, pk: str) -> Response:
        return self._out(services.appointment_record_vote(appointment=self.get_object(), actor=_user(request)))

    @extend_schema(request=AppointmentReasonSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def withhold(self, request: Request, pk: str) -> Response:
        s = AppointmentReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._out(
            services.appointment_withhold(appointment=self.get_object(), actor=_user(request), **s.validated_data)
        )

    @extend_schema(request=AppointmentReasonSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        s = AppointmentReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._out(
            services.appointment_withdraw(appointment=self.get_object(), actor=_user(request), **s.validated_data)
        )

    @extend_schema(request=AppointmentListSerializer, responses=AppointmentSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="list-for-vote")
    def list_for_vote(self, request: Request) -> Response:
        s = AppointmentListSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        user = _user(request)
        cases = [selectors.access_appointment(viewer=user, pk=c.pk) for c in s.validated_data["cases"]]
        done = services.appointments_list(appointments=cases, together=s.validated_data["together"], actor=user)
        return Response(AppointmentSerializer(done, many=True, context={"request": request}).data)

    @extend_schema(request=AppointmentUpperSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"], url_path="upper-approval")
    def upper_approval(self, request: Request, pk: str) -> Response:
        """The upper-level Standing Committee's approval or refusal (A20)."""
        s = AppointmentUpperSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._out(after.upper_decide(appointment=self.get_object(), actor=_user(request), **s.validated_data))

    @extend_schema(request=AppointmentNoticeSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def notify(self, request: Request, pk: str) -> Response:
        """The formal notice to the organs (A15)."""
        s = AppointmentNoticeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._out(after.notice_record(appointment=self.get_object(), actor=_user(request), **s.validated_data))

    @extend_schema(request=AppointmentRemovalSerializer, responses={201: AppointmentSerializer})
    @action(detail=False, methods=["post"], url_path="members-removal")
    def members_removal(self, request: Request) -> Response:
        """A removal bill jointly proposed by one fifth of the Standing Committee's members (M26)."""
        user = _user(request)
        if user.congress is None:
            raise PermissionDeniedError("您无权执行此操作")
        s = AppointmentRemovalSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        obj = removal.removal_by_members(congress=user.congress, actor=user, **d)
        return self._out(obj, status.HTTP_201_CREATED)


class ReelectionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """New governments elected (A2 clock, A22), staff only."""

    serializer_class = ReelectionSerializer
    queryset = Reelection.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Reelection.objects.none()
        user = _user(self.request)
        if not permissions.is_staff(user, user.congress_id or 0):
            return Reelection.objects.none()
        return Reelection.objects.filter(congress_id=user.congress_id or 0).order_by("-elected_on", "-id")

    @extend_schema(request=ReelectionSerializer, responses={201: ReelectionSerializer})
    def create(self, request: Request) -> Response:
        user = _user(request)
        if user.congress is None:
            raise PermissionDeniedError("您无权执行此操作")
        s = ReelectionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        row = after.reelection_record(congress=user.congress, actor=user, **s.validated_data)
        return Response(ReelectionSerializer(row).data, status=status.HTTP_201_CREATED)


class FilingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Register changes filed without a vote (A22), staff only: rename a post, end a tenure."""

    serializer_class = RegisterFilingSerializer
    queryset = RegisterFiling.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return RegisterFiling.objects.none()
        user = _user(self.request)
        if not permissions.is_staff(user, user.congress_id or 0):
            return RegisterFiling.objects.none()
        return selectors.filings(congress_id=user.congress_id)

    @extend_schema(request=RenameSerializer, responses={201: RegisterFilingSerializer})
    @action(detail=False, methods=["post"])
    def rename(self, request: Request) -> Response:
        s = RenameSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        row = after.post_rename(actor=_user(request), **s.validated_data)
        return Response(RegisterFilingSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TenureEndSerializer, responses={201: RegisterFilingSerializer})
    @action(detail=False, methods=["post"])
    def end(self, request: Request) -> Response:
        s = TenureEndSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        row = after.tenure_end_filed(actor=_user(request), **s.validated_data)
        return Response(RegisterFilingSerializer(row).data, status=status.HTTP_201_CREATED)


class DisciplineViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """政务处分 (A23): staff and the supervisory commission's officers."""

    serializer_class = DisciplineSerializer
    queryset = Discipline.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Discipline.objects.none()
        user = _user(self.request)
        if not permissions.can_discipline(user, user.congress_id or 0):
            return Discipline.objects.none()
        return selectors.disciplines(congress_id=user.congress_id)

    @extend_schema(request=DisciplineSerializer, responses={201: DisciplineSerializer})
    def create(self, request: Request) -> Response:
        user = _user(request)
        if user.congress is None:
            raise PermissionDeniedError("您无权执行此操作")
        s = DisciplineSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        row = after.discipline_record(congress=user.congress, actor=user, **s.validated_data)
        return Response(DisciplineSerializer(row).data, status=status.HTTP_201_CREATED)


class OathViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Oath ceremonies (A17), staff only."""

    serializer_class = OathCeremonySerializer
    queryset = OathCeremony.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return OathCeremony.objects.none()
        user = _user(self.request)
        if not permissions.is_staff(user, user.congress_id or 0):
            return OathCeremony.objects.none()
        return selectors.ceremonies(congress_id=user.congress_id)

    @extend_schema(request=OathCeremonyCreateSerializer, responses={201: OathCeremonySerializer})
    def create(self, request: Request) -> Response:
        user = _user(request)
        if user.congress is None:
            raise PermissionDeniedError("您无权执行此操作")
        s = OathCeremonyCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        cases = d.pop("cases")
        ceremony = services.oath_record(congress=user.congress, actor=user, appointments=cases, **d)
        return Response(OathCeremonySerializer(ceremony).data, status=status.HTTP_201_CREATED)


class RegisterViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The register of office-holders over time (staff)."""

    serializer_class = AppointmentTenureSerializer
    queryset = Tenure.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Tenure.objects.none()
        user = _user(self.request)
        if not permissions.is_staff(user, user.congress_id or 0):
            return Tenure.objects.none()
        return selectors.register(congress_id=user.congress_id)


class PublicAppointmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The published list of adopted appointments and removals (A15), open to everybody."""

    serializer_class = PublicAppointmentSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> Any:
        return selectors.public_cases()


__all__ = [
    "AppointmentViewSet",
    "DisciplineViewSet",
    "FilingViewSet",
    "OathViewSet",
    "PublicAppointmentViewSet",
    "ReelectionViewSet",
    "RegisterViewSet",
]
