"""Pagination without a total (issue 17 item 3: pages at provincial scale).

Django's ``Paginator`` counts every row of the list (``COUNT(*)``) to number the pages. For a list
read in index order the page itself costs a few rows, but the count scans them all: 99,000
published replies of 20 congresses took 185 ms to count against under 2 ms for the page. A
:class:`CountlessPage` fetches one row more than it shows to know whether a next page exists, and
the shared ``core/pagination.html`` then shows "第 n 页" with its previous and next links (the same
``?page=`` links as a counted page) instead of "第 n / total 页". Both read a page's rows with a
deferred join (:func:`deferred_slice`), as does :class:`DeferredJoinPaginator` for counted lists.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param

from renda.core.numbers import parse_id

RowsOf = Callable[[QuerySet[Any]], Any]
"""Builds a page's rows from the sub-select of its ids (:func:`deferred_slice`)."""

MAX_PAGE = 1_000_000
"""Page numbers above this are read as this one (an empty page: keeps ``OFFSET`` within bigint)."""


class CountlessPage(Sequence[Any]):
    """One page of ``object_list`` (a queryset or a list, already ordered) without counting it.

    ``number`` is the page asked for (a query-string value: anything that is not a positive
    integer is page 1, and numbers above :data:`MAX_PAGE` are :data:`MAX_PAGE`); ``per_page`` rows are shown; one more is read to set
    ``has_next``. A page past the end is empty, with a link back to the previous page. Quacks like
    ``django.core.paginator.Page`` for ``core/pagination.html`` (``page.paginator`` is the page
    itself; ``num_pages`` is ``None``: unknown). One query, whatever the list's length. ``rows``: see
    :func:`deferred_slice`.
    """

    countless = True
    num_pages = None

    def __init__(self, object_list: Any, per_page: int, number: Any, rows: RowsOf | None = None) -> None:
        self.number = min(parse_id(number) or 1, MAX_PAGE)
        self.per_page = per_page
        start = (self.number - 1) * per_page
        found = list(deferred_slice(object_list, start, start + per_page + 1, rows=rows))
        self.object_list = found[:per_page]
        self._has_next = len(found) > per_page

    @property
    def paginator(self) -> CountlessPage:
        """The page itself (templates read ``page.paginator.num_pages``: ``None``, unknown)."""
        return self

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, i: Any) -> Any:
        return self.object_list[i]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def has_next(self) -> bool:
        """Whether a row exists after this page."""
        return self._has_next

    def has_previous(self) -> bool:
        """Whether this is not the first page."""
        return self.number > 1

    def has_other_pages(self) -> bool:
        """Whether there is a previous or a next page (the pagination bar is shown)."""
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        """The next page's number (only meaningful when :meth:`has_next`)."""
        return self.number + 1

    def previous_page_number(self) -> int:
        """The previous page's number (only meaningful when :meth:`has_previous`)."""
        return self.number - 1


def countless_page(
    object_list: Sequence[Any] | Any, per_page: int, number: Any, rows: RowsOf | None = None
) -> CountlessPage:
    """Page ``number`` (query-string value) of ``object_list``, ``per_page`` rows, no ``COUNT``
    (``rows``: see :func:`deferred_slice`)."""
    return CountlessPage(object_list, per_page, number, rows=rows)


def deferred_slice(object_list: Any, start: int, stop: int, rows: RowsOf | None = None) -> Any:
    """Rows ``start:stop`` of ``object_list``; for a queryset, a **deferred join**: the page's ids are
    chosen by a sub-select (``pk IN (SELECT id … ORDER BY … LIMIT … OFFSET …)``) that PostgreSQL can
    answer from a covering index without reading the skipped rows, then only those rows are fetched
    with their joins, in the queryset's order. Same rows as ``object_list[start:stop]``, one query.

    ``rows``, when given, builds the fetched rows from that sub-select instead of ``object_list``
    itself (e.g. ``Model.objects.filter(pk__in=ids).order_by(<same order>).values(<columns>)``): the
    outer query then carries only the joins of the shown columns, not the list's filters and their
    joins a second time (planning time). It must keep ``object_list``'s order.
    """
    if not isinstance(object_list, QuerySet) or object_list.query.combinator or object_list.query.distinct:
        return object_list[start:stop]
    ids = object_list.values("pk")[start:stop]
    return rows(ids) if rows is not None else _rows_of(object_list, ids)


