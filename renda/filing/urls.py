"""Pages of filing review, mounted at ``/filing/``."""

from django.urls import path

from renda.filing import catalogue_views, member_views, views

app_name = "filing"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_new, name="new"),
    path("<int:doc_id>/", views.document_detail, name="detail"),
    path("<int:doc_id>/act/", views.document_action, name="act"),
    path("<int:doc_id>/committee/", views.document_extra, {"what": "committee"}, name="committee"),
    path("<int:doc_id>/opinion/", views.document_extra, {"what": "opinion"}, name="opinion"),
    path("<int:doc_id>/reply/", views.document_extra, {"what": "reply"}, name="reply"),
    path("<int:doc_id>/assist/", views.document_extra, {"what": "assist"}, name="assist"),
    path("<int:doc_id>/flags/<int:flag_id>/", views.flag_decide, name="flag"),
    path("<int:doc_id>/revocation/", views.revocation_propose, name="revocation"),
    path("<int:doc_id>/revocation/result/", views.revocation_record, name="revocation-result"),
    path("catalogues/", catalogue_views.catalogue_board, name="catalogues"),
    path("catalogues/new/", catalogue_views.catalogue_new, name="catalogue-new"),
    path("catalogues/<int:catalogue_id>/", catalogue_views.catalogue_detail, name="catalogue"),
    path("committee/", member_views.member_list, name="member"),
    path("committee/<int:doc_id>/", member_views.member_document, name="member-doc"),
    path("overdue/", views.overdue, name="overdue"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/<int:suggestion_id>/", views.suggestion_action, name="suggestion-act"),
    path("figures/", views.figures, name="figures"),
    path("revocations/", views.public_revocations, name="public-revocations"),
    path("suggest/", views.public_suggest, name="public-suggest"),
    path("suggest/done/", views.public_done, name="public-done"),
    path("track/", views.public_track, name="public-track"),
]
