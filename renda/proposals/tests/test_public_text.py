"""S21 (publication of replies): the masked public copies of a suggestion's title and body and of a
reply's text are written with the texts (issue 17 item 3: masked once, not on every request).

Every write of those texts goes through ``Proposal.save`` / ``Reply.save`` or, for bulk loaders,
``publication.fill_public``; a row written without its copies is refused by the database.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from renda.proposals import services
from renda.proposals.models import Proposal, Reply
from renda.proposals.publication import fill_public, mask
from renda.proposals.tests import factories as pf

pytestmark = pytest.mark.django_db

TITLE = "关于黄谷路368号门前积水的建议（联系人13912345678）"
BODY = "居民张某（身份证110101199003074518）反映：XX路12号3栋2单元501室楼下积水，电话0352-1234567。"
REPLY = "经查，XX路12号3栋2单元501室门前积水已排除，如有问题请拨打138-1234-5678。"


def _stored(p: Proposal) -> tuple[str, str, str, str]:
    return Proposal.objects.values_list("title", "public_title", "body", "public_body").get(pk=p.pk)


def test_s21_public_copies_follow_every_service_that_writes_the_texts():
    w = pf.world(n_deputies=2, n_units=1)
    # when a deputy drafts a suggestion naming a phone, an ID number and home addresses
    p = services.proposal_create(actor=w.deputy_users[0], title=TITLE, body=BODY, topic="交通运输")
    # then its public copies are the masking of what was stored, and they do mask something
    title, public_title, body, public_body = _stored(p)
    assert (public_title, public_body) == (mask(title), mask(body))
    assert "13912345678" not in public_title and "110101199003074518" not in public_body
    assert "黄谷路***号" in public_title and "139****5678" in public_title
    # when the draft's title, then its body, are edited: each copy follows its text, the other stays
    p = services.proposal_update_draft(
        proposal=p, actor=w.deputy_users[0], expected_version=p.version, title="关于庙山巷10号路灯的建议"
    )
    title, public_title, body, public_body = _stored(p)
    assert public_title == mask(title) == "关于庙山巷**号路灯的建议" and public_body == mask(BODY)
    p = services.proposal_update_draft(proposal=p, actor=w.deputy_users[0], expected_version=p.version, body=REPLY)
    title, public_title, body, public_body = _stored(p)
    assert (public_title, public_body) == (mask(title), mask(REPLY)) and body == REPLY
    # when a unit replies (through submit, register, assign, receive, consult: status saves leave them right)
    _, a = pf.received(w)
    r = pf.submit_reply(w, a, text=REPLY)
    text, public_text = Reply.objects.values_list("text", "public_text").get(pk=r.pk)
    assert public_text == mask(text) and "138-****-5678" in public_text and "501室" not in public_text
    # and every copy of every row is current
    assert pf.stale_public_copies() == []


def test_s21_save_with_update_fields_recomputes_the_named_texts_only():
    w = pf.world(n_deputies=2, n_units=1)
    p = services.proposal_create(actor=w.deputy_users[0], title="关于路灯的建议", body=pf.BODY)
    # given an unsaved change of the body, a save naming only the title
    p.title, p.body = TITLE, BODY
    p.save(update_fields=["title"])
    # then the title and its copy are written, the body and its copy are not
    assert _stored(p) == (TITLE, mask(TITLE), pf.BODY, mask(pf.BODY))


def test_s21_a_bulk_write_without_the_public_copies_is_refused():
    w = pf.world(n_deputies=1, n_units=1)
    congress = w.session.term.congress

    def new() -> Proposal:
        return Proposal(congress=congress, status="draft", title=TITLE, body=BODY, lead_deputy=w.deputies[0])

    # a bulk_create skips save(): without fill_public the database refuses the row
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.bulk_create([new()])
    # with it, the row is written with its masked copies
    p = new()
    fill_public(p)
    Proposal.objects.bulk_create([p])
    assert Proposal.objects.filter(public_title=mask(TITLE), public_body=mask(BODY)).count() == 1


def test_s21_public_search_reads_the_published_text_not_the_personal_details():
    # given a published reply naming a phone number (public from 2026-06-30)
    from django.test import Client
    from django.urls import reverse

    w = pf.world(n_deputies=2, n_units=1)
    _, a = pf.received(w)
    pf.submit_reply(w, a, when=pf.at(2026, 6, 1), text="请联系13912345678。")

    def found(q: str) -> tuple[int, int]:
        page = Client().get(reverse("proposals:public"), {"q": q}).context["rows"]
        api = Client().get("/api/proposals/public-replies/", {"q": q}).json()["results"]
        return len(page), len(api)

    # then words of the published text find it, on the page and in the API
    assert found("请联系139") == (1, 1)
    # and the whole number (masked on the page) finds nothing: no way to confirm whose number it is
    assert found("13912345678") == (0, 0)
