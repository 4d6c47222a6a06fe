from django.urls import path

from . import views, views_public, views_registers

app_name = "permits"

urlpatterns = [
    # The public guide (一次性告知) and online applications.
    path("", views_public.guide_list, name="guide-list"),
    path("guide/<slug:code>/", views_public.guide_detail, name="guide-detail"),
    path("guide/<slug:code>/apply/", views_public.apply, name="apply"),
    path("guide/<slug:code>/ask/", views_public.ask, name="ask"),
    path("my/", views_public.my_applications, name="my-applications"),
    path("my/<int:pk>/", views_public.my_application, name="my-application"),
    path("my/<int:pk>/edit/", views_public.my_application_edit, name="my-edit"),
    path(
        "my/<int:pk>/upload/<int:material_pk>/",
        views_public.my_upload,
        name="my-upload",
    ),
    path("my/<int:pk>/files/<int:file_pk>/", views_public.my_file, name="my-file"),
    path(
        "my/<int:pk>/files/<int:file_pk>/remove/",
        views_public.my_file_remove,
        name="my-file-remove",
    ),
    path(
        "my/<int:pk>/documents/<int:document_pk>/",
        views_public.my_document,
        name="my-document",
    ),
    path("my/<int:pk>/submit/", views_public.my_submit, name="my-submit"),
    path("my/<int:pk>/supply/", views_public.my_supply, name="my-supply"),
    path("my/<int:pk>/withdraw/", views_public.my_withdraw, name="my-withdraw"),
    path("my/<int:pk>/rate/", views_public.my_rate, name="my-rate"),
    path("my/enquiries/", views_public.my_enquiries, name="my-enquiries"),
    path("my/enquiries/<int:pk>/", views_public.my_enquiry, name="my-enquiry"),
    # Staff.
    path("staff/", views.application_list, name="application-list"),
    path(
        "staff/applications/<int:pk>/",
        views.application_detail,
        name="application-detail",
    ),
    path(
        "staff/applications/<int:pk>/act/<slug:code>/",
        views.application_act,
        name="application-act",
    ),
    path(
        "staff/applications/<int:pk>/extend/",
        views.application_extend,
        name="application-extend",
    ),
    path(
        "staff/applications/<int:pk>/correct/",
        views.application_correct,
        name="application-correct",
    ),
    path(
        "staff/applications/<int:pk>/handover/",
        views.application_handover,
        name="application-handover",
    ),
    path("staff/register/<slug:code>/", views.register, name="register"),
    path("staff/register/files/<int:pk>/", views.register_files, name="register-files"),
    path("staff/enquiries/", views.enquiry_list, name="enquiry-list"),
    path("staff/enquiries/<int:pk>/", views.enquiry_detail, name="enquiry-detail"),
    path("staff/catalogue/", views.catalogue, name="catalogue"),
    path("staff/catalogue/<slug:code>/", views.item_edit, name="item-edit"),
    path("staff/statistics/", views.statistics, name="statistics"),
    path("staff/radiation/", views_registers.radiation_list, name="radiation-list"),
    path("staff/radiation/new/", views_registers.radiation_new, name="radiation-new"),
    path(
        "staff/radiation/<int:pk>/",
        views_registers.radiation_detail,
        name="radiation-detail",
    ),
    path("staff/assessments/", views_registers.assessment_list, name="assessment-list"),
    path(
        "staff/assessments/new/",
        views_registers.assessment_new,
        name="assessment-new",
    ),
]
