"""立法论证会、听证会、协商座谈会 (G19): the register of legislative hearings and who took part in them.

Writes (``hearing_record``) and reads (``hearings_in``, ``participants``, ``deputies_in``) of one small
register; the work report counts its meetings, their participants (人次) and the city deputies who took
part in legislation through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from renda.core.constraints import check_date, check_text
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError, RuleViolation
from renda.legislation import permissions
from renda.legislation.models import Draft, Hearing
from renda.organization.models import Congress, Deputy, User

#: Other participants of one meeting at most (a typing slip beyond this).
MAX_OTHERS = 10_000


def hearing_record(
    *,
    congress: Congress,
    kind: str,
    title: str,
    held_on: date,
    deputies: Iterable[Deputy] = (),
    other_participants: int = 0,
    draft: Draft | None = None,
    actor: User,
) -> Hearing:
    """Register one hearing held on ``held_on`` (a past or today's date, Asia/Shanghai) with the city
    deputies who attended and the number of other participants (persons, 0–10,000).

    Raises:
        PermissionDeniedError: ``actor`` is not staff of ``congress`` (G19 work of the 法工委).
        RuleViolation: ``required`` (no title), ``too_long``, ``invalid_kind``, ``invalid_date``,
            ``future`` (a date after today), ``invalid_count``, ``wrong_draft`` (another congress's draft),
            ``wrong_deputy`` (a deputy of another congress), ``no_participants`` (nobody recorded).
    """
    if not permissions.can_record_hearing(actor, congress.pk):
        raise PermissionDeniedError("只有常委会法制工作机构的工作人员可以登记论证会")
    title = (title or "").strip()
    if not title:
        raise RuleViolation("请填写会议名称", code="required")
    check_text(title, label="会议名称", max_length=80)
    if kind not in Hearing.Kind.values:
        raise RuleViolation("请选择会议类别", code="invalid_kind")
    check_date(held_on, label="召开日期")
    if held_on > timezone.localdate():
        raise RuleViolation("召开日期不能晚于今天", code="future")
    if isinstance(other_participants, bool) or not 0 <= other_participants <= MAX_OTHERS:
        raise RuleViolation(f"其他参加人数应在0至{MAX_OTHERS}之间", code="invalid_count")
    if draft is not None and draft.congress_id != congress.pk:
        raise RuleViolation("所选草案不属于本级人大", code="wrong_draft")
    people = list(deputies)
    if any(d.term.congress_id != congress.pk for d in people):
        raise RuleViolation("所选代表不属于本级人大", code="wrong_deputy")
    if not people and not other_participants:
        raise RuleViolation("请选择参加的代表或填写其他参加人数", code="no_participants")
    with transaction.atomic():
        hearing = Hearing.objects.create(
            congress=congress,
            draft=draft,
            kind=kind,
            title=title,
            held_on=held_on,
            other_participants=other_participants,
            recorded_by=actor,
        )
        hearing.deputies.set(people)
    return hearing


def hearings_in(*, congress_id: int, start: date, end: date) -> QuerySet[Hearing]:
    """The congress's hearings held in [start, end], newest first, each with ``deputy_count`` annotated:
    the work report's "召开立法论证会、协商会20多次"."""
    return (
        Hearing.objects.filter(congress_id=congress_id, held_on__gte=start, held_on__lte=end)
        .select_related("draft")
        .annotate(deputy_count=Count("deputies", distinct=True))
        .order_by("-held_on", "-pk")
    )


def participants(hearings: QuerySet[Hearing]) -> int:
    """人次 of ``hearings``: each city deputy once per meeting plus each meeting's other participants (the
    report's "组织132位市县两级人大代表、政协委员")."""
    pks = hearings.values("pk")
    deputies = Hearing.deputies.through.objects.filter(hearing__in=pks).count()
    others = Hearing.objects.filter(pk__in=pks).aggregate(n=Sum("other_participants"))["n"] or 0
    return int(deputies + others)


def deputies_in(*, congress_id: int, start: date, end: date) -> QuerySet[Deputy]:
    """The distinct city deputies who took part in a hearing held in [start, end], by code (the report's
    "邀请28名人大代表全程参与立法工作")."""
    held = Hearing.objects.filter(congress_id=congress_id, held_on__gte=start, held_on__lte=end).values("pk")
    pks = Hearing.deputies.through.objects.filter(hearing__in=held).values("deputy_id")
    return Deputy.objects.filter(pk__in=pks).select_related("delegation").order_by("code")


def hearings_for(user: Any) -> QuerySet[Hearing]:
    """The hearings ``user`` may list (staff: those of their congress; everyone else: none), newest first."""
    if not permissions.can_record_hearing(user, user.congress_id or 0):
        return Hearing.objects.none()
    qs = Hearing.objects.all() if user.congress_id is None else Hearing.objects.filter(congress_id=user.congress_id)
    return (
        qs.select_related("draft").annotate(deputy_count=Count("deputies", distinct=True)).order_by("-held_on", "-pk")
    )


def access_hearing(user: Any, pk: int) -> Hearing:
    """One hearing ``user`` may see (as :func:`hearings_for`), with its city deputies prefetched.

    Raises:
        NotFoundOrForbidden: no such hearing, or not one of the user's congress (answered alike: 404).
    """
    hearing = hearings_for(user).filter(pk=pk).prefetch_related("deputies").first()
    if hearing is None:
        raise NotFoundOrForbidden("没有找到该论证会、协商会")
    return hearing
