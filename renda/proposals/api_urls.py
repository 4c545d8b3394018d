from rest_framework.routers import DefaultRouter

from renda.proposals import apis

router = DefaultRouter()
router.register("proposals", apis.ProposalViewSet, basename="proposal")
router.register("assignments", apis.AssignmentViewSet, basename="assignment")
router.register("replies", apis.ReplyViewSet, basename="reply")
router.register("public-replies", apis.PublicReplyViewSet, basename="public-reply")
router.register("notifications", apis.NotificationViewSet, basename="notification")
urlpatterns = router.urls
