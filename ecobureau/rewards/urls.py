from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "rewards"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("export.xlsx", views.report_export, name="export"),
    path("notices/", views.publication_list, name="publications"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/dispatch/", views.report_dispatch, name="dispatch"),
    path("<int:pk>/redirect/", views.report_redirect, name="redirect"),
    path("<int:pk>/survey/", views.report_survey, name="survey"),
    path("<int:pk>/exclude/", views.report_exclude, name="exclude"),
    path(
        "<int:pk>/serve-exclusion/",
        views.report_serve_exclusion,
        name="serve-exclusion",
    ),
    path("<int:pk>/penalty/", views.report_penalty, name="penalty"),
    path("<int:pk>/stop-order/", views.report_stop_order, name="stop-order"),
    path("<int:pk>/propose/", views.report_propose, name="propose"),
    path(
        "<int:pk>/after-approval/", views.report_after_approval, name="after-approval"
    ),
    path("<int:pk>/notify/", views.report_notify, name="notify"),
    path("<int:pk>/extend-claim/", views.report_extend_claim, name="extend-claim"),
    path("<int:pk>/pay/", views.report_pay, name="pay"),
    path("<int:pk>/forfeit/", views.report_forfeit, name="forfeit"),
    path("<int:pk>/identity/", views.identity_view, name="identity"),
    path("dossiers/<int:pk>.pdf", views.dossier_pdf, name="dossier"),
    path(
        "<int:pk>/identified/<str:kind>.pdf",
        views.identified_pdf,
        name="identified-pdf",
    ),
]
