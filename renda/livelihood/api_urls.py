from rest_framework.routers import DefaultRouter

from renda.livelihood import apis

router = DefaultRouter()
router.register("programmes", apis.ProgrammeViewSet, basename="programme")
router.register("candidates", apis.CandidateViewSet, basename="candidate")
router.register("projects", apis.ProjectViewSet, basename="project")
router.register("public-programmes", apis.PublicProgrammeViewSet, basename="public-programme")
urlpatterns = router.urls
