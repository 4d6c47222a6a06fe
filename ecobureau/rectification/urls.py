from django.urls import URLPattern, URLResolver, path

from . import (
    views,
    views_assessment,
    views_dispatch,
    views_entry,
    views_public,
    views_supervise,
)

app_name = "rectification"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("public/", views_public.public, name="public"),
    path("import/", views.ledger_import, name="import"),
    path("export/<str:kind>/", views.ledger_export, name="export"),
    path("reports/<str:kind>.<str:fmt>", views.report, name="report"),
    path("reports/sent/", views_dispatch.dispatches, name="dispatches"),
    path("daily/", views_supervise.daily_schedule, name="daily"),
    path(
        "daily.xlsx",
        views_supervise.daily_schedule,
        {"fmt": "xlsx"},
        name="daily-xlsx",
    ),
    path("tasks/new/", views_entry.task_new, name="task-new"),
    path("cases/new/", views_entry.case_new, name="case-new"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/measures/new/", views_entry.measure_new, name="measure-new"),
    path(
        "tasks/<int:pk>/milestones/new/",
        views_entry.milestone_new,
        name="milestone-new",
    ),
    path(
        "tasks/<int:pk>/measures/<int:measure_pk>/lookback/",
        views_entry.lookback_new,
        name="lookback-new",
    ),
    path(
        "tasks/<int:pk>/enterprise/",
        views_entry.task_enterprise,
        name="task-enterprise",
    ),
    path(
        "cases/<int:pk>/enterprise/",
        views_entry.case_enterprise,
        name="case-enterprise",
    ),
    path(
        "cases/<int:pk>/supervisor/",
        views_entry.case_supervisor,
        name="case-supervisor",
    ),
    path(
        "cases/<int:pk>/review-departments/",
        views_entry.case_review_departments,
        name="case-review-departments",
    ),
    path("cases/<int:pk>/link/", views_entry.case_link, name="case-link"),
    path("cases/<int:pk>/score/", views_entry.case_score, name="case-score"),
    path("cases/<int:pk>/key/", views_entry.case_key_plan, name="case-key"),
    path(
        "cases/<int:pk>/territories/",
        views_entry.case_territories,
        name="case-territories",
    ),
    path("oversight/meetings/new/", views_entry.meeting_new, name="meeting-new"),
    path("oversight/meetings/<int:pk>/", views_entry.meeting_held, name="meeting-held"),
    path("oversight/visits/new/", views_entry.visit_new, name="visit-new"),
    path("oversight/visits/<int:pk>/", views_entry.visit_done, name="visit-done"),
    path(
        "oversight/regulations/new/",
        views_entry.regulation_new,
        name="regulation-new",
    ),
    path("tasks/<int:pk>/transition/", views.task_transition, name="task-transition"),
    path("tasks/<int:pk>/target/", views.task_target, name="task-target"),
    path(
        "tasks/<int:pk>/progress/", views_supervise.task_progress, name="task-progress"
    ),
    path(
        "tasks/<int:pk>/supervise/",
        views_supervise.task_supervise,
        name="task-supervise",
    ),
    path(
        "tasks/<int:pk>/measures/<int:measure_pk>/",
        views.measure_evidence,
        name="measure-evidence",
    ),
    path(
        "tasks/<int:pk>/measures/<int:measure_pk>/link/",
        views.measure_link,
        name="measure-link",
    ),
    path(
        "tasks/<int:pk>/milestones/<int:milestone_pk>/done/",
        views.milestone_done,
        name="milestone-done",
    ),
    path("assessments/", views_assessment.assessments, name="assessments"),
    path(
        "assessments/<int:pk>/",
        views_assessment.assessment_detail,
        name="assessment-detail",
    ),
    path(
        "assessments/<int:pk>.pdf",
        views_assessment.assessment_pdf,
        name="assessment-pdf",
    ),
    path(
        "assessments/<int:year>.xlsx",
        views_assessment.assessment_export,
        name="assessment-export",
    ),
    path("oversight/", views.oversight, name="oversight"),
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
    path(
        "cases/<int:pk>/progress/", views_supervise.case_progress, name="case-progress"
    ),
    path(
        "cases/<int:pk>/supervise/",
        views_supervise.case_supervise,
        name="case-supervise",
    ),
]
