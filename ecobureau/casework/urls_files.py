"""Attachment and document pages, included from `casework/urls.py` (namespace
"casework")."""

from django.urls import path

from . import views_files

urlpatterns = [
    path(
        "attachments/new/<str:label>/<int:pk>/",
        views_files.attachment_upload,
        name="attachment-upload",
    ),
    path(
        "attachments/<int:pk>/download/",
        views_files.attachment_download,
        name="attachment-download",
    ),
    path("documents/<int:pk>/", views_files.document_detail, name="document-detail"),
    path("documents/<int:pk>/pdf/", views_files.document_pdf, name="document-pdf"),
]
