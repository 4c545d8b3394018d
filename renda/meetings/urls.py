from django.urls import path

from renda.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("results/", views.public_results, name="public-results"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/quorum/", views.meeting_quorum, name="meeting-quorum"),
    path("<int:pk>/do/<str:action>/", views.meeting_action, name="meeting-action"),
    path("<int:pk>/minutes.<str:fmt>", views.minutes_file, name="minutes"),
    path("items/<int:pk>/polls/", views.item_poll_create, name="item-poll-create"),
    path("polls/<int:pk>/do/<str:action>/", views.poll_action, name="poll-action"),
    path("polls/<int:pk>/vote/", views.poll_vote, name="poll-vote"),
    path("polls/<int:pk>/screen/", views.poll_screen, name="poll-screen"),
    path("polls/<int:pk>/screen/tally/", views.poll_screen_tally, name="poll-screen-tally"),
    path("polls/<int:pk>/roll-call/", views.poll_roll_call, name="poll-roll-call"),
    path("polls/<int:pk>/results.<str:fmt>", views.poll_results_file, name="poll-results"),
]
