"""Who is told what in the legislation domain (one :class:`~renda.core.notifications.Notice` per act)."""

from __future__ import annotations

from renda.core.notifications import Notice
from renda.legislation.models import Draft
from renda.organization.models import Body, Membership, User


def council_users(congress_id: int) -> list[User]:
    """The users of the current members of the congress's Council of Chairpersons (主任会议)."""
    members = Membership.objects.filter(
        body__kind=Body.Kind.COUNCIL_OF_CHAIRPERSONS, body__term__congress_id=congress_id, ended_on__isnull=True
    ).values("deputy_id")
    return list(User.objects.filter(deputy_id__in=members, is_active=True))


def terminated(draft: Draft) -> Notice:
    """G14: the Council of Chairpersons is told a bill set aside for two years was terminated, so that it
    reports this to the Standing Committee."""
    return Notice.to(
        council_users(draft.congress_id),
        f"《{draft.title}》搁置审议满两年，已终止审议，请主任会议向常委会报告",
        f"/legislation/{draft.pk}/",
    )
