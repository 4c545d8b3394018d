"""API routes of the legislation app (/api/legislation/)."""

from django.urls import path

from renda.legislation import apis

app_name = "legislation-api"

urlpatterns = [
    path("drafts/", apis.draft_list, name="drafts"),
    path("drafts/<str:pk>/", apis.draft_detail, name="draft"),
    path("versions/<str:pk>/", apis.version_detail, name="version"),
    path("versions/<str:pk>/compare/<str:other>/", apis.compare, name="compare"),
    path("versions/<str:pk>/report/", apis.report, name="report"),
    path("versions/<str:pk>/analyse/", apis.analyse, name="analyse"),
    path("versions/<str:pk>/comments/", apis.enter, name="enter"),
    path("positions/<str:pk>/respond/", apis.respond, name="respond"),
    path("public/<str:pk>/code/", apis.public_code, name="public-code"),
    path("public/<str:pk>/comments/", apis.public_comment, name="public-comment"),
]
