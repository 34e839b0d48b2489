from django.urls import path

from . import views

urlpatterns = [
    path("documents/<int:pk>/archive/", views.archive_document),
    path("documents/<int:pk>/rename/", views.RenameDocument.as_view()),
    path("documents/<int:pk>.json", views.document_json),
    path("about/", views.about),
    path("purge/", views.purge_documents),
    path("feedback/", views.LeaveFeedback.as_view()),
]
