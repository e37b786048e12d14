from django.urls import path

from brobygger.privacy import views

app_name = "privacy"
urlpatterns = [
    path("account/privacy/", views.overview, name="overview"),
    path("account/privacy/export/", views.export_request, name="export-request"),
    path(
        "account/privacy/export/<uuid:code>/<str:token>/",
        views.export_download,
        name="export-download",
    ),
    path(
        "account/privacy/consents/<slug:purpose>/withdraw/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
    path("account/privacy/delete/", views.account_delete, name="account-delete"),
]
