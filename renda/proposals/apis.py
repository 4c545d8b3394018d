"""REST API of the proposals domain: every action of the pages, over DRF.

Visibility and object permissions come from :mod:`renda.proposals.selectors` (one place); actions
call one service each; ``ApplicationError`` is mapped to ``{"code", "detail"}`` by the core handler.
Send ``version`` with an action to get 409 ``concurrent_modification`` if someone else changed the
record since you read it.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from renda.core.apis import NumericLookupMixin
from renda.core.exceptions import NotFoundOrForbidden
from renda.core.models import Notification
from renda.core.notifications import mark_read
from renda.core.pagination import CountlessPagination
from renda.organization.models import Body, Deputy, HandlingUnit, User
from renda.proposals import permissions, selectors, services
from renda.proposals.models import TOPICS, Assignment, Evaluation, Kind, Proposal, Reply, Satisfaction


class AssignmentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "proposal",
            "unit",
            "unit_name",
            "role",
            "status",
            "assigned_on",
            "received_on",
            "reassign_until",
            "reassign_until_provisional",
            "due_date",
            "due_provisional",
            "due_rule",
            "round",
            "extension_status",
            "extension_months",
            "opinion",
            "version",
        ]


def _viewer(context: dict[str, Any]) -> Any:
    """The user of the serializer's request; anonymous (so: masked) when there is none."""
    request = context.get("request")
    return getattr(request, "user", None) or AnonymousUser()


class ProposalSerializer(serializers.ModelSerializer):
    """A proposal; ``title`` and ``body`` as the caller may read them (``selectors.shown_text``: phone and
    ID numbers masked for handling units and supervisors)."""

    lead_deputy_name = serializers.CharField(source="lead_deputy.name", read_only=True, default="")
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()

    def get_title(self, p: Proposal) -> str:
        """The title as the caller may read it."""
        return selectors.shown_text(_viewer(self.context), p.title)

    def get_body(self, p: Proposal) -> str:
        """The body as the caller may read it."""
        return selectors.shown_text(_viewer(self.context), p.body)

    #: '' for a deputy's or delegation's proposal (read-only model fields lose ``allow_blank``: the schema's
    #: enum then lacked '').
    institution = serializers.ChoiceField(choices=Proposal.Institution.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "number",
            "kind",
            "submitted_as",
            "status",
            "title",
            "body",
            "topic",
            "submitter_type",
            "lead_deputy",
            "lead_deputy_name",
            "institution",
            "session",
            "is_key",
            "is_complex",
            "assign_due",
            "converted_reason",
            "returned_reason",
            "submitted_at",
            "version",
        ]
        read_only_fields = fields


class TimelineEventSerializer(serializers.Serializer):
    """One event of a proposal's timeline (``selectors.proposal_timeline``: what the caller may see, notes
    masked as on the page)."""

    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", default="")
    action = serializers.CharField()
    action_label = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    unit = serializers.CharField(source="assignment.unit.name", default="")
    note = serializers.CharField()


class ProposalCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.SUGGESTION)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=20000)
    topic = serializers.ChoiceField(choices=["", *TOPICS], required=False, default="")
    cosigners = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all(), many=True, required=False)
    lead_deputy = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all(), required=False, allow_null=True)
    submitter_type = serializers.ChoiceField(choices=Proposal.Submitter.choices, default="deputies")
    institution = serializers.ChoiceField(
        choices=Proposal.Institution.choices, required=False, allow_blank=True, default=""
    )


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class DraftUpdateSerializer(serializers.Serializer):
    """修改草稿 (PATCH): the version read (required: a stale edit is 409), then any field to change;
    ``cosigners`` is the whole new list; ``attachments`` (multipart) are added, ``remove_attachments``
    (ids) dropped."""

    version = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(max_length=20000, required=False)
    topic = serializers.CharField(max_length=20, required=False, allow_blank=True)
    cosigners = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all(), many=True, required=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False)
    remove_attachments = serializers.ListField(child=serializers.IntegerField(), required=False)


