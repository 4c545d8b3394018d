"""URLs of the reports REST API, mounted at ``/api/reports/``."""

from django.urls import path

from renda.reports import apis

urlpatterns = [
    path("deputies/<int:id>/record/", apis.DeputyRecordView.as_view(), name="reports-deputy-record"),
]
