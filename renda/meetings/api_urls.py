from django.urls import path
from rest_framework.routers import DefaultRouter

from renda.meetings import apis, ballot_api

router = DefaultRouter()
router.register("meetings", apis.MeetingViewSet, basename="meeting")
router.register("polls", apis.PollViewSet, basename="poll")
router.register("public-results", apis.PublicResultViewSet, basename="public-result")
urlpatterns = [path("ballots/", ballot_api.ballot_submit, name="ballot-submit"), *router.urls]