class ReasonSerializer(VersionSerializer):
    category = serializers.CharField(required=False, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    presidium_consent = serializers.BooleanField(required=False, default=False)


class CosignSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class BillSerializer(VersionSerializer):
    decision = serializers.ChoiceField(choices=Proposal.Decision.choices)
    opinion = serializers.CharField(required=False, default="")
    committee = serializers.PrimaryKeyRelatedField(queryset=Body.objects.all(), required=False, allow_null=True)


class ReportSerializer(VersionSerializer):
    report = serializers.CharField()


class KeySerializer(VersionSerializer):
    vice_chair = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all())
    committee = serializers.PrimaryKeyRelatedField(queryset=Body.objects.all())


class AssignSerializer(VersionSerializer):
    leads = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True)
    cohandlers = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True, required=False)
    is_complex = serializers.BooleanField(required=False, allow_null=True, default=None)


class BulkAssignSerializer(serializers.Serializer):
    proposals = serializers.ListField(child=serializers.IntegerField())
    leads = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True)
    cohandlers = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True, required=False)


class MergeSerializer(serializers.Serializer):
    others = serializers.ListField(child=serializers.IntegerField())
    note = serializers.CharField(required=False, default="")


def _actor(request: Request) -> User:
    """The logged-in user (every endpoint here requires authentication)."""
    return cast(User, request.user)


def _v(data: dict[str, Any]) -> int | None:
    return data.get("version")


