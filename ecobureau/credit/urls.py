from django.urls import path

from . import views, views_consult, views_entries, views_registers

app_name = "credit"

urlpatterns = [
    path("", views.index, name="index"),
    path("schemes/", views.schemes, name="schemes"),
    path("schemes/<int:pk>/revise/", views.scheme_revise, name="scheme-revise"),
    path("year/<int:year>/", views.year, name="year"),
    path("year/<int:year>/export.xlsx", views.year_export, name="year-export"),
    path("provincial/", views_registers.provincial, name="provincial"),
    path(
        "provincial/template.xlsx",
        views_registers.provincial_template,
        name="provincial-template",
    ),
    path(
        "provincial/import/<int:pk>/",
        views_registers.provincial_import_detail,
        name="provincial-import",
    ),
    path("disclosure/", views_registers.disclosure, name="disclosure"),
    path("entries/", views_entries.entries, name="entries"),
    path("evaluation/<int:pk>/", views.evaluation, name="evaluation"),
    path(
        "evaluation/<int:pk>/opinions/request/",
        views_consult.opinions_request,
        name="opinions-request",
    ),
    path(
        "opinion/<int:pk>/handle/", views_consult.opinion_handle, name="opinion-handle"
    ),
    path(
        "opinion/<int:pk>/withdraw/",
        views_consult.opinion_withdraw,
        name="opinion-withdraw",
    ),
    path(
        "year/<int:year>/opinions/request/",
        views_consult.opinions_request_year,
        name="opinions-request-year",
    ),
    path("opinions/", views_consult.opinions, name="opinions"),
    path("opinion/<int:pk>/", views_consult.opinion, name="opinion"),
    path("objection/<int:pk>/decide/", views.objection_decide, name="objection-decide"),
    path("repair/<int:pk>/decide/", views.repair_decide, name="repair-decide"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.mine_detail, name="mine-detail"),
    path(
        "mine/<int:pk>/notice/<int:document_pk>/",
        views.mine_notice,
        name="mine-notice",
    ),
    path("public/", views.public, name="public"),
    # The name the portal links (same page).
    path("public/", views.public, name="public_results"),
    path("public/export.xlsx", views.public_export, name="public_results_export"),
    path(
        "public/export.csv", views.public_export_csv, name="public_results_export_csv"
    ),
]
