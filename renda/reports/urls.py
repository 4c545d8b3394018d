from django.urls import path, re_path

from renda.reports import record_views, views

app_name = "reports"

urlpatterns = [
    path("", views.work, name="work"),
    path("record/", record_views.my_record, name="my-record"),
    path("records/", record_views.record_list, name="deputy-records"),
    path("records/settings/", record_views.record_settings, name="record-settings"),
    path("records/public/", record_views.public_records, name="public-records"),
    path("records/<int:pk>/", record_views.deputy_record_page, name="deputy-record"),
    re_path(r"^records/(?P<pk>[0-9]+)/record\.(?P<fmt>docx|pdf)$", record_views.record_file, name="record-file"),
    path("<slug:metric_id>/", views.metric_records, name="metric"),
]
