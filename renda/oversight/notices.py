"""Who is told what in the oversight domain (one :class:`~renda.core.notifications.Notice` per act)."""

from __future__ import annotations

from renda.core.notifications import Notice
from renda.organization.models import User
from renda.oversight.models import OversightItem


def _organ_officers(item: OversightItem) -> list[User]:
    if not item.organ_id:
        return []
    return list(User.objects.filter(role=User.Role.UNIT_OFFICER, handling_unit_id=item.organ_id, is_active=True))


def opinions_sent(item: OversightItem) -> Notice:
    """The organ is told the 审议意见 were handed over and when its handling report is due (M6)."""
    return Notice.to(
        _organ_officers(item),
        f"常委会审议意见已交办：{item.title}，请于 {item.handling_due_on} 前报送研究处理情况报告",
        f"/oversight/items/{item.pk}/",
    )


def urged(item: OversightItem, due: object) -> Notice:
    """The organ is urged to send its overdue handling or rectification report."""
    return Notice.to(_organ_officers(item), f"催办：{item.title}，报告期限 {due}", f"/oversight/items/{item.pk}/")


def rectification_ordered(item: OversightItem) -> Notice:
    """The organ is told the satisfaction vote was 不满意 and when its rectification report is due (M10)."""
    return Notice.to(
        _organ_officers(item),
        f"满意度测评不满意：{item.title}，请于 {item.rectification_due_on} 前报送整改情况报告",
        f"/oversight/items/{item.pk}/",
    )
