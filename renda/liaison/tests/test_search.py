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
