from django.urls import path

from renda.organization import views

app_name = "organization"
urlpatterns = [path("deputies/", views.deputy_directory, name="deputy-directory")]
