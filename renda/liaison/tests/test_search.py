"""Chinese full-text search: one selector over SQLite FTS5 or PostgreSQL GIN, with visibility."""

from __future__ import annotations

import pytest

from renda.liaison import search, selectors
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


def _fts_integrity_ok() -> None:
    """FTS5's own check that the index holds exactly the words of liaison_opinion.search_text (raises if not)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {search.FTS_TABLE}({search.FTS_TABLE}, rank) VALUES ('integrity-check', 1)")


def _insert_trigger_sql() -> str | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [search.FTS_INSERT_TRIGGER]
        )
        row = cursor.fetchone()
    return row[0] if row else None


def test_bulk_indexing_gives_the_same_index_and_keeps_the_trigger(staff_user):
    from django.db import connection, transaction

    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 only; PostgreSQL indexes a generated column")
    # given: one opinion indexed by the trigger
    before = OpinionFactory(congress=staff_user.congress, title="路灯不亮", text="幸福小区路灯坏了")
    trigger = _insert_trigger_sql()
    assert trigger is not None
    # when: three inserted inside the bulk block
    with transaction.atomic(), search.indexed_in_bulk():
        assert _insert_trigger_sql() is None  # no per-row indexing inside the block
        bulk = [
            OpinionFactory(congress=staff_user.congress, title="停车场收费", text="小区停车场收费太高"),
            OpinionFactory(congress=staff_user.congress, title="夜间施工", text="工地夜间施工噪音扰民"),
            OpinionFactory(congress=staff_user.congress, title="停车难", text="医院门口停车难"),
        ]
    # then: the trigger is back as it was, every row is searchable, and FTS5 finds the index consistent
    assert _insert_trigger_sql() == trigger
    assert set(selectors.opinion_search(viewer=staff_user, query="停车")) == {bulk[0], bulk[2]}
    assert list(selectors.opinion_search(viewer=staff_user, query="路灯")) == [before]
    _fts_integrity_ok()
    after = OpinionFactory(congress=staff_user.congress, title="垃圾清运", text="垃圾清运不及时")
    assert list(selectors.opinion_search(viewer=staff_user, query="垃圾")) == [after]


def test_bulk_indexing_that_fails_restores_the_trigger_and_indexes_nothing(staff_user):
    from django.db import connection, transaction

    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 only; PostgreSQL indexes a generated column")
    trigger = _insert_trigger_sql()
    # when: the block raises after an insert, inside the caller's transaction
    with pytest.raises(RuntimeError), transaction.atomic(), search.indexed_in_bulk():
        OpinionFactory(congress=staff_user.congress, title="停车场收费", text="小区停车场收费太高")
        raise RuntimeError("boom")
    # then: nothing stored, trigger present, index consistent
    assert _insert_trigger_sql() == trigger
    assert list(selectors.opinion_search(viewer=staff_user, query="停车")) == []
    _fts_integrity_ok()


@pytest.mark.django_db(transaction=True)
def test_bulk_indexing_outside_a_transaction_is_refused():
    from django.db import connection
    from django.db.transaction import TransactionManagementError

    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 only; PostgreSQL indexes a generated column")
    trigger = _insert_trigger_sql()
    # when / then: refused rather than commit a table without its trigger
    with pytest.raises(TransactionManagementError), search.indexed_in_bulk():
        pass
    assert _insert_trigger_sql() == trigger


def test_the_full_text_triggers_survive_every_migration():
    # migration 0008 rebuilds liaison_opinion on SQLite (a NOT NULL column), which drops its triggers
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'liaison_opinion'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"liaison_opinion_fts_ai", "liaison_opinion_fts_ad", "liaison_opinion_fts_au"}


def _opinion_column_attributes(attribute: str, columns: tuple[str, ...]) -> dict[str, object]:
    """``pg_attribute.<attribute>`` of the opinion table's ``columns``, by column (skips off PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only; SQLite's FTS5 keeps its own index, with no planner statistics")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT attname, {attribute} FROM pg_attribute "
            "WHERE attrelid = 'liaison_opinion'::regclass AND attname = ANY(%s)",
            [list(columns)],
        )
        return dict(cursor.fetchall())


