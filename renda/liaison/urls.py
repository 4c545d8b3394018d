from django.urls import path

from renda.liaison import followup_views, import_views, reception_views, views

app_name = "liaison"
urlpatterns = [
    path("opinions/", views.opinion_list, name="opinion-list"),
    path("triage/", views.opinion_list, {"triage": True}, name="triage"),
    path("follow-up/", views.opinion_list, {"follow_up": True}, name="follow-up"),
    path("triage/confirm/", views.triage_confirm, name="triage-confirm"),
    path("triage/auto-route/", views.triage_auto_route, name="triage-auto-route"),
    path("opinions/<int:opinion_id>/", views.opinion_detail, name="opinion-detail"),
    path("opinions/<int:opinion_id>/triage/", views.opinion_triage, name="opinion-triage"),
    path("opinions/<int:opinion_id>/route/", views.opinion_route, name="opinion-route"),
    path("opinions/<int:opinion_id>/answer/", views.opinion_answer, name="opinion-answer"),
    path("opinions/<int:opinion_id>/withdraw/", views.opinion_withdraw_routing, name="opinion-withdraw"),
    path("opinions/<int:opinion_id>/reroute/", followup_views.opinion_reroute, name="opinion-reroute"),
    path("opinions/<int:opinion_id>/close/", followup_views.opinion_close_explained, name="opinion-close"),
    path("opinions/<int:opinion_id>/suggest/", views.opinion_suggest, name="opinion-suggest"),
    path("opinions/<int:opinion_id>/photos/<int:number>/", views.opinion_photo, name="opinion-photo"),
    path("search/", views.opinion_search, name="search"),
    path("hot/", views.hot_topics, name="hot"),
    path("record/", views.opinion_record, name="record"),
    path("receptions/", reception_views.reception_list, name="receptions"),
    path("receptions/new/", reception_views.reception_new, name="reception-new"),
    path("imports/", import_views.opinion_import, name="import"),
    path("imports/<int:pk>/", import_views.opinion_import_job, name="import-job"),
    path("imports/<int:pk>/progress/", import_views.opinion_import_progress, name="import-progress"),
    path("web/", views.public_form, name="public-form"),
    path("web/done/", views.public_done, name="public-done"),
    path("track/", views.track, name="track"),
]
