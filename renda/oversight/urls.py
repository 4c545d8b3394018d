from django.urls import path

from renda.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("new/", views.item_new, name="item-new"),
    path("overdue/", views.overdue, name="overdue"),
    path("mine/", views.mine, name="mine"),
    path("public/", views.public, name="public"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/do/<str:action>/", views.item_action, name="item-action"),
    path("inquiries/new/", views.inquiry_new, name="inquiry-new"),
    path("investigations/new/", views.investigation_new, name="investigation-new"),
    path("inquiries/<int:pk>/do/<str:action>/", views.inquiry_action, name="inquiry-action"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/new/", views.decision_new, name="decision-new"),
    path("decisions/<int:pk>/publish/", views.decision_publish, name="decision-publish"),
    path("decisions/<int:pk>/report/", views.implementation_report, name="implementation-report"),
    path("annual-check/", views.annual_check, name="annual-check"),
    path("records/", views.records, name="records"),
]