def _rows_of(object_list: QuerySet[Any], ids: QuerySet[Any]) -> QuerySet[Any]:
    """The rows of ``object_list`` whose pk is in ``ids``, in its order, with its ``select_related``,
    ``prefetch_related`` and deferred fields — but without its filters: ``ids`` was chosen under them,
    and repeating them (and their joins) in the outer query made PostgreSQL plan a scan of every row
    they match instead of 30 primary-key look-ups (issue 17). A queryset with annotations, ``extra``
    or ``values()`` rows keeps its filters (its rows may depend on them)."""
    query = object_list.query
    if (
        query.annotations
        or query.extra
        or query.extra_order_by
        or object_list._fields is not None  # type: ignore[attr-defined]
        or object_list._iterable_class is not ModelIterable  # type: ignore[attr-defined]
    ):
        return object_list.filter(pk__in=ids)
    out = object_list.model._base_manager.using(object_list.db).filter(pk__in=ids)
    out.query.select_related = copy.deepcopy(query.select_related)
    out.query.deferred_loading = (frozenset(query.deferred_loading[0]), query.deferred_loading[1])
    out.query.default_ordering = query.default_ordering
    out._prefetch_related_lookups = object_list._prefetch_related_lookups  # type: ignore[attr-defined]
    return out.order_by(*query.order_by) if query.order_by else out


class DeferredJoinPaginator(Paginator):
    """Django's ``Paginator`` (same count, numbers and pages) whose pages are read with
    :func:`deferred_slice`: a deep page (``?page=100``: ``OFFSET 2970``) no longer builds the joined
    rows of every skipped row (15 → 5 ms at 5,000 suggestions a congress). One query per page."""

    def page(self, number: Any) -> Page:
        """Page ``number`` (validated as Django does: ``InvalidPage`` for a bad one)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(deferred_slice(self.object_list, bottom, top), number, self)


class CountlessPagination(BasePagination):
    """DRF pagination without a total: ``{"next", "previous", "results"}`` (no ``count``), pages by
    ``?page=n`` as ``PageNumberPagination`` but read with :class:`CountlessPage` (one query, no
    ``COUNT``; issue 17 item 3). A page number that is not a positive integer is page 1, a page past
    the end is empty (no 404). ``page_size`` is ``REST_FRAMEWORK["PAGE_SIZE"]``.

    A list whose rows are chosen by a selector that already pages (``CountlessPage``) can hand it to
    :meth:`paginate_page` instead of a queryset.
    """

    page_query_param = "page"

    def __init__(self) -> None:
        self.page_size: int = api_settings.PAGE_SIZE or 50
        self.page: CountlessPage | None = None
        self.request: Any = None

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any]:
        """The rows of the requested page of ``queryset`` (already ordered)."""
        return self.paginate_page(CountlessPage(queryset, self.page_size, self.page_number(request)), request)

    def page_number(self, request: Any) -> Any:
        """The raw ``?page=`` value of ``request`` (``None`` when absent)."""
        return request.query_params.get(self.page_query_param)

    def paginate_page(self, page: CountlessPage, request: Any) -> list[Any]:
        """Keep ``page`` (made by a selector) for the links; its rows."""
        self.page, self.request = page, request
        return list(page)

    def _link(self, number: int | None) -> str | None:
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data: Any) -> Response:
        """``{"next": url | null, "previous": url | null, "results": data}``."""
        assert self.page is not None
        nxt = self.page.next_page_number() if self.page.has_next() else None
        prev = self.page.previous_page_number() if self.page.has_previous() else None
        return Response({"next": self._link(nxt), "previous": self._link(prev), "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        """The OpenAPI schema of :meth:`get_paginated_response` (no ``count``)."""
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The ``page`` query parameter."""
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1 (pages carry no total count).",
                "schema": {"type": "integer"},
            }
        ]
