"""Demo history: the 16th congress's 2nd session (the year before the demo's 3rd), the one whose
suggestions, bills and livelihood vote the work report of that year counts (issue 16).

The organisation demo makes only the 3rd session; this loader adds the 2nd through the staff's own
service (:func:`renda.organization.structure.session_save`) with dates clear of the year's Standing
Committee and Council of Chairpersons meetings (G4: the Standing Committee reads no regulation while
the congress sits). The apps' history loaders (``renda.proposals.demo_history``,
``renda.livelihood.demo_history``) put their records in it. Idempotent: an existing 2nd session is
returned as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import transaction

from renda.meetings.demo import demo_context
from renda.organization.demo import SHANGHAI
from renda.organization.models import Session
from renda.organization.structure import SessionData, session_save

#: The 2nd session of the demo term: (opening, closing) month and day of the year before the 3rd session,
#: and the bills' cutoff (B6) on the fourth day at noon.
OPENING, CLOSING, CUTOFF = (3, 10), (3, 14), (3, 13)


def second_session() -> Session:
    """The demo term's 2nd session (第十六届人民代表大会第二次会议), made once through ``session_save``.

    Returns:
        The session, opened on 10 March and closed on 14 March of the year before the 3rd session.
    Raises:
        Congress.DoesNotExist / Session.DoesNotExist: the organisation demo is not loaded.
    """
    _congress, term, third, staff = demo_context()
    existing = Session.objects.filter(term=term, ordinal=2).first()
    if existing is not None:
        return existing
    year = third.opening_date.year - 1
    return session_save(
        actor=staff,
        term=term,
        session=None,
        data=SessionData(
            ordinal=2,
            opening_date=date(year, *OPENING),
            closing_date=date(year, *CLOSING),
            submission_cutoff=datetime.combine(date(year, *CUTOFF), time(12, 0), tzinfo=SHANGHAI),
        ),
    )


@transaction.atomic
def load(*, stdout: Any = None) -> Session:
    """Make the 2nd session (idempotent); returns it. ``stdout``: optional writable for one line."""
    session = second_session()
    if stdout is not None:
        stdout.write(f"meetings history: {session} ({session.opening_date:%Y-%m-%d}—{session.closing_date:%Y-%m-%d})")
    return session
