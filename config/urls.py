"""Root URL configuration: pages, the admin, the REST API and its OpenAPI schema."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from renda.core import audit_views, calendar_views
from renda.core import views as core_views

urlpatterns = [
    path("", core_views.landing, name="landing"),
    path("home/", core_views.home, name="home"),
    path("home/guide/dismiss/", core_views.guide_dismiss, name="home-guide-dismiss"),
    path("notifications/", core_views.notifications, name="notifications"),
    path("accounts/login/", core_views.login, name="login"),
    path("accounts/lockouts/", core_views.lockouts, name="lockouts"),
    path("accounts/password/", core_views.password_change, name="password_change"),
    path("accounts/password/done/", core_views.password_change_done, name="password_change_done"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("calendar/", calendar_views.calendar, name="workday-calendar"),
    path("calendar/remove/", calendar_views.calendar_remove, name="workday-calendar-remove"),
    path("audit/", audit_views.integrity, name="audit-integrity"),
    path("audit/trail/", audit_views.trail, name="audit-trail"),
    path("audit/logins/", audit_views.logins, name="audit-logins"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/organization/", include("renda.organization.api_urls")),
    path("organization/", include("renda.organization.urls")),
    path("reports/", include("renda.reports.urls")),
    path("api/reports/", include("renda.reports.api_urls")),
    path("proposals/", include("renda.proposals.urls")),
    path("api/proposals/", include("renda.proposals.api_urls")),
    path("meetings/", include("renda.meetings.urls")),
    path("api/meetings/", include("renda.meetings.api_urls")),
    path("livelihood/", include("renda.livelihood.urls")),
    path("api/livelihood/", include("renda.livelihood.api_urls")),
    path("appointments/", include("renda.appointments.urls")),
    path("api/appointments/", include("renda.appointments.api_urls")),
    path("liaison/", include("renda.liaison.urls")),
    path("api/liaison/", include("renda.liaison.api_urls")),
    path("filing/", include("renda.filing.urls")),
    path("api/filing/", include("renda.filing.api_urls")),
    path("legislation/", include("renda.legislation.urls")),
    path("api/legislation/", include("renda.legislation.api_urls")),
    path("oversight/", include("renda.oversight.urls")),
    path("api/oversight/", include("renda.oversight.api_urls")),
]

handler404 = "renda.core.views.not_found"
