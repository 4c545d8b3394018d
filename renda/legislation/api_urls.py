"""API routes of the legislation app (/api/legislation/)."""

from django.urls import path

from renda.legislation import apis

app_name = "legislation-api"

urlpatterns = [
    path("drafts/", apis.draft_list, name="drafts"),
    path("drafts/<str:pk>/", apis.draft_detail, name="draft"),
    path("drafts/<str:pk>/submit/", apis.draft_submit, name="submit"),
    path("drafts/<str:pk>/reading/", apis.draft_reading, name="reading"),
    path("drafts/<str:pk>/required-readings/", apis.draft_readings, name="readings"),
    path("drafts/<str:pk>/vote/", apis.draft_vote, name="vote"),
    path("drafts/<str:pk>/vote-result/", apis.draft_vote_result, name="vote-result"),
    path("drafts/<str:pk>/withdraw/", apis.draft_withdraw, name="withdraw"),
    path("drafts/<str:pk>/request-approval/", apis.draft_request_approval, name="request-approval"),
    path("drafts/<str:pk>/approve/", apis.draft_approve, name="approve"),
    path("drafts/<str:pk>/promulgate/", apis.draft_promulgate, name="promulgate"),
    path("drafts/<str:pk>/file/", apis.draft_file, name="file"),
    path("versions/<str:pk>/", apis.version_detail, name="version"),
    path("versions/<str:pk>/compare/<str:other>/", apis.compare, name="compare"),
    path("versions/<str:pk>/report/", apis.report, name="report"),
    path("versions/<str:pk>/analyse/", apis.analyse, name="analyse"),
    path("versions/<str:pk>/comments/", apis.enter, name="enter"),
    path("versions/<str:pk>/open/", apis.period_open, name="open"),
    path("versions/<str:pk>/publish/", apis.publish, name="publish"),
    path("comments/<str:pk>/hide/", apis.comment_hide, name="hide"),
    path("positions/<str:pk>/respond/", apis.respond, name="respond"),
    path("public/<str:pk>/code/", apis.public_code, name="public-code"),
    path("public/<str:pk>/comments/", apis.public_comment, name="public-comment"),
]
