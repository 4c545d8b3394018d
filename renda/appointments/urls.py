from django.urls import path

from renda.appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.nominate, name="new"),
    path("register/", views.register, name="register"),
    path("oaths/", views.oaths, name="oaths"),
    path("oaths/new/", views.oath_new, name="oath-new"),
    path("organ/", views.organ, name="organ"),
    path("member/", views.member, name="member"),
    path("public/", views.public, name="public"),
    path("removal/new/", views.removal_new, name="removal-new"),
    path("reelection/new/", views.reelection_new, name="reelection-new"),
    path("filings/", views.filings, name="filings"),
    path("filings/<str:kind>/", views.filing_new, name="filing-new"),
    path("disciplines/", views.disciplines, name="disciplines"),
    path("disciplines/new/", views.discipline_new, name="discipline-new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/upper/", views.upper, name="upper"),
    path("<int:pk>/notify/", views.notify, name="notify"),
    path("<int:pk>/file/", views.file, name="file"),
    path("<int:pk>/step/", views.step, name="step"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/do/<str:action>/", views.reason, name="reason"),
]
