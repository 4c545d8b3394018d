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

from renda.appointments import permissions, selectors, services
from renda.appointments.models import Appointment, OathCeremony, Person, PreStep, Tenure
from renda.appointments.posts import Nominator, Step, post_type_choices
from renda.core.apis import NumericLookupMixin
from renda.core.exceptions import PermissionDeniedError
from renda.meetings.models import Meeting
from renda.organization.models import User


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
            "meeting", "poll", "status", "adopted_on", "result_text", "version", "allowed_actions",
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
    nominator = serializers.ChoiceField(choices=[*Nominator.choices, ("self", "本人")])
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


__all__ = ["AppointmentViewSet", "OathViewSet", "PublicAppointmentViewSet", "RegisterViewSet"]
