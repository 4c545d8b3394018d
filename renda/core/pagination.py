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

from collections.abc import Iterator, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from renda.core.numbers import parse_id

MAX_PAGE = 1_000_000
"""Page numbers above this are read as this one (an empty page: keeps ``OFFSET`` within bigint)."""


class CountlessPage(Sequence[Any]):
    """One page of ``object_list`` (a queryset or a list, already ordered) without counting it.

    ``number`` is the page asked for (a query-string value: anything that is not a positive
    integer is page 1, and numbers above :data:`MAX_PAGE` are :data:`MAX_PAGE`); ``per_page`` rows are shown; one more is read to set
    ``has_next``. A page past the end is empty, with a link back to the previous page. Quacks like
    ``django.core.paginator.Page`` for ``core/pagination.html`` (``page.paginator`` is the page
    itself; ``num_pages`` is ``None``: unknown). One query, whatever the list's length.
    """

    countless = True
    num_pages = None

    def __init__(self, object_list: Any, per_page: int, number: Any) -> None:
        self.number = min(parse_id(number) or 1, MAX_PAGE)
        self.per_page = per_page
        start = (self.number - 1) * per_page
        rows = list(deferred_slice(object_list, start, start + per_page + 1))
        self.object_list = rows[:per_page]
        self._has_next = len(rows) > per_page

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


def countless_page(object_list: Sequence[Any] | Any, per_page: int, number: Any) -> CountlessPage:
    """Page ``number`` (query-string value) of ``object_list``, ``per_page`` rows, no ``COUNT``."""
    return CountlessPage(object_list, per_page, number)


def deferred_slice(object_list: Any, start: int, stop: int) -> Any:
    """Rows ``start:stop`` of ``object_list``; for a queryset, a **deferred join**: the page's ids are
    chosen by a sub-select (``pk IN (SELECT id … ORDER BY … LIMIT … OFFSET …)``) that PostgreSQL can
    answer from a covering index without reading the skipped rows, then only those rows are fetched
    with their joins, in the queryset's order. Same rows as ``object_list[start:stop]``, one query.
    """
    if not isinstance(object_list, QuerySet) or object_list.query.combinator or object_list.query.distinct:
        return object_list[start:stop]
    ids = object_list.values("pk")[start:stop]
    return object_list.filter(pk__in=ids)


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
