from django.urls import path

from . import views

app_name = "leadership"

urlpatterns = [
    path("", views.home, name="home"),
    path("city/", views.city, name="city"),
    path("districts/<int:pk>/", views.district, name="district"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("items/", views.items, name="items"),
    path("assessments/", views.assessment_list, name="assessment-list"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path(
        "assessments/<int:pk>/publish/",
        views.assessment_publish,
        name="assessment-publish",
    ),
    path(
        "assessments/<int:pk>/notice/",
        views.notice_issue,
        name="notice-issue",
    ),
    path("notices/<int:pk>.pdf", views.notice_pdf, name="notice-pdf"),
    path("assessment/<str:kind>/", views.assessment, name="assessment"),
    path(
        "assessment/<str:kind>/participation/",
        views.participation,
        name="participation",
    ),
    path(
        "assessment/<str:kind>/export.<str:fmt>",
        views.assessment_export,
        name="assessment-export",
    ),
    path("public/", views.public, name="public"),
]
