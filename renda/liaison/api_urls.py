"""URLs of the liaison REST API, mounted at ``/api/liaison/`` (see ``docs/liaison.md`` § API)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from renda.liaison import apis, import_apis

router = DefaultRouter()
router.register("opinions", apis.OpinionViewSet, basename="liaison-opinion")
router.register("imports", import_apis.OpinionImportViewSet, basename="liaison-import")
urlpatterns = [
    path("hot-topics/", apis.HotTopicView.as_view(), name="liaison-hot-topics"),
    path("track/", apis.TrackView.as_view(), name="liaison-track"),
    path("track/rate/", apis.TrackRateView.as_view(), name="liaison-track-rate"),
    *router.urls,
]
