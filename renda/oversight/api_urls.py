from rest_framework.routers import DefaultRouter

from renda.oversight import apis, followup_apis

router = DefaultRouter()
router.register("items", apis.ItemViewSet, basename="item")
router.register("items", followup_apis.ItemFollowupViewSet, basename="item-followup")
router.register("inquiries", apis.InquiryViewSet, basename="inquiry")
router.register("decisions", apis.DecisionViewSet, basename="decision")
router.register("decisions", followup_apis.DecisionFollowupViewSet, basename="decision-followup")
router.register("work-records", apis.WorkRecordViewSet, basename="work-record")
router.register("public-items", apis.PublicItemViewSet, basename="public-item")
router.register("public-decisions", apis.PublicDecisionViewSet, basename="public-decision")
urlpatterns = router.urls
