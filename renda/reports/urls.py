from django.urls import path

from renda.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.work, name="work"),
    path("<slug:metric_id>/", views.metric_records, name="metric"),
]
