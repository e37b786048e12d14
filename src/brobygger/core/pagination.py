"""Long lists shown a page at a time (Django's ``Paginator``), with one navigation partial,
``components/pagination.html``.

A page number past the end shows the last page, and one that is not a number the first
(``Paginator.get_page``): a bookmarked link to a list that shrank still shows rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

#: rows per page of the coordinators' long lists
PER_PAGE = 50


def paginate(
    request: HttpRequest, items: QuerySet[Any] | Sequence[Any], per_page: int | None = None
) -> Page[Any]:
    """The page of ``items`` that ``?page=`` asks for. A query set is counted and sliced in
    the database; it must be ordered (a total order, so that rows never repeat or go
    missing between pages)."""
    return page_of(items, request.GET.get("page"), per_page)


def page_of(
    items: QuerySet[Any] | Sequence[Any], number: Any, per_page: int | None = None
) -> Page[Any]:
    """Page ``number`` of ``items`` (``PER_PAGE`` rows a page unless ``per_page``)."""
    return Paginator(items, per_page or PER_PAGE).get_page(number)
