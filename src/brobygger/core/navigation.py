"""The site's navigation: one registry every app plugs into, one context processor, one
partial for the breadcrumbs.

An app registers its main-menu entries in ``<app>/navigation.py`` (imported when Django
starts, like ``scheduled.py``)::

    from brobygger.core.navigation import MenuEntry, register, signed_in

    register(
        MenuEntry(
            order=50,
            label=_("My profile"),
            url_name="people:profile-edit",
            visible=signed_in,
        )
    )

- ``visible(request)`` says who sees the entry (a role: signed in, in a pair, coordinating,
  a company contact). Entries sharing one predicate object ask it once per page.
- ``active`` lists the view names that mark the entry as the current page
  (``aria-current="page"``): ``"people:profile-edit"``, or ``"pairs:*"`` for a whole
  namespace. By default, the entry's own ``url_name``.

The context processor (``navigation``) gives every template ``nav``: the entries the
request's user sees, in ``order``, each with ``label``, ``url`` and ``active``. It is built
when a template first reads it (pages without the header ask no query for it).

Sub-menus are the same entries under another ``menu`` name: the programme year's pages
(``menu="programme_year"``, ``takes_code=True``: the URL takes the programme year's code)
and the coordinators' companies and people pages (``menu="companies"``), rendered by
``{% submenu "programme_year" label cohort.code %}`` (``components/subnav.html``).
``active`` patterns may end in ``*`` (``"gatherings:coordinate-*"``).

Breadcrumbs are one partial, ``components/breadcrumbs.html``, rendered from a list of
:class:`Crumb` (label, url; the last one, without url, is the current page) by the
``{% breadcrumbs %}`` tags of ``core/templatetags/navigation.py``.

Core knows no other app: the entries, their URL names and predicates are opaque to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.urls import ResolverMatch
    from django.utils.functional import Promise


Predicate = Callable[["HttpRequest"], bool]


def everyone(request: HttpRequest) -> bool:
    return True


def signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def superuser(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_superuser)


@dataclass(frozen=True)
class MenuEntry:
    order: int
    label: str | Promise
    url_name: str
    visible: Predicate = everyone
    active: Sequence[str] = field(default_factory=tuple)  # default: (url_name,)
    menu: str = "main"
    takes_code: bool = False  # the URL takes the code of the page's object (a programme year)

    def is_active(self, match: ResolverMatch | None) -> bool:
        if match is None:
            return False
        return any(
            fnmatchcase(match.view_name, pattern) for pattern in self.active or (self.url_name,)
        )


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""  # "" for the current page


_entries: dict[tuple[str, str], MenuEntry] = {}


def register(entry: MenuEntry) -> MenuEntry:
    _entries[(entry.menu, entry.url_name)] = entry
    return entry


def entries(menu: str = "main") -> list[MenuEntry]:
    return sorted((e for e in _entries.values() if e.menu == menu), key=lambda e: e.order)


def menu_items(request: HttpRequest, menu: str = "main", code: Any = None) -> list[NavItem]:
    """The entries of ``menu`` that ``request``'s user sees, in order; each predicate asked
    once. ``code``: the object of the page, for the entries whose URL takes it."""
    asked: dict[Predicate, bool] = {}
    match = getattr(request, "resolver_match", None)
    items = []
    for entry in entries(menu):
        if entry.visible not in asked:
            asked[entry.visible] = entry.visible(request)
        if asked[entry.visible]:
            url = reverse(entry.url_name, args=[code] if entry.takes_code else [])
            items.append(NavItem(str(entry.label), url, entry.is_active(match)))
    return items


def main_menu(request: HttpRequest) -> list[NavItem]:
    return menu_items(request, "main")


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the main menu as ``nav``, built when a template reads it."""
    return {"nav": SimpleLazyObject(lambda: main_menu(request))}


# The network admin's way into Django's admin (whose pages have their own header).
register(
    MenuEntry(
        order=90, label=gettext_lazy("Administration"), url_name="admin:index", visible=superuser
    )
)
