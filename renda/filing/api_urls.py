"""URLs of the filing-review REST API, mounted at ``/api/filing/``."""

from django.urls import path

from renda.filing import apis, review_apis

urlpatterns = [
    path("documents/", apis.DocumentsView.as_view(), name="filing-documents"),
    path("documents/<int:id>/", apis.DocumentDetailView.as_view(), name="filing-document"),
    path("documents/<int:id>/step/", apis.DocumentStepView.as_view(), name="filing-document-step"),
    path("documents/<int:id>/flags/", apis.FlagsView.as_view(), name="filing-document-flags"),
    path("documents/<int:id>/flags/<int:flag_id>/", apis.FlagDecideView.as_view(), name="filing-flag"),
    path("documents/<int:id>/revocation/", review_apis.RevocationView.as_view(), name="filing-document-revocation"),
    path(
        "documents/<int:id>/revocation/result/",
        review_apis.RevocationResultView.as_view(),
        name="filing-document-revocation-result",
    ),
    path("catalogues/", review_apis.CataloguesView.as_view(), name="filing-catalogues"),
    path("catalogues/board/", review_apis.CatalogueBoardView.as_view(), name="filing-catalogue-board"),
    path("catalogues/<int:id>/", review_apis.CatalogueDetailView.as_view(), name="filing-catalogue"),
    path("committee/", review_apis.MemberDocumentsView.as_view(), name="filing-committee"),
    path("committee/<int:id>/opinion/", review_apis.MemberOpinionView.as_view(), name="filing-committee-opinion"),
    path("suggestions/", apis.SuggestView.as_view(), name="filing-suggest"),
    path("suggestions/<int:id>/act/", apis.SuggestionActView.as_view(), name="filing-suggestion-act"),
    path("track/", apis.TrackView.as_view(), name="filing-track"),
    path("revocations/", apis.RevocationsView.as_view(), name="filing-revocations"),
]
