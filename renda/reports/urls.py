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
    path("<slug:metric_id>/", views.metric_records, name="metric"),
]
