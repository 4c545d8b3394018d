from django.urls import path

from renda.organization import account_views, views

app_name = "organization"
urlpatterns = [
    path("deputies/", views.deputy_directory, name="deputy-directory"),
    path("accounts/", account_views.account_list, name="accounts"),
    path("accounts/new/", account_views.account_new, name="account-new"),
    path("accounts/<int:user_id>/", account_views.account_edit, name="account-edit"),
    path("accounts/<int:user_id>/password/", account_views.account_password, name="account-password"),
]
