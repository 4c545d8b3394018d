from django.urls import path
app_name = "legislation-api"
urlpatterns: list = []