class ProposalViewSet(NumericLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Bills and suggestions the caller may see (staff: all of their congress; deputy: own and
    co-signed; unit: those assigned to it; supervisor: the key suggestions they supervise)."""

    serializer_class = ProposalSerializer

    def get_queryset(self) -> Any:
        p = self.request.query_params
        return selectors.proposal_list(
            viewer=self.request.user,
            q=p.get("q", ""),
            status=p.get("status", ""),
            kind=p.get("kind", ""),
            scope=p.get("scope", ""),
        )

    def get_object(self) -> Proposal:
        try:
            return selectors.proposal_get(viewer=self.request.user, pk=int(self.kwargs["pk"]))
        except (ValueError, KeyError) as exc:
            raise NotFoundOrForbidden("记录不存在") from exc

    def _out(self, p: Proposal) -> Response:
        p.refresh_from_db()
        return Response(ProposalSerializer(p, context={"request": self.request}).data)

    def _in(self, cls: type[serializers.Serializer], request: Request) -> dict[str, Any]:
        s = cls(data=request.data)
        s.is_valid(raise_exception=True)
        return dict(s.validated_data)

    @extend_schema(request=ProposalCreateSerializer, responses=ProposalSerializer)
    def create(self, request: Request) -> Response:
        d = self._in(ProposalCreateSerializer, request)
        p = services.proposal_create(actor=_actor(request), **d)
        return Response(ProposalSerializer(p, context={"request": request}).data, status=201)

    @extend_schema(request=DraftUpdateSerializer, responses=ProposalSerializer, description="修改草稿（仅起草人）")
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        d = self._in(DraftUpdateSerializer, request)
        version = d.pop("version")
        return self._out(
            services.proposal_update_draft(
                proposal=self.get_object(), actor=_actor(request), expected_version=version, **d
            )
        )

    @extend_schema(request=VersionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        d = self._in(VersionSerializer, request)
        return self._out(
            services.proposal_submit(proposal=self.get_object(), actor=_actor(request), expected_version=_v(d))
        )

    @extend_schema(request=CosignSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def cosign(self, request: Request, pk: str) -> Response:
        d = self._in(CosignSerializer, request)
        p = self.get_object()
        services.cosigner_respond(proposal=p, actor=_actor(request), accept=d["accept"])
        return self._out(p)

    @extend_schema(request=VersionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def register(self, request: Request, pk: str) -> Response:
        d = self._in(VersionSerializer, request)
        return self._out(
            services.proposal_register(proposal=self.get_object(), actor=_actor(request), expected_version=_v(d))
        )

    @extend_schema(request=ReasonSerializer, responses=ProposalSerializer, description="S22 screening")
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        d = self._in(ReasonSerializer, request)
        return self._out(
            services.proposal_return(
                proposal=self.get_object(),
                actor=_actor(request),
                category=d["category"],
                reason=d["reason"],
                expected_version=_v(d),
            )
        )

    @extend_schema(request=ReasonSerializer, responses=ProposalSerializer, description="S23 / B4")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        d = self._in(ReasonSerializer, request)
        return self._out(
            services.proposal_withdraw(
                proposal=self.get_object(),
                actor=_actor(request),
                presidium_consent=d["presidium_consent"],
                reason=d["reason"],
                expected_version=_v(d),
            )
        )

    @extend_schema(request=VersionSerializer, responses=ProposalSerializer, description="S16: close after the window")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        d = self._in(VersionSerializer, request)
        return self._out(
            services.proposal_close_after_window(
                proposal=self.get_object(), actor=_actor(request), expected_version=_v(d)
            )
        )

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], url_path="agree-withdraw")
    def agree_withdraw(self, request: Request, pk: str) -> Response:
        p = self.get_object()
        services.cosigner_agree_withdraw(proposal=p, actor=_actor(request))
        return self._out(p)

    @extend_schema(request=BillSerializer, responses=ProposalSerializer, description="B3: Bill Review Committee")
    @action(detail=True, methods=["post"])
    def recommend(self, request: Request, pk: str) -> Response:
        d = self._in(BillSerializer, request)
        return self._out(
            services.bill_recommend(
                proposal=self.get_object(),
                actor=_actor(request),
                decision=d["decision"],
                opinion=d["opinion"],
                expected_version=_v(d),
            )
        )

    @extend_schema(request=BillSerializer, responses=ProposalSerializer, description="B3/B5: Presidium decision")
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        d = self._in(BillSerializer, request)
        return self._out(
            services.bill_decide(
                proposal=self.get_object(),
                actor=_actor(request),
                decision=d["decision"],
                committee=d.get("committee"),
                expected_version=_v(d),
            )
        )

    @extend_schema(request=ReportSerializer, responses=ProposalSerializer, description="B5: result / committee report")
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str) -> Response:
        d = self._in(ReportSerializer, request)
        return self._out(
            services.bill_conclude(
                proposal=self.get_object(), actor=_actor(request), report=d["report"], expected_version=_v(d)
            )
        )

    @extend_schema(request=KeySerializer, responses=ProposalSerializer, description="S6")
    @action(detail=True, methods=["post"], url_path="designate-key")
    def designate_key(self, request: Request, pk: str) -> Response:
        d = self._in(KeySerializer, request)
        p = self.get_object()
        services.suggestion_designate_key(
            proposal=p,
            actor=_actor(request),
            vice_chair=d["vice_chair"],
            committee=d["committee"],
            expected_version=_v(d),
        )
        return self._out(p)

    @extend_schema(request=AssignSerializer, responses=AssignmentSerializer(many=True), description="S2/S3/S8/S9")
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        d = self._in(AssignSerializer, request)
        made = services.suggestion_assign(
            proposal=self.get_object(),
            actor=_actor(request),
            leads=d["leads"],
            cohandlers=d.get("cohandlers", []),
            is_complex=d.get("is_complex"),
            expected_version=_v(d),
        )
        return Response(AssignmentSerializer(made, many=True).data, status=201)

    @extend_schema(request=BulkAssignSerializer, responses=None)
    @action(detail=False, methods=["post"], url_path="assign-bulk")
    def assign_bulk(self, request: Request) -> Response:
        d = self._in(BulkAssignSerializer, request)
        qs = list(selectors.visible_proposals(request.user).filter(pk__in=d["proposals"]))
        r = services.suggestion_assign_bulk(
            proposals=qs,
            actor=_actor(request),
            leads=d["leads"],
            cohandlers=d.get("cohandlers", []),
        )
        return Response({"done": [p.pk for p in r.done], "refused": [{"id": p.pk, "detail": m} for p, m in r.refused]})

    @extend_schema(request=MergeSerializer, responses=None, description="S10")
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        d = self._in(MergeSerializer, request)
        g = services.proposals_merge_listed(
            primary=self.get_object(), ids=d["others"], actor=_actor(request), note=d["note"]
        )
        return Response({"group": g.pk}, status=201)

    @extend_schema(request=None, responses=None, description="S10: undo")
    @action(detail=True, methods=["post"])
    def unmerge(self, request: Request, pk: str) -> Response:
        p = self.get_object()
        if not p.merge_group:
            raise NotFoundOrForbidden("未并案")
        services.merge_undo(group=p.merge_group, actor=_actor(request))
        return Response({"ok": True})

    @extend_schema(responses=TimelineEventSerializer(many=True), description="S5/S8: the timeline as on the page")
    @action(detail=True, methods=["get"], pagination_class=None)  # a bare list, as the schema says
    def timeline(self, request: Request, pk: str) -> Response:
        events = selectors.proposal_timeline(viewer=request.user, proposal=self.get_object())
        return Response(TimelineEventSerializer(events, many=True).data)

    @extend_schema(responses=AssignmentSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # a bare list, as the schema says
    def assignments(self, request: Request, pk: str) -> Response:
        return Response(
            AssignmentSerializer(selectors.visible_assignments(request.user, self.get_object()), many=True).data
        )


class ReasonTextSerializer(VersionSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")
    months = serializers.IntegerField(required=False, default=0)
    approve = serializers.BooleanField(required=False, default=False)
    unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultSerializer(serializers.Serializer):
    method = serializers.CharField()
    held_on = serializers.DateField()
    deputy_views = serializers.CharField()


class CommitmentInSerializer(serializers.Serializer):
    what = serializers.CharField()
    due_date = serializers.DateField()


class ReplyInSerializer(VersionSerializer):
    text = serializers.CharField()
    reply_class = serializers.CharField()
    signer_name = serializers.CharField()
    signer_title = serializers.CharField()
    document = serializers.FileField()
    commitment_what = serializers.CharField(required=False, default="")
    commitment_due = serializers.DateField(required=False, allow_null=True, default=None)


class AssignmentViewSet(NumericLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Assignments: a unit officer sees only its unit's; staff all; deputies those of their proposals."""

    serializer_class = AssignmentSerializer

    def get_queryset(self) -> Any:
        user = cast(User, self.request.user)
        qs = Assignment.objects.filter(proposal__in=selectors.visible_proposals(user)).select_related("unit")
        if permissions.is_unit_role(user):
            qs = qs.filter(unit_id=user.handling_unit_id)
        return qs.order_by("due_date", "id")

    def get_object(self) -> Assignment:
        """Fetch-and-authorise for the current action (404 alike for missing and forbidden)."""
        cached = getattr(self, "_authorised", None)
        if cached is not None:
            return cached
        action = (self.action or "").replace("-", "_")
        pk = int(self.kwargs["pk"])
        if action == "retrieve":  # reading needs visibility only
            self._authorised: Assignment = selectors.assignment_get(viewer=self.request.user, pk=pk)
        else:  # an action needs its predicate (permissions.ASSIGNMENT_PREDICATES); an unknown one is refused
            self._authorised = selectors.access_assignment(viewer=self.request.user, pk=pk, action=action)
        return self._authorised

    def _in(self, cls: type[serializers.Serializer], request: Request) -> dict[str, Any]:
        self.get_object()  # authorise before validating the input
        s = cls(data=request.data)
        s.is_valid(raise_exception=True)
        return dict(s.validated_data)

    def _out(self, a: Assignment) -> Response:
        return Response(AssignmentSerializer(Assignment.objects.get(pk=a.pk)).data)

    @extend_schema(request=VersionSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request: Request, pk: str) -> Response:
        d = self._in(VersionSerializer, request)
        return self._out(
            services.assignment_receive(assignment=self.get_object(), actor=_actor(request), expected_version=_v(d))
        )

    @extend_schema(request=ReasonTextSerializer, responses=AssignmentSerializer, description="S12")
    @action(detail=True, methods=["post"], url_path="request-reassign")
    def request_reassign(self, request: Request, pk: str) -> Response:
        d = self._in(ReasonTextSerializer, request)
        return self._out(
            services.assignment_request_reassign(
                assignment=self.get_object(),
                actor=_actor(request),
                reason=d["reason"],
                expected_version=_v(d),
            )
        )

    @extend_schema(request=ReasonTextSerializer, responses=None, description="S12: staff approve/refuse")
    @action(detail=True, methods=["post"], url_path="decide-reassign")
    def decide_reassign(self, request: Request, pk: str) -> Response:
        d = self._in(ReasonTextSerializer, request)
        a = self.get_object()
        new = services.assignment_decide_reassign(
            assignment=a,
            actor=_actor(request),
            approve=d["approve"],
            new_unit=d.get("unit"),
            note=d["note"],
            expected_version=_v(d),
        )
        return Response(
            {
                "assignment": AssignmentSerializer(Assignment.objects.get(pk=a.pk)).data,
                "new": AssignmentSerializer(new).data if new else None,
            }
        )

    @extend_schema(request=ConsultSerializer, responses=None, description="S4/S15")
    @action(detail=True, methods=["post"])
    def consult(self, request: Request, pk: str) -> Response:
        d = self._in(ConsultSerializer, request)
        c = services.consultation_record(assignment=self.get_object(), actor=_actor(request), **d)
        return Response({"id": c.pk}, status=201)

    @extend_schema(request=ReasonTextSerializer, responses=AssignmentSerializer, description="S8")
    @action(detail=True, methods=["post"])
    def opinion(self, request: Request, pk: str) -> Response:
        d = self._in(ReasonTextSerializer, request)
        return self._out(
            services.assignment_send_opinion(
                assignment=self.get_object(),
                actor=_actor(request),
                text=d["text"],
                expected_version=_v(d),
            )
        )

    @extend_schema(request={"multipart/form-data": ReplyInSerializer}, responses=None, description="S7/S8/S18/S19")
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str) -> Response:
        d = self._in(ReplyInSerializer, request)
        commitments = (
            [services.CommitmentInput(d["commitment_what"], d["commitment_due"])]
            if d.get("commitment_what") and d.get("commitment_due")
            else []
        )
        r = services.reply_submit(
            assignment=self.get_object(),
            actor=_actor(request),
            text=d["text"],
            reply_class=d["reply_class"],
            signer_name=d["signer_name"],
            signer_title=d["signer_title"],
            document=d["document"],
            commitments=commitments,
            expected_version=_v(d),
        )
        return Response({"id": r.pk, "evaluation_due": r.evaluation_due, "publish_on": r.publish_on}, status=201)

    @extend_schema(request=ReasonTextSerializer, responses=AssignmentSerializer, description="S14")
    @action(detail=True, methods=["post"])
    def extension(self, request: Request, pk: str) -> Response:
        d = self._in(ReasonTextSerializer, request)
        return self._out(
            services.extension_request(
                assignment=self.get_object(),
                actor=_actor(request),
                months=d["months"],
                reason=d["reason"],
                expected_version=_v(d),
            )
        )

    @extend_schema(request=ReasonTextSerializer, responses=AssignmentSerializer, description="S14: staff")
    @action(detail=True, methods=["post"], url_path="decide-extension")
    def decide_extension(self, request: Request, pk: str) -> Response:
        d = self._in(ReasonTextSerializer, request)
        return self._out(
            services.extension_decide(
                assignment=self.get_object(),
                actor=_actor(request),
                approve=d["approve"],
                expected_version=_v(d),
            )
        )

    @extend_schema(request=ReasonTextSerializer, responses=None, description="催办")
    @action(detail=True, methods=["post"])
    def urge(self, request: Request, pk: str) -> Response:
        d = self._in(ReasonTextSerializer, request)
        u = services.assignment_urge(assignment=self.get_object(), actor=_actor(request), note=d["note"])
        return Response({"id": u.pk}, status=201)


