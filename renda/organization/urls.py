from django.urls import path

from renda.organization import account_views, reference_views, views

app_name = "organization"
urlpatterns = [
    path("deputies/", views.deputy_directory, name="deputy-directory"),
    path("accounts/", account_views.account_list, name="accounts"),
    path("accounts/new/", account_views.account_new, name="account-new"),
    path("accounts/<int:user_id>/", account_views.account_edit, name="account-edit"),
    path("accounts/<int:user_id>/password/", account_views.account_password, name="account-password"),
    path("units/", reference_views.unit_list, name="units"),
    path("units/new/", reference_views.unit_new, name="unit-new"),
    path("units/<int:pk>/", reference_views.unit_edit, name="unit-edit"),
    path("stations/", reference_views.station_list, name="stations"),
    path("stations/new/", reference_views.station_new, name="station-new"),
    path("stations/<int:pk>/", reference_views.station_edit, name="station-edit"),
    path("stations/<int:pk>/points/new/", reference_views.point_form, name="point-new"),
    path("stations/<int:pk>/points/<int:point_id>/", reference_views.point_form, name="point-edit"),
]
