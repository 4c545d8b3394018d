from django.urls import path, re_path

from renda.reports import dashboard_views, record_views, training_views, unit_report_views, views

app_name = "reports"

urlpatterns = [
    path("", views.work, name="work"),
    # the dashboards (统计图表): before the metric route, whose slug would catch "dashboard"
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/data/<slug:series_id>.xlsx", dashboard_views.dashboard_xlsx, name="dashboard-xlsx"),
    path("dashboard/records/<slug:series_id>/", dashboard_views.dashboard_records, name="dashboard-records"),
    path("public/", dashboard_views.public_dashboard, name="public-dashboard"),
    path("public/data/<slug:series_id>.xlsx", dashboard_views.public_dashboard_xlsx, name="public-dashboard-xlsx"),
    path("document/", views.work_document, name="work-document"),
    path("handling/", views.handling_document, name="handling-document"),
    path("snapshots/", views.snapshot_list, name="snapshots"),
    path("snapshots/new/", views.snapshot_new, name="snapshot-new"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot"),
    path("snapshots/<int:pk>/document/", views.snapshot_document, name="snapshot-document"),
    path("snapshots/<int:pk>/diff/", views.snapshot_diff, name="snapshot-diff"),
    path("snapshots/<int:pk>/diff/<slug:metric_id>/", views.snapshot_diff_metric, name="snapshot-diff-metric"),
    path("snapshots/<int:pk>/<slug:metric_id>/", views.snapshot_metric, name="snapshot-metric"),
    path("trainings/", training_views.training_list, name="trainings"),
    path("unit-report/", unit_report_views.unit_report, name="unit-report"),
    path("unit-report/report.docx", unit_report_views.unit_report_docx, name="unit-report-docx"),
    path("trainings/new/", training_views.training_new, name="training-new"),
    path("record/", record_views.my_record, name="my-record"),
    path("records/", record_views.record_list, name="deputy-records"),
    path("records/settings/", record_views.record_settings, name="record-settings"),
    path("records/public/", record_views.public_records, name="public-records"),
    path("records/<int:pk>/", record_views.deputy_record_page, name="deputy-record"),
    re_path(r"^records/(?P<pk>[0-9]+)/record\.(?P<fmt>docx|pdf)$", record_views.record_file, name="record-file"),
    path("<slug:metric_id>/", views.metric_records, name="metric"),
]
