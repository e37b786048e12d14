from django.urls import path

from brobygger.people import views

app_name = "people"
urlpatterns = [
    path("profile/", views.profile_edit, name="profile-edit"),
    path("profile/api-tokens/", views.api_token_create, name="api-token-create"),
    path("profile/api-tokens/<uuid:code>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("language/", views.set_language, name="set-language"),
    # her passkeys, by opaque reference (never allauth's sequential ids): config/urls.py
    path(
        "accounts/2fa/passkeys/<str:reference>/rename/",
        views.passkey_rename,
        name="passkey-rename",
    ),
    path(
        "accounts/2fa/passkeys/<str:reference>/remove/",
        views.passkey_remove,
        name="passkey-remove",
    ),
]
