from django.urls import URLPattern, URLResolver, path

from . import views, views_followups, views_public

app_name = "complaints"

urlpatterns: list[URLPattern | URLResolver] = [
    # Public
    path("new/", views_public.complaint_new, name="new"),
    path("track/", views_public.complaint_track, name="track"),
    path("public/outcomes/", views_public.outcomes_public, name="public-outcomes"),
    path("mine/", views_public.complaint_mine, name="mine"),
    # Staff
    path("", views.complaint_list, name="list"),
    path("intake/", views.complaint_intake, name="intake"),
    path("import/", views.complaint_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("<int:pk>/accept/", views.complaint_accept, name="accept"),
    path("<int:pk>/reject/", views.complaint_reject, name="reject"),
    path("<int:pk>/unmerge/", views.complaint_unmerge, name="unmerge"),
    path("<int:pk>/dispatch/", views.complaint_dispatch, name="dispatch"),
    path("<int:pk>/handle/", views.complaint_handle, name="handle"),
    path("<int:pk>/redo/", views.complaint_redo, name="redo"),
    path("<int:pk>/reply/", views.complaint_reply, name="reply"),
    path("<int:pk>/extend/", views.complaint_extend, name="extend"),
    path("<int:pk>/rate/", views.complaint_rate, name="rate"),
    path("<int:pk>/link-case/", views.complaint_link_case, name="link-case"),
    path("dispatches/", views.dispatch_list, name="dispatch-list"),
    path("dispatches/<int:pk>/", views.dispatch_detail, name="dispatch-detail"),
    path("revisits/", views.revisit_list, name="revisit-list"),
    path("revisits/<int:pk>/", views.revisit_detail, name="revisit-detail"),
    path("rankings/", views.ranking, name="ranking"),
    path("rankings/export.xlsx", views.ranking_export, name="ranking-export"),
    path("hotspots/", views.hotspots, name="hotspots"),
    path("followups/", views_followups.follow_up_list, name="followup-list"),
    path("followups/new/", views_followups.follow_up_new, name="followup-new"),
    path(
        "followups/<int:pk>/", views_followups.follow_up_detail, name="followup-detail"
    ),
    path(
        "followups/<int:pk>/report/",
        views_followups.follow_up_report,
        name="followup-report",
    ),
    path(
        "followups/<int:pk>/close/",
        views_followups.follow_up_close,
        name="followup-close",
    ),
    path(
        "followups/<int:pk>/letter/",
        views_followups.follow_up_letter,
        name="followup-letter",
    ),
    path("messages/", views_followups.message_list, name="message-list"),
    path("messages/<int:pk>/", views_followups.message_detail, name="message-detail"),
    path(
        "messages/<int:pk>/assign/",
        views_followups.message_assign,
        name="message-assign",
    ),
    path(
        "messages/<int:pk>/reply/", views_followups.message_reply, name="message-reply"
    ),
    path(
        "messages/<int:pk>/replies/<int:reply_pk>/publish/",
        views_followups.message_publish,
        name="message-publish",
    ),
    path("receptions/", views.reception_list, name="reception-list"),
    path(
        "receptions/<int:pk>/record/", views.reception_record, name="reception-record"
    ),
]
