"""Who is told what in the meetings domain: one function per event, each returning a
:class:`~renda.core.notifications.Notice` that the service queues on commit (in-app and e-mail)."""

from __future__ import annotations

from django.urls import reverse

from renda.core.notifications import Notice
from renda.meetings.models import Attendance, Meeting, Poll
from renda.organization.models import User


def poll_opened(poll: Poll, meeting: Meeting) -> Notice:
    """表决开始: the logins of the members present (checked in) at ``meeting``, with a link to the ballot.

    A show of hands is voted in the room: nobody is notified (a notice without recipients).
    """
    if poll.method == Poll.Method.SHOW_OF_HANDS:
        return Notice.to([], "")
    present = Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT).values("deputy_id")
    users = list(User.objects.filter(deputy__in=present, is_active=True).values_list("pk", flat=True))
    text = f"表决开始：{meeting.title}：“{poll.title}”已开始表决（{poll.get_method_display()}），请登录投票。"
    return Notice.to(users, text, reverse("meetings:poll-vote", args=[poll.pk]))
