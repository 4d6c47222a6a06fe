from django.urls import path

from . import (
    views,
    views_hazards,
    views_help,
    views_public,
    views_response,
    views_tasks,
)

app_name = "emergencies"

urlpatterns = [
    path("", views.index, name="index"),
    path("incidents/new/", views.incident_new, name="incident-new"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("incidents/<int:pk>/grade/", views.incident_grade, name="incident-grade"),
    path("incidents/<int:pk>/verify/", views.incident_verify, name="incident-verify"),
    path(
        "incidents/<int:pk>/dismiss/", views.incident_dismiss, name="incident-dismiss"
    ),
    path("incidents/<int:pk>/log/", views.log_add, name="log-add"),
    path("incidents/<int:pk>/tasks/", views.task_assign, name="task-assign"),
    path(
        "incidents/<int:pk>/measurements/",
        views.measurement_add,
        name="measurement-add",
    ),
    path("incidents/<int:pk>/releases/", views.release_draft, name="release-draft"),
    path("incidents/<int:pk>/close/", views.incident_close, name="incident-close"),
    path(
        "incidents/<int:pk>/conclude/",
        views.incident_conclude,
        name="incident-conclude",
    ),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path(
        "reports/<int:pk>/congress/",
        views.congress_report_record,
        name="report-congress",
    ),
    path("tasks/<int:pk>/feedback/", views.task_feedback, name="task-feedback"),
    path("tasks/mine/", views_tasks.department_task_list, name="department-tasks"),
    path(
        "tasks/<int:pk>/department-feedback/",
        views_tasks.department_task_feedback,
        name="department-task-feedback",
    ),
    path("releases/<int:pk>/review/", views.release_review, name="release-review"),
    path("opinions/", views.opinion_list, name="opinion-list"),
    path("opinions/new/", views.opinion_new, name="opinion-new"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion-detail"),
    path("opinions/<int:pk>/<slug:action>/", views.opinion_act, name="opinion-act"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_new, name="plan-new"),
    path("plans/<int:pk>/review/", views.plan_review, name="plan-review"),
    path(
        "incidents/<int:pk>/open-case/",
        views_response.incident_open_case,
        name="incident-open-case",
    ),
    path(
        "incidents/<int:pk>/open-complaint/",
        views_response.incident_open_complaint,
        name="incident-open-complaint",
    ),
    path(
        "incidents/<int:pk>/stop-orders/",
        views_response.stop_order_issue,
        name="stop-order-issue",
    ),
    path(
        "stop-orders/<int:pk>/lift/",
        views_response.stop_order_lift,
        name="stop-order-lift",
    ),
    path(
        "incidents/<int:pk>/recovery/",
        views_response.recovery_add,
        name="recovery-add",
    ),
    path(
        "recovery/<int:pk>/done/",
        views_response.recovery_done,
        name="recovery-done",
    ),
    path(
        "reports/<int:pk>/document/",
        views_response.report_document,
        name="report-document",
    ),
    path("statistics/", views_response.statistics_page, name="statistics"),
    path("statistics/excel/", views_response.statistics_excel, name="statistics-excel"),
    path("preparedness/", views_response.preparedness_page, name="preparedness"),
    path("hazards/", views_hazards.hazard_list, name="hazard-list"),
    path("hazards/<int:pk>/", views_hazards.hazard_detail, name="hazard-detail"),
    path(
        "preparedness/risk-sources/",
        views_response.risk_source_add,
        name="risk-source-add",
    ),
    path("preparedness/resources/", views_response.resource_add, name="resource-add"),
    path("plans/<int:pk>/drills/", views_response.plan_drills, name="plan-drills"),
    path(
        "plans/<int:pk>/drills/done/",
        views_response.drill_follow_ups_done,
        name="drill-done",
    ),
    path("plans/<int:pk>/revise/", views_response.plan_revise, name="plan-revise"),
    path("plans/<int:pk>/roles/", views_help.plan_role_add, name="plan-role-add"),
    path(
        "plan-roles/<int:pk>/remove/",
        views_help.plan_role_remove,
        name="plan-role-remove",
    ),
    path(
        "plan-roles/<int:pk>/change/",
        views_help.plan_role_change,
        name="plan-role-change",
    ),
    path(
        "plans/<int:pk>/contacts/",
        views_help.plan_contacts_change,
        name="plan-contacts",
    ),
    path(
        "incidents/<int:pk>/contacts/",
        views_help.incident_plan_contacts,
        name="incident-contacts",
    ),
    path("helps/for-opinion/<int:pk>/", views_help.help_request, name="help-request"),
    path("helps/<int:pk>/", views_help.help_detail, name="help-detail"),
    path("my/helps/", views_help.my_helps, name="my-helps"),
    path("my/helps/<int:pk>/", views_help.my_help_detail, name="my-help-detail"),
    path("my/helps/<int:pk>/reply/", views_help.my_help_reply, name="my-help-reply"),
    path(
        "my/helps/<int:pk>/files/<int:file_pk>/",
        views_help.my_help_file,
        name="my-help-file",
    ),
    path(
        "helps/<int:pk>/files/<int:file_pk>/",
        views_help.help_file,
        name="help-file",
    ),
    path("helps/<int:pk>/<slug:action>/", views_help.help_act, name="help-act"),
    path("public/", views_public.public_list, name="public"),
    path("public/<int:pk>/", views_public.public_detail, name="public-detail"),
]
