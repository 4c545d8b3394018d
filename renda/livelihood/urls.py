from django.urls import path

from renda.livelihood import views

app_name = "livelihood"
urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("public/", views.public, name="public"),
    path("<int:pk>/", views.programme_detail, name="programme-detail"),
    path("<int:pk>/do/<str:action>/", views.programme_action, name="programme-action"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/do/<str:action>/", views.project_action, name="project-action"),
]
