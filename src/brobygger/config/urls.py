from typing import Any

from django.contrib import admin
from django.urls import URLResolver, include, path, re_path
from django.urls.resolvers import RoutePattern
from django.utils.translation import gettext_lazy as _

from brobygger.people import views as people_views

admin.site.site_header = _("Brobygger administration")
admin.site.site_title = _("Brobygger")
admin.site.index_title = _("Network administration")
# The site (core/admin_site.py) is for network admins only; signing in to it goes through
# allauth's sign-in page.


class LazyURLResolver(URLResolver):
    """An include whose module is imported on the first request under its prefix or the first
    reverse() of a name in its namespace, not when the URLconf loads.

    The REST API (Django Ninja, pydantic and the schemas) is half a second of every web
    worker's first request, for requests that are mostly not to the API. Django's root
    resolver populates every sub-resolver on the first reverse() of any name; a namespaced
    one is only read through its own dictionaries below, so populating waits for them.
    System checks walk ``url_patterns`` and so still import and check it.
    """

    def _populate(self) -> None:
        if "url_patterns" in self.__dict__:  # imported already (a cached_property)
            super()._populate()

    @property
    def reverse_dict(self) -> Any:
        self.url_patterns  # noqa: B018  # imports the module
        return super().reverse_dict

    @property
    def namespace_dict(self) -> Any:
        self.url_patterns  # noqa: B018
        return super().namespace_dict

    @property
    def app_dict(self) -> Any:
        self.url_patterns  # noqa: B018
        return super().app_dict


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
    LazyURLResolver(
        RoutePattern("api/v1/", is_endpoint=False),
        "brobygger.api.urls",
        app_name="ninja",  # Django Ninja's app name; the namespace is the API's own
        namespace="api",
    ),
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
