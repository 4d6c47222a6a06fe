from django.urls import path

from . import urls_files, views, views_approvals, views_recordings

app_name = "casework"

urlpatterns = [
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/open/<str:label>/<int:pk>/", views.target_open, name="target-open"),
    path("workbench/clocks/<int:pk>/", views.clock_detail, name="clock-detail"),
    path("workbench/clocks/<int:pk>/pause/", views.clock_pause, name="clock-pause"),
    path("workbench/clocks/<int:pk>/resume/", views.clock_resume, name="clock-resume"),
    path("workbench/clocks/<int:pk>/extend/", views.clock_extend, name="clock-extend"),
    path("workbench/provisional/", views.provisional_list, name="provisional-list"),
    path(
        "workbench/accountability/",
        views.accountability_list,
        name="accountability-list",
    ),
    path(
        "workbench/accountability/<int:pk>/",
        views.accountability_detail,
        name="accountability-detail",
    ),
    path(
        "workbench/approvals/<int:pk>/",
        views_approvals.approval_detail,
        name="approval-detail",
    ),
    path(
        "workbench/approvals/<int:pk>/review/",
        views_approvals.approval_review,
        name="approval-review",
    ),
    path(
        "workbench/approvals/<int:pk>/decide/",
        views_approvals.approval_decide,
        name="approval-decide",
    ),
    path(
        "workbench/approvals/<int:pk>/resubmit/",
        views_approvals.approval_resubmit,
        name="approval-resubmit",
    ),
    path(
        "workbench/recordings/",
        views_recordings.recording_report,
        name="recording-report",
    ),
    path(
        "workbench/recordings/corrections/new/",
        views_recordings.recording_correction_new,
        name="recording-correction-new",
    ),
    path(
        "workbench/recordings/corrections/<int:pk>/",
        views_recordings.recording_correction_detail,
        name="recording-correction-detail",
    ),
]

urlpatterns += urls_files.urlpatterns
