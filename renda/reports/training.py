"""履职学习培训: the register of deputies' trainings (issue 16 item 6) — one write and its reads.

The deputies' activity records count a training once per deputy who attended it; the work report counts
the distinct deputies trained in a period ("分批组织初任代表110人参加履职能力培训").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from renda.core.constraints import check_date, check_text
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError, RuleViolation
from renda.organization.models import Congress, Deputy, User
from renda.reports import permissions
from renda.reports.models import Training


def training_record(
    *, congress: Congress, title: str, held_on: date, deputies: Iterable[Deputy], actor: User
) -> Training:
    """Register one training held on ``held_on`` (today or earlier, Asia/Shanghai) with the deputies who
    attended (at least one, all of ``congress``).

    Raises:
        PermissionDeniedError: ``actor`` is not staff of ``congress``.
        RuleViolation: ``required`` (no title), ``too_long``, ``invalid_date``, ``future`` (after today),
            ``no_deputies``, ``wrong_deputy`` (a deputy of another congress).
    """
    if not permissions.can_record_training(actor, congress.pk):
        raise PermissionDeniedError("只有本级人大常委会的工作人员可以登记代表培训")
    title = (title or "").strip()
    if not title:
        raise RuleViolation("请填写培训名称", code="required")
    check_text(title, label="培训名称", max_length=120)
    check_date(held_on, label="培训日期")
    if held_on > timezone.localdate():
        raise RuleViolation("培训日期不能晚于今天", code="future")
    people = list(deputies)
    if not people:
        raise RuleViolation("请选择参加培训的代表", code="no_deputies")
    if any(d.term.congress_id != congress.pk for d in people):
        raise RuleViolation("所选代表不属于本级人大", code="wrong_deputy")
    with transaction.atomic():
        training = Training.objects.create(congress=congress, title=title, held_on=held_on, recorded_by=actor)
        training.deputies.set(people)
    return training


def trainings_in(*, congress_id: int, start: date, end: date) -> QuerySet[Training]:
    """The congress's trainings held in [start, end], newest first, with ``deputy_count`` annotated."""
    return (
        Training.objects.filter(congress_id=congress_id, held_on__gte=start, held_on__lte=end)
        .annotate(deputy_count=Count("deputies", distinct=True))
        .order_by("-held_on", "-pk")
    )


def deputies_trained(*, congress_id: int, start: date, end: date) -> QuerySet[Deputy]:
    """The distinct deputies who attended a training held in [start, end], by code (每人只计一次)."""
    held = Training.objects.filter(congress_id=congress_id, held_on__gte=start, held_on__lte=end).values("pk")
    pks = Training.deputies.through.objects.filter(training__in=held).values("deputy_id")
    return Deputy.objects.filter(pk__in=pks).select_related("delegation").order_by("code")


def deputy_trainings(*, deputy_id: int, start: date, end: date) -> QuerySet[Training]:
    """The trainings one deputy attended in [start, end], by day (the deputy's activity record)."""
    return Training.objects.filter(deputies=deputy_id, held_on__gte=start, held_on__lte=end).order_by("held_on", "pk")


def trainings_for(user: Any) -> QuerySet[Training]:
    """The trainings ``user`` may list: staff of a congress, theirs; everyone else none; newest first."""
    if not permissions.can_record_training(user, getattr(user, "congress_id", None) or 0):
        return Training.objects.none()
    return trainings_in(congress_id=user.congress_id, start=date(2000, 1, 1), end=date(2100, 12, 31))


def access_training(user: Any, pk: int) -> Training:
    """One training ``user`` may see (as :func:`trainings_for`), with its deputies prefetched.

    Raises:
        NotFoundOrForbidden: no such training, or not one of the user's congress (answered alike: 404).
    """
    found = trainings_for(user).filter(pk=pk).prefetch_related("deputies").first()
    if found is None:
        raise NotFoundOrForbidden("没有找到该培训")
    return found
