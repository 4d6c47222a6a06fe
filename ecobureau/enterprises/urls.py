from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("townships/", views.township_options, name="township_options"),
    path("mine/", views.enterprise_mine, name="mine"),
    path("positive-list/", views.positive_list, name="positive_list"),
    path(
        "<int:pk>/positive-list/",
        views.positive_list_change,
        name="positive_list_change",
    ),
    path("export.xlsx", views.enterprise_export, name="export"),
    path("import/", views.enterprise_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("facilities/export.xlsx", views.facility_export, name="facility_export"),
    path("facilities/import/", views.facility_import, name="facility_import"),
    path(
        "facilities/import/template.xlsx",
        views.facility_import_template,
        name="facility_import_template",
    ),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/outlets/new/", views.outlet_add, name="outlet_add"),
    path(
        "<int:pk>/outlets/<int:outlet_id>/edit/", views.outlet_edit, name="outlet_edit"
    ),
    path(
        "<int:pk>/outlets/<int:outlet_id>/limits/new/",
        views.limit_add,
        name="limit_add",
    ),
    path("<int:pk>/limits/<int:limit_id>/edit/", views.limit_edit, name="limit_edit"),
    path("<int:pk>/permits/new/", views.permit_add, name="permit_add"),
    path("<int:pk>/facilities/new/", views.facility_add, name="facility_add"),
    path(
        "<int:pk>/facilities/<int:facility_id>/edit/",
        views.facility_edit,
        name="facility_edit",
    ),
    path(
        "<int:pk>/facilities/<int:facility_id>/status/",
        views.facility_status,
        name="facility_status",
    ),
    path("<int:pk>/account-link/", views.account_link, name="account_link"),
]
