"""URLs of the filing-review REST API, mounted at ``/api/filing/``."""

from django.urls import path

from renda.filing import apis

urlpatterns = [
    path("documents/", apis.DocumentsView.as_view(), name="filing-documents"),
    path("documents/<int:doc_id>/", apis.DocumentDetailView.as_view(), name="filing-document"),
    path("documents/<int:doc_id>/step/", apis.DocumentStepView.as_view(), name="filing-document-step"),
    path("documents/<int:doc_id>/flags/", apis.FlagsView.as_view(), name="filing-document-flags"),
    path("documents/<int:doc_id>/flags/<int:flag_id>/", apis.FlagDecideView.as_view(), name="filing-flag"),
    path("suggestions/", apis.SuggestView.as_view(), name="filing-suggest"),
    path("suggestions/<int:suggestion_id>/act/", apis.SuggestionActView.as_view(), name="filing-suggestion-act"),
    path("track/", apis.TrackView.as_view(), name="filing-track"),
]
