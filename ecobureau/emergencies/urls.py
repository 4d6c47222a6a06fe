from django.urls import path

from . import views

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
    path("tasks/<int:pk>/feedback/", views.task_feedback, name="task-feedback"),
    path("releases/<int:pk>/review/", views.release_review, name="release-review"),
    path("opinions/", views.opinion_list, name="opinion-list"),
    path("opinions/new/", views.opinion_new, name="opinion-new"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion-detail"),
    path("opinions/<int:pk>/<slug:action>/", views.opinion_act, name="opinion-act"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_new, name="plan-new"),
    path("plans/<int:pk>/review/", views.plan_review, name="plan-review"),
    path("public/", views.public_list, name="public"),
    path("public/<int:pk>/", views.public_detail, name="public-detail"),
]
