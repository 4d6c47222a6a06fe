from django.urls import path

from . import (
    views,
    views_air,
    views_drilldown,
    views_responsibility,
    views_targets,
    views_work_plans,
)

app_name = "quality"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sections/", views.section_list, name="sections"),
    path("sections/new/", views.section_create, name="section-create"),
    path("sections/<int:pk>/", views.section_detail, name="section-detail"),
    path("sections/<int:pk>/target/", views.section_target, name="section-target"),
    path("sections/<int:pk>/volume/", views.section_volume, name="section-volume"),
    path("air/", views_air.air_statistics, name="air"),
    path("import/", views.samples_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    path("export.xlsx", views.export, name="export"),
    path("emissions/", views.emissions, name="emissions"),
    path("emissions/target/", views.emission_target, name="emission-target"),
    path("emissions/actual/", views.emission_actual, name="emission-actual"),
    path("public/", views.public_summary, name="public"),
    path("public/bulletin/", views_targets.bulletin_public, name="bulletin-public"),
    path(
        "public/bulletin.pdf",
        views_targets.bulletin_public_pdf,
        name="bulletin-public-pdf",
    ),
    path("work-plans/", views_work_plans.work_plans, name="work-plans"),
    path("work-plans/<int:pk>/", views_work_plans.work_plan, name="work-plan"),
    path(
        "work-plans/items/<int:pk>/",
        views_work_plans.work_plan_item,
        name="work-plan-item",
    ),
    path("ledger/", views_targets.ledger, name="ledger"),
    path("ledger/export.xlsx", views_targets.ledger_export, name="ledger-export"),
    path("targets/", views_targets.targets, name="targets"),
    path(
        "targets/waste-from-declarations/",
        views_targets.waste_from_declarations,
        name="waste-from-declarations",
    ),
    path(
        "figures/<str:kind>/import/", views_targets.figure_import, name="figure-import"
    ),
    path(
        "figures/<str:kind>/template.xlsx",
        views_targets.figure_template,
        name="figure-template",
    ),
    path("bulletin.pdf", views_targets.bulletin_pdf, name="bulletin-pdf"),
    path("bulletin/", views_drilldown.bulletin_page, name="bulletin"),
    path("bulletin/issue/", views_drilldown.bulletin_issue, name="bulletin-issue"),
    path(
        "bulletin/issues/<int:pk>.pdf",
        views_drilldown.bulletin_issue_pdf,
        name="bulletin-issue-pdf",
    ),
    path("drill/water/", views_drilldown.drill_water, name="drill-water"),
    path("drill/drinking/", views_drilldown.drill_drinking, name="drill-drinking"),
    path("drill/air/", views_drilldown.drill_air, name="drill-air"),
    path("drill/emissions/", views_drilldown.drill_emissions, name="drill-emissions"),
    path("vetoes/", views_responsibility.veto_list, name="vetoes"),
    path("vetoes/new/", views_responsibility.veto_create, name="veto-create"),
    path(
        "vetoes/incidents/<int:incident>/not-required/",
        views_responsibility.veto_not_required,
        name="veto-not-required",
    ),
    path(
        "vetoes/<int:pk>/withdraw/",
        views_responsibility.veto_withdraw,
        name="veto-withdraw",
    ),
    path("letters/", views_responsibility.letter_list, name="letters"),
    path("letters/new/", views_responsibility.letter_create, name="letter-create"),
    path("letters/<int:pk>/", views_responsibility.letter_detail, name="letter-detail"),
    path(
        "letters/<int:pk>/targets/<int:target_pk>/assess/",
        views_responsibility.letter_target_assess,
        name="letter-target-assess",
    ),
    path(
        "letters/<int:pk>/targets/<int:target_pk>/link/",
        views_responsibility.letter_target_link,
        name="letter-target-link",
    ),
    path(
        "letters/<int:pk>/conclude/",
        views_responsibility.letter_conclude,
        name="letter-conclude",
    ),
    path(
        "letters/<int:pk>/publish/",
        views_responsibility.letter_publish,
        name="letter-publish",
    ),
    path(
        "public/letters/",
        views_responsibility.letter_list_public,
        name="letters-public",
    ),
    path("audits/", views_responsibility.audit_list, name="audits"),
    path("audits/new/", views_responsibility.audit_create, name="audit-create"),
    path(
        "audits/<int:pk>/publish/",
        views_responsibility.audit_publish,
        name="audit-publish",
    ),
    path(
        "public/audits/", views_responsibility.audit_list_public, name="audits-public"
    ),
    path("bulletin.xlsx", views_targets.bulletin_xlsx, name="bulletin-xlsx"),
]
