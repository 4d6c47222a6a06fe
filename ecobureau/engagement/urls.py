from django.urls import URLPattern, URLResolver, path

from . import (
    views,
    views_grassroots,
    views_honours,
    views_interaction,
    views_supervision,
)

app_name = "engagement"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("demands/new/", views.demand_new, name="demand-new"),
    path("demands/<int:pk>/", views.demand_detail, name="demand-detail"),
    path("demands/<int:pk>/<str:action>/", views.demand_act, name="demand-act"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("my/", views.my_demands, name="my-demands"),
    path("my/<int:pk>/", views.my_demand_detail, name="my-demand-detail"),
    path("commissioners/", views.commissioner_list, name="commissioner-list"),
    path("visits/", views.visit_list, name="visit-list"),
    path("eia/", views.eia_list, name="eia-list"),
    path("eia/new/", views.eia_new, name="eia-new"),
    path("eia/<int:pk>/", views.eia_detail, name="eia-detail"),
    path("eia/<int:pk>/<str:action>/", views.eia_act, name="eia-act"),
    path("eia/conduct/<int:pk>/<str:action>/", views.conduct_act, name="conduct-act"),
    path("public/eia/", views.eia_public, name="eia-public"),
    path("supervisors/", views.supervisor_list, name="supervisor-list"),
    path("supervisors/<int:pk>/", views.supervisor_detail, name="supervisor-detail"),
    path(
        "supervisors/reports/",
        views_supervision.report_list,
        name="supervisor-reports",
    ),
    path(
        "supervisors/reports/<int:pk>/",
        views_supervision.report_detail,
        name="supervisor-report",
    ),
    path("supervision/", views_supervision.supervision_home, name="supervision"),
    path(
        "supervision/<int:pk>/",
        views_supervision.supervision_matter,
        name="supervision-matter",
    ),
    path("reception/", views_interaction.reception_list, name="reception-list"),
    path("reception/<int:pk>/", views_interaction.reception_day, name="reception-day"),
    path("my/reception/", views_interaction.my_reception, name="my-reception"),
    path("forums/", views_interaction.forum_list, name="forum-list"),
    path("forums/<int:pk>/", views_interaction.forum_detail, name="forum-detail"),
    path("revisits/", views_interaction.revisit_list, name="revisit-list"),
    path("revisits/<int:pk>/", views_interaction.revisit_detail, name="revisit-detail"),
    path("participation/", views_interaction.participation, name="participation"),
    path("leaders/", views_interaction.leader_list, name="leader-list"),
    path("grassroots/", views_grassroots.grassroots, name="grassroots"),
    path("grassroots/honours/", views_honours.honours, name="honours"),
    path("grassroots/branches/", views_honours.branches, name="branches"),
    path("grassroots/lectures/", views_honours.lectures, name="lectures"),
    path("letters/", views_interaction.letter_list, name="letter-list"),
    path("letters/<int:pk>/", views_interaction.letter_detail, name="letter-detail"),
    path(
        "supervisors/meetings/",
        views_supervision.meeting_list,
        name="supervisor-meetings",
    ),
    path("visits/cadres/", views.cadre_visits, name="cadre-visits"),
    path(
        "supervisors/nominations/",
        views_supervision.nomination_list,
        name="nominations",
    ),
]
