"""Writes of the reports domain: only its own settings (the activity records' public page and points
scheme). It writes nothing to other apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.organization.models import User
from renda.reports import permissions
from renda.reports.models import MAX_WEIGHT, KindSetting, RecordKind, RecordSettings


@dataclass(frozen=True)
class KindChoice:
    """What staff chose for one kind of activity: shown publicly, and its weight (points per activity)."""

    public: bool
    weight: int


def record_settings_set(
    *, congress_id: int, public: bool, points: bool, kinds: dict[str, KindChoice], actor: User
) -> RecordSettings:
    """Staff set their congress's activity-record settings (issue 16 item 6; both off by default).

    Args:
        congress_id: the actor's congress.
        public: show the records' public page (only kinds with ``public`` set appear on it).
        points: show 履职积分 on every record (count × weight per kind).
        kinds: per ``RecordKind`` value, its choice; kinds left out keep 0 and not public.
    Returns:
        The settings row (its changes kept in history with the actor).
    Raises:
        PermissionDeniedError: the actor is not staff of that congress.
        RuleViolation: ``unknown_kind`` or ``bad_weight`` (a weight outside 0–100); nothing is saved.
    """
    if not permissions.can_manage_record_settings(actor) or actor.congress_id != congress_id:
        raise PermissionDeniedError(_("只有常委会工作人员可以设置代表履职档案"))
    for kind, choice in kinds.items():
        if kind not in RecordKind.values:
            raise RuleViolation(_("履职事项不存在"), code="unknown_kind")
        if not 0 <= choice.weight <= MAX_WEIGHT:
            raise RuleViolation(_("积分权重须在0至%(n)s之间") % {"n": MAX_WEIGHT}, code="bad_weight")
    with transaction.atomic():
        row = RecordSettings.objects.select_for_update().filter(congress_id=congress_id).first()
        row = row or RecordSettings(congress_id=congress_id)
        row.public, row.points = public, points
        row._history_user = actor  # type: ignore[attr-defined]
        row.save()
        for kind, choice in kinds.items():
            KindSetting.objects.update_or_create(
                settings=row, kind=kind, defaults={"public": choice.public, "weight": choice.weight}
            )
    return row
