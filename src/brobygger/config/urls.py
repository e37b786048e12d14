from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from brobygger.people import views as people_views

admin.site.site_header = _("Brobygger administration")
admin.site.site_title = _("Brobygger")
admin.site.index_title = _("Network administration")
# The site (core/admin_site.py) is for network admins only; signing in to it goes through
# allauth's sign-in page.

urlpatterns = [
    path("", include("brobygger.core.urls")),
    path("", include("brobygger.programs.urls")),
    path("", include("brobygger.people.urls")),
    path("", include("brobygger.applications.urls")),
    path("", include("brobygger.pairs.urls")),
    path("", include("brobygger.gatherings.urls")),
    path("", include("brobygger.matching.urls")),
    path("", include("brobygger.privacy.urls")),
    path("", include("brobygger.surveys.urls")),
    path("", include("brobygger.coordination.urls")),
    path("", include("brobygger.company.urls")),
    path("api/", include("brobygger.api.urls")),
    # Before allauth's own: the two-factor overview and the passkey list show her passkeys by
    # opaque reference (people/urls.py renames and removes them); allauth's passkey pages
    # that carry a row's sequential id (keys/<pk>/edit/, keys/<pk>/remove/) answer 404.
    path("accounts/2fa/", people_views.two_factor, name="mfa_index"),
    path("accounts/2fa/webauthn/", people_views.passkey_list, name="mfa_list_webauthn"),
    re_path(r"^accounts/2fa/webauthn/keys/", people_views.not_found),
    path(
        "accounts/2fa/webauthn/reauthenticate/",
        people_views.passkey_confirm,
        name="mfa_reauthenticate_webauthn",
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
