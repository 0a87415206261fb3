"""Queries of three or more initial consonants (ㄱㅂㅊㄱ) take their own path (search._initials): three letters are
one trigram's postings, unchecked; longer ones, on PostgreSQL, check only the stores posted under both of their
two rarest trigrams, and read the page with its rows in one statement. Every result must still be exactly the
brute-force one, on names built to have every trigram of a query without the query itself."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import event, select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stores.search import _PAGED, StoreQuery, brute_force_ids, matching, search
from alleyweb.stores.services import save_district, save_store, save_stores
from alleyweb.stores.text import choseong_key, normalise
from tests.test_stores_search import all_result_ids

# Every trigram of ㄱㅂㅊㄱ without ㄱㅂㅊㄱ (김밥천 밥천국: ㄱㅂㅊㅂㅊㄱ; 밥천국 김밥천: ㅂㅊㄱㄱㅂㅊ), the query
# itself, with a typed consonant in the name (ㄱ바천국), repeated letters (ㅋㅋㅋㅋ), digits and signs among
# the initials.
NEAR_MISSES = ["김밥천 밥천국", "고봉창 방천교", "밥천국 김밥천", "ㅋㅋㅋ분식", "다라마바 가나", "크크크 크크"]
MATCHES = ["김밥천국", "김밥 천국 양동점", "ㄱ바천국", "국밥천 국밥", "고봉천가 본점", "가방천국가방",
           "ㅋㅋㅋㅋ", "큭큭큭큭", "김*밥 특가", "ㄱ*밥", "2호점 식당", "서울 2호점", "금호 먹자골목",
           "가나다라마바사", "서양마을 식당", "수영마트", "삼양마트 서창점"]
CONSONANT_SYLLABLES = "김밥천국가방고봉크큭서양마을수영삼창다라나사바"


@pytest.fixture()
def initial_stores(app, clean_db):
    with app.app_context():
        dongs = db.session.scalars(select(Dong).order_by(Dong.id)).all()
        district = save_district("서양마을", dongs[2].id, "alley")  # ㅅㅇㅁㅇ: its stores match ㅅㅇㅁ too
        rng = random.Random(16)
        names = NEAR_MISSES + MATCHES
        for _ in range(300):
            names.append("".join(rng.choice(CONSONANT_SYLLABLES) for _ in range(rng.randint(2, 8)))
                         + rng.choice(["", " ", " 본점", " 2호점"]))
        save_stores([dict(name=name, district_id=district.id if i % 11 == 0 else None, dong_id=dongs[i % 18].id,
                          accepts_paper=i % 2 == 0, accepts_digital=i % 3 != 0, items="", visible=i % 13 != 4,
                          import_key=f"i:{i}")
                     for i, name in enumerate(names)])  # 다라마바 가나 and 서울 2호점 are hidden
        db.session.commit()
        yield names


def initial_queries(names: list[str]) -> list[str]:
    """Every 3–6 letter run of initials of some names, some found nowhere, and the awkward ones."""
    rng = random.Random(5)
    queries = {"ㄱㅂㅊㄱ", "ㄱㅂㅊ", "ㅂㅊㄱ", "ㄱㅂㅊㄱㅂ", "ㅋㅋㅋ", "ㅋㅋㅋㅋ", "ㅋㅋㅋㅋㅋ", "ㅅㅇㅁ",
               "ㅅㅇㅁㅇ", "ㄱ*ㅂ", "2ㅎㅈ", "ㄱㄴㄷㄹ", "ㄷㄹㅁㅂ", "ㅎㅎㅎ", "ㅎㅎㅎㅎ", "ㄱㅂㅊㄱㄱㅂㅊㄱ",
               "ㅊㄱㄱㅂ", "ㅃㅃㅃㅃ"}
    for name in rng.sample(names, 80):
        key = choseong_key(normalise(name))
        for length in (3, 4, 5, 6):
            if len(key) >= length:
                start = rng.randrange(len(key) - length + 1)
                queries.add(key[start:start + length])
    return sorted(q for q in queries if not any("가" <= ch <= "힣" for ch in q))


def test_initials_match_brute_force_on_every_page(initial_stores, app):
    with app.app_context():
        checked = 0
        for q in initial_queries(initial_stores):
            expected = brute_force_ids(StoreQuery(q=q))
            assert all_result_ids(StoreQuery(q=q)) == expected, q
            first = search(StoreQuery(q=q), per_page=3)
            pages = [first] + [search(StoreQuery(q=q), page=n, per_page=3) for n in range(2, first.pages + 2)]
            keys = [(s.name_sort, s.id) for page in pages for s in page.items]
            assert keys == sorted(keys) and len(set(keys)) == len(keys) and sorted(i for _k, i in keys) == expected, q
            assert pages[-1].items == [] and {page.total for page in pages} == {len(expected)}, q
            checked += 1
        assert checked > 100


def test_near_misses_are_left_out(initial_stores, app):
    """The stores posted under every trigram of the query, without the query, are checked out."""
    with app.app_context():
        names = {s.name for s in search(StoreQuery(q="ㄱㅂㅊㄱ"), per_page=500).items}
        assert {"김밥천국", "김밥 천국 양동점", "ㄱ바천국", "국밥천 국밥", "고봉천가 본점", "가방천국가방"} <= names
        assert not names & {"김밥천 밥천국", "고봉창 방천교", "밥천국 김밥천"}
        names = {s.name for s in search(StoreQuery(q="ㅋㅋㅋㅋ"), per_page=500).items}
        assert {"ㅋㅋㅋㅋ", "큭큭큭큭"} <= names and "ㅋㅋㅋ분식" not in names and "크크크 크크" in names
        assert {s.name for s in search(StoreQuery(q="ㅋㅋㅋㅋㅋ"), per_page=500).items} >= {"크크크 크크"}


def test_initials_with_filters_and_distance_match_brute_force(initial_stores, app):
    with app.app_context():
        dong = db.session.scalar(select(Dong).order_by(Dong.id))
        for q in ["ㄱㅂㅊㄱ", "ㄱㅂㅊ", "ㅋㅋㅋㅋ", "ㅅㅇㅁ", "ㄱㄴㄷㄹ"]:
            for query in [StoreQuery(q=q, dong_id=dong.id), StoreQuery(q=q, accepts="digital"),
                          StoreQuery(q=q, sort="distance", lat=35.15, lng=126.88)]:
                assert all_result_ids(query) == brute_force_ids(query), (q, query)


def test_each_length_takes_its_path(initial_stores, app):
    """Three letters are one trigram's postings; longer ones are checked, on PostgreSQL against both of their
    rarest trigrams; one that a store lacks a trigram of is answered without the postings."""
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
        assert matching("ㄱㅂㅊ").get_execution_options()[_PAGED][0] == "trigram"
        assert matching("ㄱㅂㅊㄱ").get_execution_options()[_PAGED][0] == ("trigrams+check" if postgres else "glob")
        assert matching("ㅋㅋㅋㅋ").get_execution_options()[_PAGED][0] == ("trigram+check" if postgres else "glob")
        assert matching("ㅃㅃㅃㅃ") is not None and not all_result_ids(StoreQuery(q="ㅃㅃㅃㅃ"))
        # The district's stores join the trigram's (ㅅㅇㅁ: 서양마을): a union, exactly the brute-force set.
        found = search(StoreQuery(q="ㅅㅇㅁ"), per_page=500).items
        assert sorted(s.id for s in found) == brute_force_ids(StoreQuery(q="ㅅㅇㅁ"))
        assert any("ㅅㅇㅁ" not in choseong_key(s.name_sort) for s in found)
        assert any("ㅅㅇㅁ" in choseong_key(s.name_sort) and s.district_ko is None for s in found)


def test_a_search_outside_a_request_reads_the_version_with_its_page_and_follows_changes(initial_stores, app):
    """On PostgreSQL a search of four or more initials outside a request reads the data version in its page's own
    statement (search._initials_folded: one round trip), built with the last summary the worker saw; after a change
    (a new version) that summary's answer is not kept. The same results as brute force on both databases."""
    with app.app_context():
        query = StoreQuery(q="ㄱㅂㅊㄱ")
        first = search(query, per_page=500)
        db.session.rollback()
        statements = []

        def seen(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            again = search(query, per_page=500)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
        if db.engine.dialect.name == "postgresql":
            assert len(statements) == 1 and "data_versions" in statements[0], statements
        assert [s.id for s in again.items] == [s.id for s in first.items] and again.total == first.total
        db.session.rollback()
        dong = db.session.scalar(select(Dong).order_by(Dong.id))
        new = save_store(name="고봉천국 새점", district_id=None, dong_id=dong.id, accepts_paper=True,
                         accepts_digital=True, items="", visible=True, import_key="i:new")
        db.session.commit()
        after = search(query, per_page=500)
        assert new.id in {s.id for s in after.items} and after.total == first.total + 1
        assert sorted(s.id for s in after.items) == brute_force_ids(query)
        # Renamed out of the query (its trigrams gone): not found, though the last summary still counted them.
        save_store(new, name="고봉 새점")
        db.session.commit()
        renamed = search(query, per_page=500)
        assert new.id not in {s.id for s in renamed.items} and renamed.total == first.total
        assert sorted(s.id for s in renamed.items) == brute_force_ids(query)
