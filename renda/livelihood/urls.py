from django.urls import path

from renda.livelihood import action_views, views

app_name = "livelihood"
urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("new/", action_views.programme_new, name="programme-new"),
    path("public/", views.public, name="public"),
    path("mine/", action_views.unit_projects, name="unit-projects"),
    path("<int:pk>/", views.programme_detail, name="programme-detail"),
    path("<int:pk>/solicitation/", action_views.programme_solicitation, name="programme-solicitation"),
    path("<int:pk>/candidates/new/", action_views.candidate_new, name="candidate-new"),
    path("<int:pk>/vote/", action_views.programme_vote_start, name="programme-vote-start"),
    path("<int:pk>/satisfaction/", action_views.programme_satisfaction_start, name="programme-satisfaction-start"),
    path(
        "<int:pk>/satisfaction/record/",
        action_views.programme_satisfaction_record,
        name="programme-satisfaction-record",
    ),
    path("<int:pk>/do/<str:action>/", views.programme_action, name="programme-action"),
    path("candidates/<int:pk>/edit/", action_views.candidate_edit, name="candidate-edit"),
    path("candidates/<int:pk>/screen/", action_views.candidate_screen, name="candidate-screen"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/plan/", action_views.project_plan, name="project-plan"),
    path("projects/<int:pk>/supervision/", action_views.project_supervision, name="project-supervision"),
    path("projects/<int:pk>/progress/", action_views.project_progress, name="project-progress"),
    path("projects/<int:pk>/do/<str:action>/", views.project_action, name="project-action"),
]
