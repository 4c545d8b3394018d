from django.urls import path, re_path

from renda.reports import record_views, views

app_name = "reports"

urlpatterns = [
    path("", views.work, name="work"),
    path("record/", record_views.my_record, name="my-record"),
    path("deputies/", record_views.record_list, name="deputy-records"),
    path("deputies/settings/", record_views.record_settings, name="record-settings"),
    path("deputies/public/", record_views.public_records, name="public-records"),
    path("deputies/<int:pk>/", record_views.deputy_record_page, name="deputy-record"),
    re_path(r"^deputies/(?P<pk>[0-9]+)/record\.(?P<fmt>docx|pdf)$", record_views.record_file, name="record-file"),
    path("<slug:metric_id>/", views.metric_records, name="metric"),
]
