"""API routes of the legislation app (/api/legislation/)."""

from django.urls import path

from renda.legislation import apis, hearing_apis

app_name = "legislation-api"

urlpatterns = [
    path("drafts/", apis.draft_list, name="drafts"),
    path("hearings/", hearing_apis.HearingListView.as_view(), name="hearings"),
    path("hearings/<str:id>/", hearing_apis.HearingDetailView.as_view(), name="hearing"),
    path("drafts/<str:id>/", apis.draft_detail, name="draft"),
    path("drafts/<str:id>/submit/", apis.draft_submit, name="submit"),
    path("drafts/<str:id>/reading/", apis.draft_reading, name="reading"),
    path("drafts/<str:id>/required-readings/", apis.draft_readings, name="readings"),
    path("drafts/<str:id>/vote/", apis.draft_vote, name="vote"),
    path("drafts/<str:id>/vote-result/", apis.draft_vote_result, name="vote-result"),
    path("drafts/<str:id>/withdraw/", apis.draft_withdraw, name="withdraw"),
    path("drafts/<str:id>/request-approval/", apis.draft_request_approval, name="request-approval"),
    path("drafts/<str:id>/approve/", apis.draft_approve, name="approve"),
    path("drafts/<str:id>/promulgate/", apis.draft_promulgate, name="promulgate"),
    path("drafts/<str:id>/file/", apis.draft_file, name="file"),
    path("drafts/<str:id>/basis/", apis.draft_basis, name="basis"),
    path("drafts/<str:id>/terminate/", apis.draft_terminate, name="terminate"),
    path("drafts/<str:id>/publications/", apis.draft_publication, name="publication"),
    path("drafts/<str:id>/versions/", apis.version_import, name="version-import"),
    path("plan-items/<str:id>/submitted/", apis.plan_item_submitted, name="plan-item-submitted"),
    path("versions/<str:id>/deputy-comments/", apis.deputy_comment, name="deputy-comment"),
    path("versions/<str:id>/", apis.version_detail, name="version"),
    path("versions/<str:id>/compare/<str:other>/", apis.compare, name="compare"),
    path("versions/<str:id>/report/", apis.report, name="report"),
    path("versions/<str:id>/analyse/", apis.analyse, name="analyse"),
    path("versions/<str:id>/comments/", apis.enter, name="enter"),
    path("versions/<str:id>/open/", apis.period_open, name="open"),
    path("versions/<str:id>/publish/", apis.publish, name="publish"),
    path("comments/<str:id>/hide/", apis.comment_hide, name="hide"),
    path("positions/<str:id>/respond/", apis.respond, name="respond"),
    path("public/<str:id>/code/", apis.public_code, name="public-code"),
    path("public/<str:id>/comments/", apis.public_comment, name="public-comment"),
]
