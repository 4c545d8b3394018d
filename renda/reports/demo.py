"""Demo trainings of the report year (term.start_year + 1): the 110 first-term deputies trained in three
batches ("分批组织初任代表110人参加履职能力培训"), recorded through ``training.training_record``.
Idempotent: nothing is loaded twice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from renda.meetings.demo import demo_context
from renda.organization.models import Deputy
from renda.reports import training
from renda.reports.models import Training

#: (month, day, how many first-term deputies) of each batch; 40 + 40 + 30 = 110.
BATCHES = [(3, 14, 40), (4, 18, 40), (5, 16, 30)]


@transaction.atomic
def load(*, stdout: Any = None) -> int:
    """Load the trainings (idempotent); returns how many deputies were trained."""
    congress, term, _session, staff = demo_context()
    year = term.start_year + 1
    if not Training.objects.filter(congress=congress, held_on__year=year).exists():
        first = list(Deputy.objects.filter(term=term, is_first_term=True).order_by("code"))
        taken = 0
        for n, (month, day, size) in enumerate(BATCHES, start=1):
            training.training_record(
                congress=congress,
                title=f"初任代表履职能力培训（第{n}期）",
                held_on=date(year, month, day),
                deputies=first[taken : taken + size],
                actor=staff,
            )
            taken += size
    trained = training.deputies_trained(congress_id=congress.pk, start=date(year, 1, 1), end=date(year, 12, 31))
    if stdout is not None:
        stdout.write(f"reports demo: {trained.count()} deputies trained in {year}")
    return trained.count()
