"""Typed events of the appointments domain (RULES.md §10).

:class:`Action` lists every action on a 任免案's trail (:class:`~renda.appointments.models.AppointmentEvent`).
Status moves write their event through :func:`renda.core.workflow.transition`; the functions below write
the acts that change no status through :func:`renda.core.workflow.record_event`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.workflow import record_event

if TYPE_CHECKING:
    from renda.appointments.models import Appointment
    from renda.core.models import DomainEvent


class Action(models.TextChoices):
    """Every action of a 任免案's trail."""

    NOMINATE = "nominate", _("提出任免案")
    FILE = "file", _("书面提请")
    STEP = "step", _("记录任前程序")
    LIST = "list", _("列入常委会会议议程")
    WITHHOLD = "withhold", _("暂不付表决")
    ADOPT = "adopt", _("表决通过")
    REJECT = "reject", _("表决未通过")
    WITHDRAW = "withdraw", _("撤回")
    LETTER = "letter", _("制发任命书")
    OATH = "oath", _("宪法宣誓")
    AWAIT = "await", _("报请上级批准")
    UPPER_APPROVE = "upper_approve", _("上级批准")
    UPPER_REFUSE = "upper_refuse", _("上级不批准")
    NOTIFY = "notify", _("发出任免通知")
    REGISTER_FILING = "register_filing", _("任职备案")


def _flow() -> Any:
    from renda.appointments.workflow import APPOINTMENT_WORKFLOW  # workflow imports the models

    return APPOINTMENT_WORKFLOW


def nominated(appointment: Appointment, *, actor: Any, at: datetime | None = None) -> DomainEvent:
    """The first event of a 任免案's trail (from '' to 起草中)."""
    return record_event(
        _flow(), appointment, action=Action.NOMINATE, actor=actor, at=at, from_status="", lock_subject=False
    )


def step_recorded(appointment: Appointment, *, note: str, actor: Any, at: datetime | None = None) -> DomainEvent:
    """A pre-appointment step (A9–A11) was recorded; ``note`` names the step and its result."""
    return record_event(_flow(), appointment, action=Action.STEP, actor=actor, note=note, at=at)


def letter_issued(appointment: Appointment, *, actor: Any, at: datetime | None = None) -> DomainEvent:
    """The letter of appointment (任命书, A16) was produced."""
    return record_event(_flow(), appointment, action=Action.LETTER, actor=actor, at=at)


def sworn(appointment: Appointment, *, note: str, actor: Any, at: datetime | None = None) -> DomainEvent:
    """The appointee took the constitutional oath (A17); ``note`` names the ceremony."""
    return record_event(_flow(), appointment, action=Action.OATH, actor=actor, note=note, at=at)


def notified(appointment: Appointment, *, note: str, actor: Any, at: datetime | None = None) -> DomainEvent:
    """The organs were sent the formal notice of the adopted case (A15); ``note`` says on time or late."""
    return record_event(_flow(), appointment, action=Action.NOTIFY, actor=actor, note=note, at=at)


def register_filed(appointment: Appointment, *, note: str, actor: Any, at: datetime | None = None) -> DomainEvent:
    """The tenure opened by ``appointment`` changed without a vote and was filed (A22)."""
    return record_event(_flow(), appointment, action=Action.REGISTER_FILING, actor=actor, note=note, at=at)