def test_search_vector_statistics_target_is_one_thousand_on_postgresql():
    """Migration 0020: planning reads the column's word statistics every time; 1,000 keeps rare words'
    estimates low (GIN index chosen) at a tenth of 0002's 10,000 (issue 17, opinion search page)."""
    assert _opinion_column_attributes("attstattarget", ("search_vector",)) == {"search_vector": 1000}


def test_search_vector_is_kept_in_the_row_on_postgresql():
    """Migration 0021: ``search_vector`` has ``STORAGE MAIN`` (ranking reads it for every match; TOAST cost
    a look-up and chunks each); the text and the search text stay ``EXTENDED``, so they leave the row first."""
    columns = ("search_vector", "text", "search_text")
    assert _opinion_column_attributes("attstorage", columns) == {"search_vector": "m", "text": "x", "search_text": "x"}


def test_a_long_opinion_is_found_like_a_short_one(staff_user):
    """A vector too big for the row even compressed still goes out of line (MAIN allows that): the
    search finds a long opinion and a short one alike, on either database (migration 0021)."""
    long_body = "，".join(f"第{i}号楼门前停车位被占用问题{i * 7919 % 10007}" for i in range(600))
    long = OpinionFactory(congress=staff_user.congress, title="停车难", text=long_body)
    short = OpinionFactory(congress=staff_user.congress, title="停车", text="小区门口停车难")
    assert len(long.search_text) > 8000
    assert set(selectors.opinion_search(viewer=staff_user, query="停车")) == {long, short}


def _fts_config() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT k, v FROM {search.FTS_TABLE}_config WHERE k IN ('hashsize', 'automerge')")
        return {k: int(v) for k, v in cursor.fetchall()}


_FTS_DEFAULTS = {"hashsize": 1024 * 1024, "automerge": 4}


def _set_fts(**values: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for key, value in values.items():
            cursor.execute(f"INSERT INTO {search.FTS_TABLE}({search.FTS_TABLE}, rank) VALUES (%s, %s)", [key, value])


@pytest.mark.django_db(transaction=True)
def test_fts_bulk_settings_apply_inside_the_block_and_are_put_back(staff_user):
    from django.db import connection, transaction

    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 only; PostgreSQL indexes a generated column")
    try:
        # given: the settings as they are (FTS5's defaults unless set), then an explicit automerge of 2
        for round_, preset in enumerate(({}, {"automerge": 2})):
            _set_fts(**preset)
            before = {**_FTS_DEFAULTS, **_fts_config()}
            # when: opinions are bulk-indexed inside the block
            with search.fts_bulk_settings():
                assert _fts_config() == search.BULK_FTS_CONFIG
                with transaction.atomic(), search.indexed_in_bulk():
                    made = [
                        OpinionFactory(congress=staff_user.congress, title="停车难", text=f"医院门口停车难{round_}{i}")
                        for i in range(3)
                    ]
            # then: the settings are what they were, and the index is whole and searchable
            assert _fts_config() == before
            _fts_integrity_ok()
            assert set(made) <= set(selectors.opinion_search(viewer=staff_user, query="停车"))
    finally:
        _set_fts(**_FTS_DEFAULTS)  # the FTS5 config row outlives this test's flush


@pytest.mark.django_db(transaction=True)
def test_fts_bulk_settings_are_put_back_when_the_block_fails():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 only; PostgreSQL indexes a generated column")
    before = {**_FTS_DEFAULTS, **_fts_config()}
    # when: the block raises
    with pytest.raises(RuntimeError), search.fts_bulk_settings():
        assert _fts_config() == search.BULK_FTS_CONFIG
        raise RuntimeError("boom")
    # then: the settings are written back
    assert _fts_config() == before


def test_fts_bulk_settings_do_nothing_inside_a_transaction():
    # given: a test transaction (as in a request); when / then: the config row is not touched
    before = _fts_config() if _has_fts() else None
    with search.fts_bulk_settings():
        assert (_fts_config() if _has_fts() else None) == before


def _has_fts() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"
