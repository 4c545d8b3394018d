from django.urls import path, re_path

from renda.meetings import staff_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("results/", views.public_results, name="public-results"),
    path("new/", staff_views.meeting_new, name="meeting-new"),
    path("new/preview/", staff_views.meeting_new_preview, name="meeting-new-preview"),
    path("<int:pk>/edit/", staff_views.meeting_edit, name="meeting-edit"),
    path("<int:pk>/agenda/", staff_views.meeting_agenda, name="meeting-agenda"),
    path("<int:pk>/check-in/", staff_views.meeting_check_in, name="meeting-check-in"),
    path("items/<int:pk>/do/<str:action>/", staff_views.agenda_item_action, name="item-action"),
    path("polls/<int:pk>/pending/", staff_views.poll_pending, name="poll-pending"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/quorum/", views.meeting_quorum, name="meeting-quorum"),
    path("<int:pk>/do/<str:action>/", views.meeting_action, name="meeting-action"),
    re_path(r"^(?P<pk>[0-9]+)/minutes\.(?P<fmt>docx|pdf)$", views.minutes_file, name="minutes"),
    path("items/<int:pk>/polls/", views.item_poll_create, name="item-poll-create"),
    path("polls/<int:pk>/do/<str:action>/", views.poll_action, name="poll-action"),
    path("polls/<int:pk>/vote/", views.poll_vote, name="poll-vote"),
    path("polls/<int:pk>/screen/", views.poll_screen, name="poll-screen"),
    path("polls/<int:pk>/screen/tally/", views.poll_screen_tally, name="poll-screen-tally"),
    path("polls/<int:pk>/roll-call/", views.poll_roll_call, name="poll-roll-call"),
    re_path(r"^polls/(?P<pk>[0-9]+)/results\.(?P<fmt>csv|xlsx)$", views.poll_results_file, name="poll-results"),
]
