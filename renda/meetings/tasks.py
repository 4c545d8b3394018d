"""Background notifications of the meetings domain (django-tasks; enqueued on commit by services)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django_tasks import task

from renda.meetings.models import Attendance, Poll
from renda.organization.models import User


@task()
def notify_poll_opened(poll_id: int) -> int:
    """Tell the members present (with an e-mail address) that a vote is open; returns messages sent."""
    poll = Poll.objects.select_related("item__meeting").get(pk=poll_id)
    if poll.method == Poll.Method.SHOW_OF_HANDS:
        return 0
    present = Attendance.objects.filter(meeting_id=poll.item.meeting_id, status=Attendance.Status.PRESENT)
    emails = list(
        User.objects.filter(deputy__in=present.values("deputy_id")).exclude(email="").values_list("email", flat=True)
    )
    subject = f"表决开始：{poll.title}"
    body = f"{poll.item.meeting.title}：“{poll.title}”已开始表决（{poll.get_method_display()}），请登录投票。"
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [e]) for e in emails], fail_silently=True)
