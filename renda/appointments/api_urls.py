from rest_framework.routers import DefaultRouter

from renda.appointments import apis

router = DefaultRouter()
router.register("cases", apis.AppointmentViewSet, basename="appointment")
router.register("oaths", apis.OathViewSet, basename="oath")
router.register("register", apis.RegisterViewSet, basename="tenure")
router.register("reelections", apis.ReelectionViewSet, basename="reelection")
router.register("filings", apis.FilingViewSet, basename="register-filing")
router.register("disciplines", apis.DisciplineViewSet, basename="discipline")
router.register("public", apis.PublicAppointmentViewSet, basename="public-appointment")
urlpatterns = router.urls
