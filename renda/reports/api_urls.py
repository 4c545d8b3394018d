"""URLs of the reports REST API, mounted at ``/api/reports/``."""

from django.urls import path

from renda.reports import apis, training_apis

urlpatterns = [
    path("deputies/<int:id>/record/", apis.DeputyRecordView.as_view(), name="reports-deputy-record"),
    path("trainings/", training_apis.TrainingListView.as_view(), name="reports-trainings"),
    path("trainings/<str:id>/", training_apis.TrainingDetailView.as_view(), name="reports-training"),
]
