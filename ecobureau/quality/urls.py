from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sections/", views.section_list, name="sections"),
    path("sections/new/", views.section_create, name="section-create"),
    path("sections/<int:pk>/", views.section_detail, name="section-detail"),
    path("sections/<int:pk>/target/", views.section_target, name="section-target"),
    path("import/", views.samples_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    path("export.xlsx", views.export, name="export"),
    path("emissions/", views.emissions, name="emissions"),
    path("emissions/target/", views.emission_target, name="emission-target"),
    path("emissions/actual/", views.emission_actual, name="emission-actual"),
    path("public/", views.public_summary, name="public"),
]
