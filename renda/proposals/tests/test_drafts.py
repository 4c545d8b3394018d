"""Drafts (issue 13 item 3): the author edits a draft (page and PATCH) until it is submitted; a double
submission of the drafting form makes one draft; the searchable pickers are on the drafting form."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from renda.core.exceptions import ConcurrentModification, InvalidTransition, PermissionDeniedError, RuleViolation
from renda.proposals import services
from renda.proposals.events import Action
from renda.proposals.models import Attachment, CoSigner, Proposal, ProposalEvent
from renda.proposals.tests.factories import BODY, World, world
from renda.proposals.workflow import Status

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def draft(w: World, cosign: int = 1) -> Proposal:
    return services.proposal_create(
        actor=w.deputy_users[0],
        title="关于增设路灯的建议",
        body=BODY,
        topic="城乡建设",
        cosigners=w.deputies[1 : 1 + cosign],
    )


def events_of(p: Proposal) -> int:
    return ProposalEvent.objects.filter(proposal=p).count()


# ------------------------------------------------------------------ the service


def test_author_edits_draft_fields_and_cosigners_with_a_typed_event():
    # given a draft with deputy 1 invited
    w = world()
    p = draft(w)
    # when the author changes the title, the topic and replaces deputy 1 by deputy 2
    out = services.proposal_update_draft(
        proposal=p,
        actor=w.deputy_users[0],
        expected_version=p.version,
        title="关于增设和维修路灯的建议",
        topic="交通运输",
        cosigners=[w.deputies[2]],
    )
    # then saved with the version bump, the invitation list replaced, one 修改草稿 event naming the changes
    assert (out.title, out.topic, out.version, out.status) == ("关于增设和维修路灯的建议", "交通运输", 2, Status.DRAFT)
    assert list(CoSigner.objects.filter(proposal=p).values_list("deputy_id", "status")) == [
        (w.deputies[2].pk, CoSigner.State.INVITED)
    ]
    ev = ProposalEvent.objects.filter(proposal=p).order_by("id").last()
    assert ev is not None and ev.action == Action.EDIT and ev.actor == w.deputy_users[0]
    assert "标题" in ev.note and "分类" in ev.note and "联名代表" in ev.note and "内容" not in ev.note


def test_draft_edit_on_a_stale_version_is_refused_and_changes_nothing():
    # given a draft the author already changed once (version 2)
    w = world()
    p = draft(w)
    services.proposal_update_draft(proposal=p, actor=w.deputy_users[0], expected_version=1, title="第一次修改的标题")
    before = events_of(p)
    # when a page opened at version 1 saves / then 已被他人修改, nothing written
    with pytest.raises(ConcurrentModification) as exc:
        services.proposal_update_draft(
            proposal=p, actor=w.deputy_users[0], expected_version=1, title="旧页面的标题", cosigners=[]
        )
    assert "已被他人修改" in exc.value.message
    p.refresh_from_db()
    assert p.title == "第一次修改的标题" and p.version == 2 and events_of(p) == before
    assert CoSigner.objects.filter(proposal=p).count() == 1


@pytest.mark.parametrize("who", ["cosigner", "staff", "other_deputy"])
def test_only_the_author_edits_a_draft(who):
    # given a deputy's own draft
    w = world()
    p = draft(w)
    actor = {"cosigner": w.deputy_users[1], "staff": w.staff, "other_deputy": w.deputy_users[3]}[who]
    before = events_of(p)
    # when someone else edits it / then refused, nothing written
    with pytest.raises(PermissionDeniedError):
        services.proposal_update_draft(proposal=p, actor=actor, expected_version=1, title="别人改的标题")
    p.refresh_from_db()
    assert p.title == "关于增设路灯的建议" and events_of(p) == before


def test_a_submitted_suggestion_can_no_longer_be_edited():
    w = world()
    p = draft(w, cosign=0)
    p = services.proposal_submit(proposal=p, actor=w.deputy_users[0])
    with pytest.raises(InvalidTransition):
        services.proposal_update_draft(proposal=p, actor=w.deputy_users[0], expected_version=p.version, title="改")


def test_draft_edit_checks_text_and_attachments_like_create_and_writes_nothing_on_error():
    w = world()
    p = draft(w)
    exe = SimpleUploadedFile("病毒.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(RuleViolation):
        services.proposal_update_draft(
            proposal=p, actor=w.deputy_users[0], expected_version=1, title="新标题", attachments=[exe]
        )
    with pytest.raises(RuleViolation):
        services.proposal_update_draft(proposal=p, actor=w.deputy_users[0], expected_version=1, title="  ")
    p.refresh_from_db()
    assert p.title == "关于增设路灯的建议" and p.version == 1 and not Attachment.objects.exists()


def test_staff_edit_the_paper_draft_they_entered_but_not_a_deputys():
    w = world()
    paper = services.proposal_create(actor=w.staff, title="纸质建议", body=BODY, lead_deputy=w.deputies[0])
    out = services.proposal_update_draft(proposal=paper, actor=w.staff, expected_version=1, body=BODY + "补充。")
    assert out.body.endswith("补充。")


# ------------------------------------------------------------------ pages and API


def test_edit_page_linked_from_the_draft_and_the_list_of_drafts_and_saves():
    # given the author's draft
    w = world()
    p = draft(w)
    c = client_for(w.deputy_users[0])
    # then its page and the list of my drafts link to the edit page
    edit_url = reverse("proposals:edit", args=[p.pk])
    assert edit_url in c.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    listing = c.get(reverse("proposals:list") + "?scope=mine&status=draft").content.decode()
    assert edit_url in listing and 'data-testid="my-drafts"' in listing
    page = c.get(edit_url).content.decode()
    assert "data-picker" in page and "输入代表姓名搜索" in page
    # when the author saves a new body and keeps the co-signer
    resp = c.post(
        edit_url,
        {
            "title": "关于增设路灯的建议",
            "body": BODY + "并定期检修。",
            "topic": "城乡建设",
            "cosigners": [w.deputies[1].pk],
            "version": 1,
        },
    )
    # then back on the draft, changed
    assert resp.status_code == 302 and resp.url == reverse("proposals:detail", args=[p.pk])
    p.refresh_from_db()
    assert p.body.endswith("并定期检修。") and p.version == 2


def test_edit_page_stale_version_shows_the_chinese_error():
    w = world()
    p = draft(w)
    services.proposal_update_draft(proposal=p, actor=w.deputy_users[0], expected_version=1, title="先改的标题")
    c = client_for(w.deputy_users[0])
    resp = c.post(
        reverse("proposals:edit", args=[p.pk]), {"title": "后改的", "body": BODY, "topic": "城乡建设", "version": 1}
    )
    assert resp.status_code == 200 and "已被他人修改" in resp.content.decode()
    p.refresh_from_db()
    assert p.title == "先改的标题"


def test_cosigner_opening_the_edit_page_is_sent_back_with_the_reason():
    w = world()
    p = draft(w)
    c = client_for(w.deputy_users[1])
    resp = c.get(reverse("proposals:edit", args=[p.pk]), follow=True)
    assert "只有草稿的起草人可以在提交前修改" in resp.content.decode()
    assert (
        reverse("proposals:edit", args=[p.pk]) not in c.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    )


def test_api_patch_edits_a_draft_author_only_with_version_check():
    w = world()
    p = draft(w)
    url = f"/api/proposals/proposals/{p.pk}/"
    author = client_for(w.deputy_users[0])
    # the author changes the title
    r = author.patch(url, {"version": 1, "title": "API修改的标题"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["title"] == "API修改的标题" and r.json()["version"] == 2
    # a stale version is 409
    r = author.patch(url, {"version": 1, "title": "旧"}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "concurrent_modification"
    # the co-signer (who may read it) is refused
    r = client_for(w.deputy_users[1]).patch(url, {"version": 2, "title": "联名人改"}, content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    # a bad title is a code, not a 500
    r = author.patch(url, {"version": 2, "title": " "}, content_type="application/json")
    assert r.status_code == 400
    p.refresh_from_db()
    assert p.title == "API修改的标题"


# ------------------------------------------------------------------ double submission


def test_double_submitting_the_drafting_form_makes_one_draft():
    # given the drafting form as the deputy's browser received it (with its one-time token)
    w = world()
    c = client_for(w.deputy_users[0])
    page = c.get(reverse("proposals:new")).content.decode()
    assert 'name="create_token"' in page
    token = page.split('name="create_token" value="')[1].split('"')[0]
    data = {
        "kind": "suggestion",
        "title": "关于增设路灯的建议",
        "body": BODY,
        "topic": "城乡建设",
        "create_token": token,
    }
    # when 保存草稿 is clicked twice
    first = c.post(reverse("proposals:new"), data)
    second = c.post(reverse("proposals:new"), data)
    # then one draft, and both answers lead to it
    assert Proposal.objects.count() == 1
    assert first.url == second.url == reverse("proposals:detail", args=[Proposal.objects.get().pk])


def test_create_token_is_per_author_and_a_new_form_makes_a_new_draft():
    w = world()
    a = services.proposal_create(actor=w.deputy_users[0], title="甲", body=BODY, create_token="t1")
    again = services.proposal_create(actor=w.deputy_users[0], title="甲", body=BODY, create_token="t1")
    other_form = services.proposal_create(actor=w.deputy_users[0], title="甲", body=BODY, create_token="t2")
    other_author = services.proposal_create(actor=w.deputy_users[1], title="乙", body=BODY, create_token="t1")
    assert again.pk == a.pk and len({a.pk, other_form.pk, other_author.pk}) == 3


# ------------------------------------------------------------------ pickers


def test_pickers_are_plain_selects_marked_for_enhancement_and_assets_served_locally():
    w = world()
    page = client_for(w.deputy_users[0]).get(reverse("proposals:new")).content.decode()
    # the co-signer list and the topic are ordinary <select>s (work without JavaScript) marked data-picker
    assert '<select name="cosigners"' in page and 'data-placeholder="输入代表姓名搜索"' in page
    assert '<select name="topic"' in page and 'data-placeholder="输入分类搜索"' in page
    # tom-select and the picker script come from the app's own static files, never another host
    assert "/static/vendor/tom-select/tom-select.complete.min.js" in page and "/static/renda/picker.js" in page
    assert finders.find("renda/picker.js")
    staff_page = client_for(w.staff).get(reverse("proposals:assign-bulk")).content.decode()
    assert '<select name="leads"' in staff_page and 'data-placeholder="输入单位名称搜索"' in staff_page


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_of_one_form_make_one_draft_on_postgresql():
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises writers)")
    # given one drafting form (one token) sent twice at the same moment
    w = world()
    made: list[int] = []
    barrier = threading.Barrier(2)

    def create() -> None:
        from django.db import connection as conn

        try:
            barrier.wait()
            p = services.proposal_create(actor=w.deputy_users[0], title="甲", body=BODY, create_token="same-form")
            made.append(p.pk)
        finally:
            conn.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then both answers name the same single draft (the database constraint decides the race)
    assert len(made) == 2 and len(set(made)) == 1 and Proposal.objects.count() == 1
