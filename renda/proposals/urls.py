from django.urls import path

from renda.proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("assignment/<int:pk>/act/<slug:action>/", views.assignment_act, name="assignment-act"),
    path("reply/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("reply/<int:pk>/document/", views.reply_document, name="reply-document"),
    path("attachment/<int:pk>/", views.attachment_file, name="attachment"),
    path("inbox/", views.inbox, name="inbox"),
    path("board/overdue/", views.overdue_board, name="overdue-board"),
    path("board/key/", views.key_board, name="key-board"),
    path("assign/", views.assign_bulk, name="assign-bulk"),
    path("public/", views.public_replies, name="public"),
    path("import/", views.import_xlsx, name="import"),
    path("import/<int:pk>/", views.import_job, name="import-job"),
    path("import/<int:pk>/progress/", views.import_progress, name="import-progress"),
]
