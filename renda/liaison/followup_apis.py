"""API of the follow-up (回访复核) of a low-rated opinion, mixed into ``apis.OpinionViewSet``.

``GET /api/liaison/opinions/follow-up/`` (staff: opinions waiting for follow-up), ``POST
/api/liaison/opinions/{id}/reroute/`` ``{reason, unit?, version?}`` and ``POST
/api/liaison/opinions/{id}/close/`` ``{explanation, version?}`` mirror the pages of
:mod:`renda.liaison.followup_views` and call the same services (:mod:`renda.liaison.followup`).
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from renda.core.apis import ERROR_RESPONSES, TRANSITION_ERROR_RESPONSES, body_data
from renda.core.exceptions import PermissionDeniedError
from renda.liaison import followup, permissions, selectors
from renda.liaison.models import OPINION_TEXT_MAX
from renda.liaison.workflow import Status
from renda.organization.models import HandlingUnit, User


def _user(request: Request) -> User:
    return cast(User, request.user)


class RerouteInSerializer(serializers.Serializer):
    """重新交办: why (the service refuses an empty one: ``reason_required``), the unit (null: the one that
    answered), and the ``version`` the caller saw (409 ``concurrent_modification`` when stale)."""

    version = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    reason = serializers.CharField(max_length=followup.REASON_MAX, allow_blank=True)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": "所选承办单位不存在或已停用，请重新选择"},
    )


class CloseInSerializer(serializers.Serializer):
    """回访办结: the 办结说明 the citizen reads (empty → ``explanation_required``) and the ``version``."""

    version = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    explanation = serializers.CharField(max_length=OPINION_TEXT_MAX, allow_blank=True)


class FollowUpActions:
    """The follow-up actions of the opinion API (a mixin of ``apis.OpinionViewSet``, which supplies
    ``get_object``, ``_filters``, ``_out`` and pagination)."""

    @extend_schema(
        responses={**ERROR_RESPONSES},
        description="Opinions waiting for follow-up (回访复核: the citizen rated the answer ≤ "
        "``LIAISON_LOW_RATING``, default 2), oldest first as in the inbox. Staff only: 403 ``permission_denied``.",
    )
    @action(detail=False, methods=["get"], url_path="follow-up")
    def follow_up(self, request: Request) -> Response:
        """``selectors.triage_inbox`` over status follow_up, for staff; 50 a page."""
        if not permissions.can_use_triage(_user(request)):
            raise PermissionDeniedError("只有常委会工作人员可以处理回访复核")
        this: Any = self
        qs = selectors.triage_inbox(viewer=_user(request), filters=this._filters((Status.FOLLOW_UP,)))
        page = this.paginate_queryset(qs)
        return this.get_paginated_response(this.get_serializer(page, many=True).data)

    @extend_schema(
        request=RerouteInSerializer,
        responses={**TRANSITION_ERROR_RESPONSES},
        description="Staff send a low-rated opinion back to a unit to answer again (重新交办): follow_up → routed "
        "(``followup.opinion_reroute``). Errors: 403 ``permission_denied``, 409 ``invalid_transition`` or "
        "``concurrent_modification``, 400 ``reason_required``, ``unit_required``, ``unit_invalid``, ``invalid``.",
    )
    @action(detail=True, methods=["post"])
    def reroute(self, request: Request, pk: str) -> Response:
        """Re-route the opinion after follow-up."""
        this: Any = self
        op = this.get_object()
        d = body_data(RerouteInSerializer, request)
        return this._out(  # type: ignore[no-any-return]
            followup.opinion_reroute(
                opinion=op,
                actor=_user(request),
                reason=d["reason"],
                unit=d["unit"],
                expected_version=d["version"],
            )
        )

    @extend_schema(
        request=CloseInSerializer,
        responses={**TRANSITION_ERROR_RESPONSES},
        description="Staff close a low-rated opinion with a written explanation (办结说明, shown to the citizen): "
        "follow_up → closed (``followup.opinion_close_explained``). Errors: 403 ``permission_denied``, 409 "
        "``invalid_transition`` or ``concurrent_modification``, 400 ``explanation_required``, ``invalid``.",
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """Close the opinion with an explanation after follow-up."""
        this: Any = self
        op = this.get_object()
        d = body_data(CloseInSerializer, request)
        return this._out(  # type: ignore[no-any-return]
            followup.opinion_close_explained(
                opinion=op,
                actor=_user(request),
                explanation=d["explanation"],
                expected_version=d["version"],
            )
        )
