"""Pages of the legislation app (/legislation/)."""

from django.urls import path

from renda.legislation import public_views, views

app_name = "legislation"

urlpatterns = [
    path("", views.draft_list, name="drafts"),
    path("new/", views.draft_new, name="draft-new"),
    path("plans/", views.plans, name="plans"),
    path("terminations/", views.termination_board, name="terminations"),
    path("hearings/", views.hearing_list, name="hearings"),
    path("hearings/new/", views.hearing_new, name="hearing-new"),
    path("plans/items/<int:pk>/submitted/", views.plan_item_submitted, name="plan-item-submitted"),
    path("<int:pk>/", views.draft_detail, name="draft"),
    path("<int:pk>/import/", views.version_import, name="import"),
    path("<int:pk>/act/<str:action>/", views.draft_action, name="act"),
    path("<int:pk>/vote-result/", views.vote_record, name="vote-record"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/text.docx", views.version_docx, name="version-docx"),
    path("versions/<int:pk>/compare/<int:other>/", views.compare, name="compare"),
    path("versions/<int:pk>/open/", views.period_open, name="open"),
    path("versions/<int:pk>/enter/", views.comment_enter, name="enter"),
    path("versions/<int:pk>/deputy-comment/", views.deputy_comment, name="deputy-comment"),
    path("versions/<int:pk>/report/", views.report, name="report"),
    path("versions/<int:pk>/report.docx", views.report_docx, name="report-docx"),
    path("versions/<int:pk>/analyse/", views.analyse, name="analyse"),
    path("versions/<int:pk>/publish/", views.publish, name="publish"),
    path("positions/<int:pk>/respond/", views.respond, name="respond"),
    path("comments/<int:pk>/hide/", views.comment_hide, name="hide"),
    path("public/", public_views.public_list, name="public-list"),
    path("public/<int:pk>/", public_views.public_version, name="public-version"),
    path("public/<int:pk>/code/", public_views.code_send, name="public-code"),
    path("public/<int:pk>/comment/", public_views.comment_post, name="public-comment"),
    path("public/<int:pk>/feedback/", public_views.feedback, name="public-feedback"),
]
