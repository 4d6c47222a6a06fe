from django.urls import URLPattern, URLResolver, path

from . import (
    views,
    views_coordination,
    views_patrols,
    views_planning,
    views_reports,
    views_schemes,
)

app_name = "grid"

urlpatterns: list[URLPattern | URLResolver] = [
    # Cells, five fixes, people, letters, trainings, evaluations, map
    path("", views.index, name="index"),
    path("map/", views.map_view, name="map"),
    path("export.xlsx", views.export_cells, name="export"),
    path("cells/<int:pk>/", views.cell_detail, name="cell-detail"),
    path("cells/<int:pk>/edit/", views.cell_edit, name="cell-edit"),
    path("cells/<int:pk>/members/", views.member_add, name="member-add"),
    path(
        "cells/<int:pk>/members/<int:member_pk>/end/",
        views.member_end,
        name="member-end",
    ),
    path("cells/<int:pk>/boundary/", views.cell_boundary, name="cell-boundary"),
    path("cells/<int:pk>/publish/", views.cell_publish, name="cell-publish"),
    path("cells/<int:pk>/standard/", views.cell_standard, name="cell-standard"),
    path("cells/<int:pk>/unit-grids/new/", views.unit_grid_new, name="unit-grid-new"),
    path("cells/<int:pk>/letters/new/", views.letter_new, name="letter-new"),
    path("cells/<int:pk>/trainings/new/", views.training_new, name="training-new"),
    path(
        "cells/<int:pk>/evaluations/new/", views.evaluation_new, name="evaluation-new"
    ),
    path("letters/<int:pk>/", views.letter_detail, name="letter-detail"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation-detail"),
    # Patrols, problems, transfers
    path("patrol/", views_patrols.patrol_new, name="patrol-new"),
    path("patrols/", views_patrols.patrol_list, name="patrol-list"),
    path("patrols/<int:pk>/", views_patrols.patrol_detail, name="patrol-detail"),
    path("problems/", views_patrols.problem_list, name="problem-list"),
    path("problems/new/", views_patrols.problem_new, name="problem-new"),
    path("problems/<int:pk>/", views_patrols.problem_detail, name="problem-detail"),
    path("transfers/", views_patrols.transfer_list, name="transfer-list"),
    path("transfers/<int:pk>/", views_patrols.transfer_detail, name="transfer-detail"),
    # Classes and planning
    path("classes/", views_planning.class_list, name="class-list"),
    path(
        "classes/<int:enterprise_pk>/", views_planning.class_detail, name="class-detail"
    ),
    path(
        "violations/<int:pk>/revoke/",
        views_planning.violation_revoke,
        name="violation-revoke",
    ),
    path("policy/", views_planning.policy, name="policy"),
    path("calendar/", views_planning.calendar, name="calendar"),
    path("plan/", views_planning.plan, name="plan"),
    path("draws/new/", views_planning.draw_new, name="draw-new"),
    path("draws/<int:pk>/", views_planning.draw_detail, name="draw-detail"),
    path("tasks/", views_planning.task_list, name="task-list"),
    path("tasks/new/", views_planning.task_new, name="task-new"),
    path("tasks/<int:pk>/", views_planning.task_detail, name="task-detail"),
    path("conflicts/", views_planning.conflict_list, name="conflict-list"),
    path(
        "listed-requests/new/",
        views_planning.listed_request_new,
        name="listed-request-new",
    ),
    path(
        "listed-requests/<int:pk>/",
        views_planning.listed_request_detail,
        name="listed-request-detail",
    ),
    # 三同时 and coordination
    path("projects/", views_coordination.project_list, name="project-list"),
    path("projects/new/", views_coordination.project_new, name="project-new"),
    path(
        "projects/<int:pk>/", views_coordination.project_detail, name="project-detail"
    ),
    path("meetings/", views_coordination.meeting_list, name="meeting-list"),
    path(
        "cells/<int:cell_pk>/meetings/new/",
        views_coordination.meeting_new,
        name="meeting-new",
    ),
    path(
        "meetings/<int:pk>/", views_coordination.meeting_detail, name="meeting-detail"
    ),
    path("campaigns/", views_coordination.campaign_list, name="campaign-list"),
    path(
        "cells/<int:cell_pk>/campaigns/new/",
        views_coordination.campaign_new,
        name="campaign-new",
    ),
    path(
        "campaigns/<int:pk>/",
        views_coordination.campaign_detail,
        name="campaign-detail",
    ),
    path("reviews/", views_coordination.review_list, name="review-list"),
    path(
        "cells/<int:cell_pk>/reviews/new/",
        views_coordination.review_new,
        name="review-new",
    ),
    path("reviews/<int:pk>/", views_coordination.review_detail, name="review-detail"),
    path("supervision/", views_coordination.supervision_list, name="supervision-list"),
    path(
        "cells/<int:cell_pk>/supervision/new/",
        views_coordination.supervision_new,
        name="supervision-new",
    ),
    path(
        "supervision/<int:pk>/",
        views_coordination.supervision_detail,
        name="supervision-detail",
    ),
    # Implementation schemes filed with the level above (C29)
    path("schemes/", views_schemes.scheme_list, name="scheme-list"),
    path(
        "cells/<int:cell_pk>/schemes/new/",
        views_schemes.scheme_new,
        name="scheme-new",
    ),
    path("schemes/<int:pk>/", views_schemes.scheme_detail, name="scheme-detail"),
    # Public pages (公开公示): no log-in
    path("public/schemes/", views_schemes.public_schemes, name="public-schemes"),
    path(
        "public/schemes/<int:pk>/scheme.pdf",
        views_schemes.public_scheme_file,
        name="public-scheme-file",
    ),
    # Monthly work reports (C22), rural targets (D18), positive-list review (A73)
    path("reports/", views_reports.work_report_list, name="work-report-list"),
    path(
        "cells/<int:cell_pk>/reports/new/",
        views_reports.work_report_new,
        name="work-report-new",
    ),
    path(
        "reports/<int:pk>/", views_reports.work_report_detail, name="work-report-detail"
    ),
    path(
        "reports/<int:pk>/report.<str:fmt>",
        views_reports.work_report_download,
        name="work-report-download",
    ),
    path("rural/", views_reports.rural_index, name="rural-index"),
    path(
        "rural/<int:cell_pk>/<int:year>/",
        views_reports.rural_cell,
        name="rural-cell",
    ),
    path(
        "plan/positive-list/",
        views_reports.positive_list_review,
        name="positive-list",
    ),
    path("public/", views.public_cells, name="public-cells"),
    path("public/cells/<int:pk>/", views.public_cell, name="public-cell"),
    path("public/draws/", views.public_draws, name="public-draws"),
    path("public/draws/<int:pk>/", views.public_draw, name="public-draw"),
    path("public/results/", views.public_results, name="public-results"),
    path(
        "public/draws/<int:pk>/draw.json",
        views.public_draw_json,
        name="public-draw-json",
    ),
]
