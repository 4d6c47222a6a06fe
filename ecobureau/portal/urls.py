from django.urls import path

from . import (
    views,
    views_participation,
    views_publicity,
    views_staff,
    views_work_lists,
)

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my, name="my"),
    path("disclosure/", views.disclosure_index, name="disclosure"),
    path("disclosure/<slug:key>/", views.disclosure_list, name="disclosure-list"),
    path(
        "work-lists/staff/", views_work_lists.staff_work_lists, name="staff-work-lists"
    ),
    path(
        "work-lists/staff/<int:pk>/",
        views_work_lists.staff_work_list,
        name="staff-work-list",
    ),
    path(
        "work-lists/staff/entries/<int:pk>/",
        views_work_lists.staff_work_list_entry,
        name="staff-work-list-entry",
    ),
    path(
        "work-lists/staff/template.xlsx",
        views_work_lists.staff_work_list_template,
        name="staff-work-list-template",
    ),
    path("participation/", views_participation.participation, name="participation"),
    path("publicity/", views_publicity.publicity_plan, name="publicity"),
    path("publicity/staff/", views_publicity.staff_publicity, name="staff-publicity"),
    path(
        "publicity/staff/<int:pk>/",
        views_publicity.staff_publicity_plan,
        name="staff-publicity-plan",
    ),
    path(
        "publicity/staff/activities/<int:pk>/",
        views_publicity.staff_publicity_activity,
        name="staff-publicity-activity",
    ),
    path(
        "participation/consultations/",
        views_participation.consultations,
        name="consultations",
    ),
    path(
        "participation/consultations/<int:pk>/",
        views_participation.consultation_detail,
        name="consultation",
    ),
    path("participation/letters/", views_participation.letters, name="letters"),
    path(
        "participation/letters/new/", views_participation.letter_new, name="letter-new"
    ),
    path(
        "participation/letters/<slug:code>/",
        views_participation.letter_detail,
        name="letter",
    ),
    path("participation/my/", views_participation.my_letters, name="my-letters"),
    path(
        "participation/my/<slug:code>/", views_participation.my_letter, name="my-letter"
    ),
    path("participation/staff/", views_staff.staff_index, name="staff"),
    path(
        "participation/staff/letters/<int:pk>/",
        views_staff.staff_letter,
        name="staff-letter",
    ),
    path(
        "participation/staff/consultations/new/",
        views_staff.staff_consultation_new,
        name="staff-consultation-new",
    ),
    path(
        "participation/staff/consultations/<int:pk>/",
        views_staff.staff_consultation,
        name="staff-consultation",
    ),
    path(
        "participation/staff/consultations/<int:pk>/publish/",
        views_staff.staff_consultation_publish,
        name="staff-consultation-publish",
    ),
    path(
        "participation/staff/consultations/<int:pk>/results/",
        views_staff.staff_consultation_results,
        name="staff-consultation-results",
    ),
    path(
        "participation/staff/opinions/<int:pk>/decide/",
        views_staff.staff_opinion_decide,
        name="staff-opinion-decide",
    ),
]
