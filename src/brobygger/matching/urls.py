from django.urls import path

from brobygger.matching import views, views_nominations

app_name = "matching"
urlpatterns = [
    path("coordinate/<uuid:code>/matching/", views.matching_page, name="cohort"),
    path("coordinate/<uuid:code>/matching/settings/", views.settings_edit, name="settings"),
    path("coordinate/<uuid:code>/matching/run/", views.run_create, name="run-create"),
    path(
        "coordinate/<uuid:code>/matching/constraints/",
        views.constraint_create,
        name="constraint-create",
    ),
    path(
        "coordinate/<uuid:code>/matching/constraints/<int:pk>/delete/",
        views.constraint_delete,
        name="constraint-delete",
    ),
    path("coordinate/<uuid:code>/matching/swap/", views.swap, name="swap"),
    path("coordinate/<uuid:code>/matching/pair/", views.pair_create, name="pair-create"),
    path("coordinate/<uuid:code>/matching/send/", views.proposal_send, name="proposal-send"),
    path("coordinate/<uuid:code>/matching/publish/", views.publish, name="publish"),
    path(
        "coordinate/<uuid:code>/matching/without-partner/",
        views.without_partner,
        name="without-partner",
    ),
    path(
        "coordinate/<uuid:code>/matching/waitlist/<uuid:application>/accept/",
        views.waitlist_accept,
        name="waitlist-accept",
    ),
    path(
        "coordinate/<uuid:code>/matching/partner/<uuid:application>/",
        views.partner_for,
        name="partner-for",
    ),
    path("coordinate/matching/runs/<uuid:code>/", views.run_detail, name="run-detail"),
    path("coordinate/matching/runs/<uuid:code>/status/", views.run_status, name="run-status"),
    path(
        "coordinate/matching/runs/<uuid:code>/<str:part>.json",
        views.run_download,
        name="run-download",
    ),
    path("proposals/<uuid:code>/<str:token>/", views.proposal_answer, name="proposal-answer"),
    *views_nominations.urlpatterns,
    path("applications/<uuid:code>/wishes/", views.wishes_edit, name="wishes"),
]
