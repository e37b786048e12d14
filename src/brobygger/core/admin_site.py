"""The administration's site: for network admins only, every change audited.

``INSTALLED_APPS`` names :class:`NetworkAdminConfig` instead of ``django.contrib.admin``, so
``admin.site`` is a :class:`NetworkAdminSite`:

- only an active network admin (superuser) reaches it; anyone else who is signed in (a
  coordinator, a company contact, a participant, an old staff account) gets 404 on every
  admin page, and an anonymous visitor is sent to the sign-in page;
- every model admin registered on it, the libraries' too, writes each addition, change
  and deletion (including the delete action) to the activity log (``core.admin.AuditedAdmin``).

Imports nothing from the apps at load time: Django reads this module while it fills the
app registry.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class NetworkAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    def _refuse_others(self, request: HttpRequest) -> None:
        """Signed in but not a network admin: the administration does not exist for her."""
        if request.user.is_authenticated and not self.has_permission(request):
            raise Http404(_("No such page."))

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            self._refuse_others(request)
            return inner(request, *args, **kwargs)  # type: ignore[no-any-return]

        return guarded

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Signing in to the admin goes through allauth's sign-in page (two-factor codes,
        rate limits, sign-in by emailed code); a signed-in person who is no network admin
        gets 404 there too."""
        from allauth.account.decorators import secure_admin_login

        self._refuse_others(request)
        view = secure_admin_login(super().login)
        return view(request, extra_context)  # type: ignore[no-any-return]

    def register(
        self, model_or_iterable: Any, admin_class: type[ModelAdmin] | None = None, **options: Any
    ) -> None:
        from brobygger.core.admin import audited

        super().register(model_or_iterable, audited(admin_class or ModelAdmin), **options)


class NetworkAdminConfig(AdminConfig):
    default_site = "brobygger.core.admin_site.NetworkAdminSite"
