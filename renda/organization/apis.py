"""Read-only REST API for reference data: deputies (phones masked unless staff) and handling units."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, viewsets

from renda.core.apis import NumericLookupMixin
from renda.core.numbers import parse_id
from renda.organization import selectors
from renda.organization.models import Deputy, HandlingUnit


class DeputySerializer(serializers.ModelSerializer):
    """A deputy; ``phone`` is masked unless the viewer's role needs it (staff)."""

    delegation = serializers.CharField(source="delegation.name")
    professional_groups: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Deputy
        fields = [
            "id",
            "code",
            "name",
            "gender",
            "ethnicity",
            "birth_year",
            "occupation",
            "delegation",
            "professional_groups",
            "is_first_term",
            "status",
            "left_on",
            "phone",
        ]

    def get_phone(self, obj: Deputy) -> str:
        viewer = self.context["request"].user
        return obj.phone if selectors.can_see_personal_data(viewer) else obj.masked_phone


class DeputyViewSet(NumericLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Deputies of the congress; filter with ``?search=``, ``?delegation=`` and ``?group=`` (ids; others ignored)."""

    serializer_class = DeputySerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return selectors.deputy_list(
            viewer=self.request.user,  # type: ignore[arg-type]
            search=params.get("search", "")[:40],
            delegation_id=parse_id(params.get("delegation")),
            group_id=parse_id(params.get("group")),
        )


class HandlingUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingUnit
        fields = ["id", "name", "short_name", "kind", "parent", "contact_name"]


class HandlingUnitViewSet(NumericLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Active handling units (承办单位)."""

    serializer_class = HandlingUnitSerializer

    def get_queryset(self) -> Any:
        return selectors.handling_unit_list()
