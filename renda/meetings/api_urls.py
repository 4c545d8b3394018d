from rest_framework.routers import DefaultRouter

from renda.meetings import apis

router = DefaultRouter()
router.register("meetings", apis.MeetingViewSet, basename="meeting")
router.register("polls", apis.PollViewSet, basename="poll")
router.register("public-results", apis.PublicResultViewSet, basename="public-result")
urlpatterns = router.urls
