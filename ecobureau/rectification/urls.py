from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "rectification"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("public/", views.public, name="public"),
    path("import/", views.ledger_import, name="import"),
    path("export/<str:kind>/", views.ledger_export, name="export"),
    path("reports/<str:kind>.<str:fmt>", views.report, name="report"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/transition/", views.task_transition, name="task-transition"),
    path("tasks/<int:pk>/target/", views.task_target, name="task-target"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task-progress"),
    path("tasks/<int:pk>/supervise/", views.task_supervise, name="task-supervise"),
    path(
        "tasks/<int:pk>/measures/<int:measure_pk>/",
        views.measure_evidence,
        name="measure-evidence",
    ),
    path(
        "tasks/<int:pk>/milestones/<int:milestone_pk>/done/",
        views.milestone_done,
        name="milestone-done",
    ),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/transition/", views.case_transition, name="case-transition"),
    path("cases/<int:pk>/conditions/", views.case_conditions, name="case-conditions"),
    path("cases/<int:pk>/members/", views.case_member, name="case-member"),
    path("cases/<int:pk>/signoffs/", views.case_signoff, name="case-signoff"),
    path("cases/<int:pk>/documents/", views.case_document, name="case-document"),
    path(
        "cases/<int:pk>/revisits/<int:revisit_pk>/",
        views.revisit_record,
        name="revisit-record",
    ),
    path("cases/<int:pk>/progress/", views.case_progress, name="case-progress"),
    path("cases/<int:pk>/supervise/", views.case_supervise, name="case-supervise"),
]
