from django.urls import URLPattern, URLResolver, path

from . import (
    views,
    views_archive,
    views_cases,
    views_committee,
    views_decisions,
    views_file_review,
    views_library,
    views_measures,
    views_supervision,
)

app_name = "enforcement"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("reasons/new/", views.reason_new, name="reason-new"),
    path("reasons/<int:pk>/", views.reason_detail, name="reason-detail"),
    path("inspections/new/", views.inspection_new, name="inspection-new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path(
        "enterprises/<int:enterprise_pk>/code/",
        views.enterprise_code,
        name="enterprise-code",
    ),
    path(
        "enterprises/<int:enterprise_pk>/code.svg",
        views.enterprise_code_svg,
        name="enterprise-code-svg",
    ),
    path("cases/", views_cases.case_list, name="case-list"),
    path("cases/new/", views_cases.case_new, name="case-new"),
    path("cases/<int:pk>/", views_cases.case_detail, name="case-detail"),
    path(
        "cases/<int:pk>/documents/<slug:kind>/new/",
        views_cases.document_new,
        name="document-new",
    ),
    path("documents/<int:pk>/", views_cases.document_detail, name="document-detail"),
    path(
        "cases/<int:pk>/measures/new/",
        views_measures.measure_new,
        name="measure-new",
    ),
    path("measures/<int:pk>/", views_measures.measure_detail, name="measure-detail"),
    path(
        "measures/major/",
        views_measures.measure_major_queue,
        name="measure-major-queue",
    ),
    path("cases/<int:pk>/minor/", views_measures.minor_check, name="minor-check"),
    path("access/<int:pk>/", views_measures.access_detail, name="access-detail"),
    path("documents/<int:pk>/pdf/", views_measures.document_pdf, name="document-pdf"),
    path(
        "inspections/<int:pk>/forms/",
        views_measures.inspection_forms,
        name="inspection-forms",
    ),
    path("my-cases/", views_measures.party_cases, name="party-cases"),
    path("my-cases/<int:pk>/", views_measures.party_case, name="party-case"),
    path(
        "my-cases/access/<int:pk>/files/<int:attachment_pk>/",
        views_measures.party_file,
        name="party-file",
    ),
    path(
        "my-cases/<int:pk>/issued/<int:document_pk>/",
        views_measures.party_issued_document,
        name="party-issued-document",
    ),
    path("cases/<int:pk>/decision/", views_decisions.decision_page, name="decision"),
    path(
        "cases/<int:pk>/deliberation/",
        views_committee.deliberation_page,
        name="deliberation",
    ),
    path(
        "cases/<int:pk>/deadline/",
        views_decisions.deadline_page,
        name="deadline",
    ),
    path(
        "cases/<int:pk>/supervision/",
        views_supervision.supervision_page,
        name="supervision",
    ),
    path("committee/", views_committee.committee_roster, name="committee"),
    path("training/", views_committee.training_page, name="training"),
    path(
        "supervision/overdue/",
        views_supervision.supervision_overdue_list,
        name="supervision-overdue",
    ),
    path(
        "public/supervised/",
        views_supervision.public_supervised,
        name="public_supervised",
    ),
    path("reviews/", views_decisions.review_list, name="review-list"),
    path("file-reviews/", views_file_review.file_review_list, name="file-reviews"),
    path(
        "file-reviews/<int:pk>/",
        views_file_review.file_review_detail,
        name="file-review",
    ),
    path("reviews/<int:pk>/", views_decisions.review_detail, name="review-detail"),
    path(
        "my-cases/<int:pk>/documents/<int:document_pk>/",
        views_decisions.party_document,
        name="party-document",
    ),
    path("lists/", views_library.list_index, name="lists"),
    path("lists/<int:pk>/", views_library.list_detail, name="list-detail"),
    path("cases/<int:pk>/lists/", views_library.list_check, name="list-check"),
    path("handbook/", views_library.handbook, name="handbook"),
    path("handbook/<int:pk>/", views_library.handbook_part, name="handbook-part"),
    path(
        "handbook/versions/<int:pk>/",
        views_library.handbook_file,
        name="handbook-file",
    ),
    path(
        "transfers/<int:pk>/document/",
        views_library.transfer_document,
        name="transfer-document",
    ),
    path("cases/<int:pk>/archive/", views_archive.archive_page, name="archive"),
    path(
        "public/decisions/",
        views_archive.public_decisions,
        name="public_decisions",
    ),
    path("qr/<str:token>/", views.scan, name="scan"),
    path("visits/", views.visits, name="visits"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
]
