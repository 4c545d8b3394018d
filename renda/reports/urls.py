from django.urls import path

from renda.reports import dashboard_views, views

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
    path("<slug:metric_id>/", views.metric_records, name="metric"),
]
