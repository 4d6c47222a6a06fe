from django.urls import URLPattern, URLResolver, path

from . import views

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
]