class EvaluationInSerializer(serializers.Serializer):
    """A rating (S16); ``comment`` is the reason, required for 基本满意/不满意. Staff entering a paper
    evaluation (代录) add ``deputy`` (a recipient) and ``paper_date``."""

    attitude = serializers.ChoiceField(choices=Satisfaction.choices)
    result = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    deputy = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all(), required=False, allow_null=True)
    paper_date = serializers.DateField(required=False, allow_null=True)


class EvaluationSerializer(serializers.ModelSerializer):
    """A deputy's rating of a reply with its reason; ``on_paper``: entered by staff (代录)."""

    deputy_name = serializers.CharField(source="deputy.name", read_only=True)
    on_paper = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "deputy",
            "deputy_name",
            "attitude",
            "result",
            "comment",
            "on_paper",
            "paper_date",
            "created_at",
        ]
        read_only_fields = fields

    def get_on_paper(self, e: Evaluation) -> bool:
        return e.entered_by_id is not None


class ReplySerializer(serializers.ModelSerializer):
    evaluations = EvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = Reply
        fields = [
            "id",
            "assignment",
            "round",
            "text",
            "reply_class",
            "signer_name",
            "signer_title",
            "replied_on",
            "evaluation_due",
            "publish_on",
            "evaluations",
        ]


