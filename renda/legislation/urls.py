from django.urls import path
app_name = "legislation"
urlpatterns: list = []
