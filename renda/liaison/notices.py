"""Who is told what when something happens to a citizen's opinion: one function per event.

Each returns a :class:`~renda.core.notifications.Notice`, passed to
:func:`renda.core.workflow.transition` (``notice=``) or to
:func:`renda.core.notifications.notify_on_commit`; delivery (in-app and e-mail) is the core task.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from renda.core.notifications import Notice
from renda.core.privacy import redact_text
from renda.organization.models import User


def station_deputy_ids(station_id: int | None) -> list[int]:
    """Ids of the active users who are deputies serving at the station (none without a station)."""
    if station_id is None:
        return []
    return list(
        User.objects.filter(deputy__liaison_stations=station_id, is_active=True).values_list("pk", flat=True).distinct()
    )


def routed_text(title: str) -> str:
    """The text of the routed notice (phone/ID numbers in the title masked)."""
    return f"本站群众意见已转办：{redact_text(title)}"


def opinion_routed(*, opinion_id: int, title: str, recipients: Iterable[int]) -> Notice:
    """The opinion was routed to a unit: the deputies serving at its station are told, with a link to it.

    Args:
        opinion_id: the opinion's id (the link is its detail page).
        title: its title (masked in the text).
        recipients: user ids (:func:`station_deputy_ids` of its station).
    """
    link = reverse("liaison:opinion-detail", args=[opinion_id])
    return Notice.to(list(recipients), routed_text(title), link)


def staff_ids(congress_id: int) -> list[int]:
    """Ids of the active Standing Committee staff users of ``congress_id``."""
    return list(
        User.objects.filter(role=User.Role.STAFF, congress_id=congress_id, is_active=True).values_list("pk", flat=True)
    )


def unit_officer_ids(unit_id: int | None) -> list[int]:
    """Ids of the active officers of the handling unit (none without a unit)."""
    if unit_id is None:
        return []
    return list(
        User.objects.filter(role=User.Role.UNIT_OFFICER, handling_unit_id=unit_id, is_active=True).values_list(
            "pk", flat=True
        )
    )


def opinion_rated_low(*, opinion_id: int, title: str, rating: int, congress_id: int, unit_id: int | None) -> Notice:
    """The citizen rated the answer low (issue 13 item 4): the congress's staff and the unit that answered
    are told that the opinion waits for follow-up (回访复核), with a link to it."""
    link = reverse("liaison:opinion-detail", args=[opinion_id])
    text = f"群众对答复不满意（{rating} 分），待回访复核：{redact_text(title)}"
    return Notice.to(sorted({*staff_ids(congress_id), *unit_officer_ids(unit_id)}), text, link)


def opinion_rerouted(*, opinion_id: int, title: str, unit_id: int, reason: str) -> Notice:
    """After follow-up staff sent the opinion back to a unit (重新交办): its officers are told to answer again."""
    link = reverse("liaison:opinion-detail", args=[opinion_id])
    text = f"群众意见回访后重新交办，请重新答复：{redact_text(title)}（{redact_text(reason)}）"
    return Notice.to(unit_officer_ids(unit_id), text, link)
