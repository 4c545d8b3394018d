"""Chinese full-text search: one selector over SQLite FTS5 or PostgreSQL GIN, with visibility."""

from __future__ import annotations

import pytest

from renda.liaison import selectors
from renda.liaison.tests.factories import OpinionFactory
from renda.organization.models import User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


def test_search_finds_words_inside_longer_words_and_requires_all_terms(staff_user):
    # given
    parking = OpinionFactory(congress=staff_user.congress, title="停车场收费不合理", text="小区停车场每月收费太高。")
    noise = OpinionFactory(congress=staff_user.congress, title="夜间施工噪音", text="工地夜间施工，噪音扰民。")
    # when / then: 停车 matches 停车场 (search-mode segmentation in the index)
    assert list(selectors.opinion_search(viewer=staff_user, query="停车")) == [parking]
    assert list(selectors.opinion_search(viewer=staff_user, query="施工 噪音")) == [noise]
    assert list(selectors.opinion_search(viewer=staff_user, query="停车 噪音")) == []
    assert list(selectors.opinion_search(viewer=staff_user, query="，。")) == []


def test_search_index_follows_updates_and_deletes(staff_user):
    # given
    op = OpinionFactory(congress=staff_user.congress, title="路灯", text="路灯不亮")
    # when
    op.search_text = "垃圾 清运"
    op.save()
    # then
    assert list(selectors.opinion_search(viewer=staff_user, query="垃圾")) == [op]
    assert list(selectors.opinion_search(viewer=staff_user, query="路灯")) == []
    op.delete()
    assert list(selectors.opinion_search(viewer=staff_user, query="垃圾")) == []


def test_search_respects_visibility(operator_user):
    # given: one opinion at the operator's station, one elsewhere
    mine = OpinionFactory(congress=operator_user.congress, station=operator_user.liaison_station, title="垃圾分类")
    OpinionFactory(congress=operator_user.congress, title="垃圾分类宣传")
    citizen = org.UserFactory(role=User.Role.CITIZEN)
    # when / then
    assert list(selectors.opinion_search(viewer=operator_user, query="垃圾")) == [mine]
    assert list(selectors.opinion_search(viewer=citizen, query="垃圾")) == []


def _record(congress, phone_in_text: str = "", phone: str = "13812345678"):
    from renda.liaison import services

    return services.opinion_record(
        congress=congress,
        title="路灯不亮",
        text=f"幸福小区路灯坏了，请联系我{phone_in_text}。",
        citizen_name="王小明",
        citizen_phone=phone,
        source="web",
        actor=None,
    )


@pytest.mark.parametrize("role", ["staff_user", "supervisor_user"])
def test_searching_a_phone_number_finds_nothing_for_any_role(role, request):
    # given: an opinion with a phone number inside its text, recorded through the service
    user = request.getfixturevalue(role)
    op = _record(user.congress, phone_in_text="13812345678")
    # when
    hits = list(selectors.opinion_search(viewer=user, query="13812345678"))
    words = list(selectors.opinion_search(viewer=user, query="路灯"))
    # then: the index holds the masked number only; the words still match
    assert hits == []
    assert words == [op]
    assert "13812345678" not in op.search_text


def test_staff_find_a_citizen_by_exact_phone_but_supervisors_do_not(client, staff_user, supervisor_user):
    # given
    supervisor_user.congress = staff_user.congress
    supervisor_user.save()
    op = _record(staff_user.congress, phone="13812345678")
    # when
    staff_hits = list(selectors.opinion_search(viewer=staff_user, query="", phone="13812345678"))
    other = list(selectors.opinion_search(viewer=staff_user, query="", phone="13812345679"))
    supervisor_hits = list(selectors.opinion_search(viewer=supervisor_user, query="", phone="13812345678"))
    client.force_login(supervisor_user)
    page = client.get("/liaison/search/", {"q": "13812345678", "phone": "13812345678"}).content.decode()
    # then
    assert staff_hits == [op] and other == [] and supervisor_hits == []
    assert "路灯不亮" not in page and 'data-testid="search-phone"' not in page


def test_migration_masks_numbers_already_in_the_index(staff_user):
    # given: a row indexed before the fix, with the raw phone number in its search words
    import importlib

    from django.apps import apps

    from renda.liaison import intelligence

    op = OpinionFactory(congress=staff_user.congress, title="路灯", text="路灯不亮，电话13812345678")
    op.search_text = intelligence.segment_for_index(intelligence.clean(f"{op.title}\n{op.text}"))
    op.save()
    untouched = OpinionFactory(congress=staff_user.congress, title="噪音", text="夜间施工噪音")
    before = untouched.search_text
    assert list(selectors.opinion_search(viewer=staff_user, query="13812345678")) == [op]
    migration = importlib.import_module("renda.liaison.migrations.0006_redact_search_index")
    # when
    migration.redact_index(apps, None)
    # then
    op.refresh_from_db()
    untouched.refresh_from_db()
    assert "12345" not in op.search_text.split() and "路灯" in op.search_text.split()
    assert untouched.search_text == before
    assert list(selectors.opinion_search(viewer=staff_user, query="13812345678")) == []


def test_migration_0007_reindexes_numbers_written_with_separators(staff_user):
    # given opinions indexed before redact_text knew separated, prefixed and full-width numbers
    import importlib

    from django.apps import apps

    from renda.liaison import intelligence

    ops = []
    for written in ("189 7318 7780", "138-1234-5679", "+8613812345671", "１３８１２３４５６７２"):
        op = OpinionFactory(congress=staff_user.congress, title="路灯", text=f"路灯不亮，电话{written}")
        op.search_text = intelligence.segment_for_index(intelligence.clean(f"{op.title}\n{op.text}"))
        op.save()
        ops.append(op)
    untouched = OpinionFactory(congress=staff_user.congress, title="噪音", text="夜间施工噪音")
    before = untouched.search_text
    assert list(selectors.opinion_search(viewer=staff_user, query="7318")) == [ops[0]]
    # when
    importlib.import_module("renda.liaison.migrations.0007_redact_separated_numbers").redact_index(apps, None)
    # then no middle digits are left in the index, the words are, and other rows are untouched
    for op in ops:
        op.refresh_from_db()
        assert not {"7318", "1234", "12345"} & set(op.search_text.split()) and "路灯" in op.search_text.split()
    untouched.refresh_from_db()
    assert untouched.search_text == before
    assert list(selectors.opinion_search(viewer=staff_user, query="7318")) == []
