from rest_framework.routers import DefaultRouter

from renda.organization import apis

router = DefaultRouter()
router.register("deputies", apis.DeputyViewSet, basename="deputy")
router.register("handling-units", apis.HandlingUnitViewSet, basename="handling-unit")
urlpatterns = router.urls