class ReplyViewSet(NumericLookupMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Replies of proposals the caller may see; deputies rate them with ``evaluate`` (S16/S17)."""

    serializer_class = ReplySerializer

    def get_queryset(self) -> Any:
        visible = selectors.visible_proposals(self.request.user)
        # a merged member's deputy sees the replies delivered for his suggestion (S10)
        qs = Reply.objects.filter(Q(assignment__proposal__in=visible) | Q(recipients__proposal__in=visible)).distinct()
        user = cast(User, self.request.user)
        if permissions.is_unit_role(user):
            qs = qs.filter(assignment__unit_id=user.handling_unit_id)
        return qs.prefetch_related("evaluations__deputy").order_by("id")

    @extend_schema(
        request=EvaluationInSerializer,
        responses={201: inline_serializer("EvaluationCreated", {"id": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, pk: str) -> Response:
        try:
            reply = selectors.access_reply_for_evaluation(viewer=request.user, pk=int(pk))
        except (NotFoundOrForbidden, ValueError) as exc:
            raise Http404 from exc
        s = EvaluationInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        ev = services.evaluation_submit(reply=reply, actor=_actor(request), **s.validated_data)
        return Response({"id": ev.pk}, status=201)


class PublicReplySerializer(serializers.Serializer):
    """A published reply (S21) as :func:`selectors.public_reply_page` gives it: the texts masked when
    they were written (phones, ID numbers, home addresses)."""

    number = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    reply_class = serializers.CharField()
    replied_on = serializers.DateField()
    text = serializers.CharField(source="public_text")


class PublicReplyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Published replies (S21), redacted; no login needed. Newest first, ``PAGE_SIZE`` a page without a
    total (``next``/``previous`` links, no ``count``: counting every published reply of every
    congress cost 100 times the page at provincial scale, issue 17 item 3)."""

    serializer_class = PublicReplySerializer
    permission_classes = [AllowAny]
    pagination_class = CountlessPagination
    queryset = Reply.objects.none()  # the rows come from selectors.public_reply_page

    @extend_schema(
        description="Published replies (S21), phones, ID numbers and home addresses masked; newest first, "
        "``PAGE_SIZE`` a page without a total (``next``/``previous`` links, no ``count``).",
        parameters=[
            OpenApiParameter("q", str, description="Words searched in the published (masked) title and reply text.")
        ],
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One page of published replies (:func:`selectors.public_reply_page`)."""
        paginator = cast(CountlessPagination, self.paginator)
        page = selectors.public_reply_page(
            q=request.query_params.get("q", "").strip(),
            page=paginator.page_number(request),
            per_page=paginator.page_size,
        )
        rows = paginator.paginate_page(page, request)
        return paginator.get_paginated_response(self.get_serializer(rows, many=True).data)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "text", "link", "created_at", "read_at"]


class NotificationViewSet(NumericLookupMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's in-app notifications (站内通知), newest first; ``read`` marks them read."""

    serializer_class = NotificationSerializer

    queryset = Notification.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient=_actor(self.request)).order_by("-created_at", "-id")

    @extend_schema(request=None, responses=None)
    @action(detail=False, methods=["post"])
    def read(self, request: Request) -> Response:
        return Response({"marked": mark_read(user=_actor(request))})
