"""Issue 17 (pages at provincial scale): the suggestions list's queries stay cheap as data grows.

The deputy's visibility is one id list from three indexed look-ups (no EXISTS per proposal), and the
list's default order comes from the index ``proposal_congress_serial_idx`` (migration
0008_list_order_indexes) instead of a sort of every proposal of the congress.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from renda.organization.models import User
from renda.proposals import selectors
from renda.proposals.models import Assignment, CoSigner, Proposal, Reply, ReplyRecipient
from renda.proposals.tests import factories as pf
from renda.proposals.tests.factories import at

pytestmark = pytest.mark.django_db


def _proposal(w: pf.World, serial: int, lead: int) -> Proposal:
    return Proposal.objects.create(
        congress=w.session.term.congress,
        kind="suggestion",
        status="assigned",
        number=f"规模{serial}",
        serial=serial,
        title=f"建议{serial}",
        body=pf.BODY,
        lead_deputy=w.deputies[lead],
        submitted_at=at(2026, 3, 1),
    )


def test_deputy_sees_led_cosigned_and_answered_proposals_without_a_subquery_per_row():
    w = pf.world(n_deputies=3, n_units=1)
    led, cosigned, answered, other = (_proposal(w, i, lead=1 if i else 0) for i in range(4))
    me: User = w.deputy_users[0]
    CoSigner.objects.create(proposal=cosigned, deputy=w.deputies[0], status="confirmed")
    a = Assignment.objects.create(
        proposal=answered, unit=w.units[0], role="lead", status="replied", assigned_on=date(2026, 4, 1),
        assigned_by=w.staff, due_date=date(2026, 7, 1), due_rule="S3",
    )  # fmt: skip
    reply = Reply.objects.create(
        assignment=a, round=1, text="答复", reply_class="A", signer_name="张", signer_title="局长",
        replied_on=date(2026, 5, 1), evaluation_due=date(2026, 5, 22), publish_on=date(2026, 6, 1),
    )  # fmt: skip
    ReplyRecipient.objects.create(reply=reply, proposal=answered, deputy=w.deputies[0], delivered_at=at(2026, 5, 1))
    qs = selectors.visible_proposals(me)
    assert set(qs.values_list("pk", flat=True)) == {led.pk, cosigned.pk, answered.pk}
    assert other.pk not in set(qs.values_list("pk", flat=True))
    # a correlated EXISTS per proposal took 0.6 s over 100,000 proposals (bench/pages.py)
    assert "EXISTS" not in str(qs.query).upper()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_suggestion_list_first_page_comes_in_index_order_without_sorting():
    w = pf.world(n_deputies=2, n_units=1)
    for i in range(40):
        _proposal(w, 40 - i, lead=i % 2)
    qs = selectors.proposal_list(viewer=w.staff)[:30]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_sort = off")
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "proposal_congress_serial_idx" in plan, plan
    assert "Sort" not in plan, plan
    assert [p.serial for p in qs][:3] == [1, 2, 3]
