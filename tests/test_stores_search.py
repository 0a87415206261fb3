"""The store search returns exactly the stores a brute-force substring check finds, for every kind of
query Korean and English readers type, on awkward generated names."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stores.search import StoreQuery, brute_force_ids, search
from alleyweb.stores.services import save_district, save_store, save_stores
from alleyweb.stores.text import choseong_key, normalise
from tests.conftest import empty_tables

AWKWARD = [
    "김밥천국", "김밥 천국 양동점", "천국김밥", "카페", "카페 드 양동", "치킨", "BBQ치킨", "bbq 치킨 농성점",
    "GS25 양동시장점", "ＧＳ２５ 화정점", "ㅋㅋ분식", "100% 국산 참기름", "하나_둘 마트", "역\\슬래시 상회",
    "🍗 치킨 천국", "양동", "양동 양동",
    "가", "가가가", "동천동 떡집", "서창 들녘 반찬", "Café Bonjour", "정육점", "한우 정육 식당", "약국", "온누리약국",
    "\u1112\u1169\u11bc\u1100\u1175\u11af\u1103\u1169\u11bc 상회",  # 홍길동 typed as decomposed jamo
    "빵", "빵빵 베이커리", "미용실", "헤어 샵", "세탁소", "꽃집", "가나다라마바사아자차카타파하",
    "김*밥 [특가]", "떡?집", "국^$수.집", "ㄱ*밥",  # characters that mean something to GLOB and to regexes
]


@pytest.fixture()
def stores(app, clean_db):
    with app.app_context():
        dongs = db.session.scalars(select(Dong).order_by(Dong.id)).all()
        yangdong = save_district("양동시장", dongs[0].id, "market")
        other = save_district("금호 먹자골목 골목형상점가", dongs[14].id, "alley")
        rng = random.Random(7)
        syllables = "김밥천국카페치킨양동정육약국빵떡꽃집국수반찬상회마트가나다"
        names = list(AWKWARD)
        for _ in range(250):
            names.append("".join(rng.choice(syllables) for _ in range(rng.randint(1, 7)))
                         + rng.choice(["", " ", " 본점", " 2호점", "점"]))
        save_stores([dict(name=name, district_id=(yangdong.id if i % 3 == 0 else other.id if i % 3 == 1 else None),
                          dong_id=dongs[i % 18].id, accepts_paper=i % 2 == 0, accepts_digital=i % 5 != 0,
                          items="", visible=i % 17 != 5, import_key=f"t:{i}") for i, name in enumerate(names)])
        db.session.commit()
        yield names


def _upkeep_tables() -> dict:
    """What save_store keeps, by store name (ids differ from run to run): each store's keys, category, dong and
    position, its postings, and the counts per bigram, per filter combination and per district key."""
    from alleyweb.stores.models import DistrictGramCount, GramCount, ShoppingDistrict, Store, StoreCount, StoreGram

    district = dict(db.session.execute(select(ShoppingDistrict.id, ShoppingDistrict.name)).all())
    stores = {row.id: row for row in db.session.execute(select(
        Store.id, Store.name, Store.district_id, Store.key_ko, Store.key_cho, Store.key_en, Store.category,
        Store.dong_id, Store.lat, Store.lng, Store.position_approx, Store.visible, Store.import_key))}
    return {
        "stores": sorted(((row.name, district.get(row.district_id), *tuple(row)[3:]) for row in stores.values()),
                         key=repr),
        "postings": sorted((stores[store_id].name, gram, name_sort) for store_id, gram, name_sort in
                           db.session.execute(select(StoreGram.store_id, StoreGram.gram, StoreGram.name_sort))),
        "grams": sorted(db.session.execute(select(GramCount.gram, GramCount.stores)).all()),
        "counts": sorted(((dong, district.get(district_id), category, paper, digital, n) for
                          dong, district_id, category, paper, digital, n in db.session.execute(select(
                              StoreCount.dong_id, StoreCount.district_id, StoreCount.category,
                              StoreCount.accepts_paper, StoreCount.accepts_digital, StoreCount.stores))), key=repr),
        "district grams": sorted((district[d], gram, n) for d, gram, n in db.session.execute(
            select(DistrictGramCount.district_id, DistrictGramCount.gram, DistrictGramCount.stores))),
    }


def test_saving_stores_together_keeps_what_saving_them_one_by_one_keeps(app, clean_db):
    """save_stores (one round of upkeep, as the tests' worlds use it) leaves every key, posting, count and
    position exactly as the same stores saved one at a time with save_store."""
    with app.app_context():
        dongs = db.session.scalars(select(Dong).order_by(Dong.id)).all()
        seen = []
        for together in (False, True):
            market = save_district("양동시장", dongs[0].id, "market")
            market.lat, market.lng = 35.15, 126.9
            alley = save_district("금호 먹자골목 골목형상점가", dongs[14].id, "alley")
            rows = [dict(name=name, district_id=(market.id, alley.id, None)[i % 3], dong_id=dongs[i % 18].id,
                         accepts_paper=i % 2 == 0, accepts_digital=i % 5 != 0, items="김밥" if i % 4 == 0 else "",
                         visible=i % 7 != 3, import_key=f"u:{i}", **({"lat": 35.1, "lng": 126.8} if i % 6 == 0 else {}))
                    for i, name in enumerate(AWKWARD)]
            if together:
                save_stores(rows)
            else:
                for values in rows:
                    save_store(**values)
            db.session.commit()
            seen.append(_upkeep_tables())
            db.session.rollback()  # the reads' transaction ended before the tables are emptied
            empty_tables(app)
        assert seen[0]["postings"] and seen[0]["district grams"]
        assert seen[0] == seen[1]


def all_result_ids(query: StoreQuery) -> list[int]:
    first = search(query, page=1, per_page=500)
    assert first.total == len(first.items) or first.total > 500
    ids = [s.id for s in first.items]
    page = 2
    while len(ids) < first.total:
        ids += [s.id for s in search(query, page=page, per_page=500).items]
        page += 1
    assert len(ids) == first.total
    return sorted(ids)


def queries_for(names: list[str]) -> list[str]:
    rng = random.Random(11)
    queries = {"카페", "치킨", "양동", "김", "국", "가", "김밥", "천국", "ㄱㅂㅊㄱ", "ㄱ밥", "김ㅂ", "ㅊㅋ", "ㅋㅋ",
               "gimbap", "yangdong market", "yangdong", "GIMBAP", "gim bap", "bbq", "gs25", "GS 25", "%", "_", "\\",
               "100%", "하나_둘", "🍗", "café", "cafe", "없는이름", "zzzz", "김밥 천국", "  카 페 ", "홍길동", "ㅎㄱㄷ",
               "동 떡",
               "market", "먹자", "금호", "ㄲ", "a", "e", "가나다라마바사아자차카타파하", "빵빵", "쀍",
               "ㄱ*밥", "ㄱ*", "*밥", "ㄱ[", "[ㅌ", "ㄸ?집", "떡?ㅈ", "ㄱ^$", "^$ㅅ", "수.ㅈ", "ㄱ.", "ㅋㅋ분"}
    for name in rng.sample(names, 60):
        key = normalise(name)
        if not key:
            continue
        start = rng.randrange(len(key))
        for length in (1, 2, 3, 4):
            piece = key[start:start + length]
            queries.add(piece)
            queries.add(choseong_key(piece))
    return sorted(queries)


def test_every_query_kind_matches_brute_force(stores, app):
    with app.app_context():
        checked = 0
        for q in queries_for(stores):
            expected = brute_force_ids(StoreQuery(q=q))
            assert all_result_ids(StoreQuery(q=q)) == expected, q
            checked += 1
        assert checked > 150


def test_one_bigram_and_matching_districts_page_like_brute_force(stores, app):
    """A two-letter query that also names shopping districts (ㅇㄷ: 양동… and 양동시장's stores) is counted
    and paged apart from a window count: every page, in name order, exactly the brute-force set."""
    with app.app_context():
        from alleyweb.stores.search import _PAGED, matching

        assert matching("ㅇㄷ").get_execution_options()[_PAGED][0] == "one+districts"
        assert matching("양").get_execution_options()[_PAGED][0] == "one+districts"  # one letter: one posting
        for q in ["ㅇㄷ", "양동", "ㄱㅎ", "금호", "먹자", "양", "ㅇ", "금", "ㄱ"]:
            expected = brute_force_ids(StoreQuery(q=q))
            first = search(StoreQuery(q=q), per_page=7)
            assert first.total == len(expected), q
            pages = [first] + [search(StoreQuery(q=q), page=n, per_page=7) for n in range(2, first.pages + 2)]
            ids = [s.id for page in pages for s in page.items]
            assert sorted(ids) == expected and len(ids) == len(set(ids)), q
            keys = [(s.name_sort, s.id) for page in pages for s in page.items]
            assert keys == sorted(keys), q
            assert pages[-1].items == [] and pages[-1].total == len(expected), q


def test_results_come_in_name_order_on_every_path(stores, app):
    """The postings-only path (text alone) and the joined path (text and a filter) order alike."""
    with app.app_context():
        from alleyweb.stores.models import Store

        for query in [StoreQuery(q="김"), StoreQuery(q="카페"), StoreQuery(q="ㄱ밥"), StoreQuery(q="gimbap"),
                      StoreQuery(q="양동"), StoreQuery(q="김", accepts="digital"), StoreQuery(q="")]:
            items = search(query, per_page=500).items
            keys = [(s.name_sort, s.id) for s in items]
            assert keys == sorted(keys) and len(keys) == len(brute_force_ids(query)), query
        stored = db.session.execute(select(Store.id, Store.name_sort)).all()
        assert all(row.name_sort for row in stored)


def test_hiding_and_showing_a_store_keeps_the_postings_right(stores, app):
    with app.app_context():
        from alleyweb.stores.models import Store, StoreGram

        store = db.session.scalar(select(Store).where(Store.name == "김밥천국"))
        save_store(store, visible=False)
        db.session.commit()
        assert not db.session.scalars(select(StoreGram).where(StoreGram.store_id == store.id)).all()
        assert store.id not in all_result_ids(StoreQuery(q="김밥천국"))
        save_store(store, visible=True, name="김밥천국 본점")
        db.session.commit()
        grams = db.session.scalars(select(StoreGram).where(StoreGram.store_id == store.id)).all()
        assert grams and {g.name_sort for g in grams} == {store.name_sort} == {"김밥천국본점"}
        assert store.id in all_result_ids(StoreQuery(q="김밥천국")) == brute_force_ids(StoreQuery(q="김밥천국"))
        # The totals without query text come from the per-filter counts, which follow every change.
        for query in [StoreQuery(), StoreQuery(dong_id=store.dong_id), StoreQuery(district_id=store.district_id),
                      StoreQuery(category=store.category, accepts="paper")]:
            before = search(query).total
            save_store(store, visible=False)
            db.session.commit()
            assert search(query).total == before - 1 == len(brute_force_ids(query))
            save_store(store, visible=True)
            db.session.commit()
            assert search(query).total == before


def test_one_letter_queries_are_one_posting_paged_like_brute_force(stores, app):
    """A Hangul syllable or initial consonant alone (김, ㄱ) is one posting (text.posting_keys), counted from
    the summary and paged along its key: every page, in name order, is the brute-force set."""
    with app.app_context():
        from alleyweb.stores.search import _PAGED, matching

        assert matching("김").get_execution_options()[_PAGED] == ("one", {"gram": "김"})
        for q in ["김", "국", "ㄱ", "ㅋ", "쀍", "빵"]:
            expected = brute_force_ids(StoreQuery(q=q))
            first = search(StoreQuery(q=q), per_page=6)
            assert first.total == len(expected), q
            pages = [first] + [search(StoreQuery(q=q), page=n, per_page=6) for n in range(2, first.pages + 2)]
            keys = [(s.name_sort, s.id) for page in pages for s in page.items]
            assert sorted(i for _key, i in keys) == expected and keys == sorted(keys), q
            assert pages[-1].items == [] and pages[-1].total == len(expected), q


def _counts_are_exact() -> None:
    from sqlalchemy import func

    from alleyweb.stores.models import GramCategoryCount, GramCount, Store, StoreGram

    counted = dict(db.session.execute(select(StoreGram.gram, func.count()).group_by(StoreGram.gram)).all())
    assert dict(db.session.execute(select(GramCount.gram, GramCount.stores)).all()) == counted
    # Per category, of the stores' own categories (not the postings' copy).
    by_category = select(StoreGram.gram, Store.category, func.count()).join(Store, Store.id == StoreGram.store_id)
    counted = {(gram, category): stores for gram, category, stores in
               db.session.execute(by_category.group_by(StoreGram.gram, Store.category))}
    kept = select(GramCategoryCount.gram, GramCategoryCount.category, GramCategoryCount.stores)
    assert {(gram, category): stores for gram, category, stores in db.session.execute(kept)} == counted


def test_gram_counts_stay_exact_through_renames_hiding_and_showing(stores, app):
    """A one-posting search's total is the posting's count (store_gram_counts): single edits must keep every
    count exact, including those of the bigrams a renamed or hidden store no longer has."""
    with app.app_context():
        from alleyweb.stores.models import Store

        _counts_are_exact()
        store = db.session.scalar(select(Store).where(Store.name == "쀍"))  # not in the fixture: added here
        assert store is None
        store = save_store(name="쀍쀍 꽃집", dong_id=db.session.scalar(select(Dong.id).limit(1)), items="",
                           accepts_paper=True, import_key="t:letters")
        db.session.commit()
        _counts_are_exact()
        assert search(StoreQuery(q="쀍")).total == 1 == len(brute_force_ids(StoreQuery(q="쀍")))
        save_store(store, name="다른 이름")
        db.session.commit()
        _counts_are_exact()
        assert search(StoreQuery(q="쀍")).total == 0 and search(StoreQuery(q="쀍쀍")).total == 0
        for name in ["김밥천국", "카페"]:
            other = db.session.scalar(select(Store).where(Store.name == name))
            save_store(other, visible=False)
            db.session.commit()
            _counts_are_exact()
            for q in [name, name[:1], "ㄱ"]:
                assert search(StoreQuery(q=q)).total == len(brute_force_ids(StoreQuery(q=q))), q
            save_store(other, visible=True)
            db.session.commit()
            _counts_are_exact()


def district_counts_are_exact() -> None:
    """district_gram_counts holds, for every key of every district's name (text.district_posting_keys), how many
    of the district's visible stores are posted under it: counted again here from the postings."""
    from sqlalchemy import func

    from alleyweb.stores.models import DistrictGramCount, ShoppingDistrict, Store, StoreGram
    from alleyweb.stores.text import district_posting_keys

    expected = {}
    for district in db.session.scalars(select(ShoppingDistrict)):
        keys = sorted(district_posting_keys(district.key_ko))
        posted = dict(db.session.execute(
            select(StoreGram.gram, func.count()).join(Store, Store.id == StoreGram.store_id)
            .where(Store.district_id == district.id, Store.visible.is_(True), StoreGram.gram.in_(keys))
            .group_by(StoreGram.gram)).all())
        expected.update({(district.id, key): posted.get(key, 0) for key in keys})
    kept = db.session.execute(select(DistrictGramCount.district_id, DistrictGramCount.gram, DistrictGramCount.stores))
    assert {(id, gram): stores for id, gram, stores in kept} == expected


def test_district_counts_follow_store_edits_and_district_renames(stores, app):
    """A query that is one posting and names shopping districts (양동, ㅇㄷ, 금호) takes the districts' stores
    without that posting from district_gram_counts: renaming, hiding, showing, adding and moving a store, and
    renaming or adding a district, must keep those counts exact (the totals are checked against brute force)."""
    with app.app_context():
        from alleyweb.stores.models import ShoppingDistrict, Store
        from alleyweb.stores.search import _PAGED, matching

        queries = ["양동", "ㅇㄷ", "양", "ㅇ", "금호", "ㄱㅎ", "먹자", "시장", "ㅅ", "서창", "ㅅㅊ", "창"]

        def exact():
            db.session.commit()
            district_counts_are_exact()
            for q in queries:
                expected = brute_force_ids(StoreQuery(q=q))
                first = search(StoreQuery(q=q), per_page=7)
                assert first.total == len(expected), q
                assert [s.id for s in first.items] == \
                    [s.id for s in sorted(first.items, key=lambda s: (s.name_sort, s.id))], q

        assert matching("양동").get_execution_options()[_PAGED][0] == "one+districts"
        exact()
        yangdong = db.session.scalar(select(ShoppingDistrict).where(ShoppingDistrict.name == "양동시장"))
        other = db.session.scalar(select(ShoppingDistrict).where(ShoppingDistrict.name != "양동시장"))
        plain = db.session.scalar(select(Store).where(Store.name == "카페"))
        save_store(plain, district_id=yangdong.id)  # moved in (no rename: its postings stay)
        exact()
        save_store(plain, name="양동 카페")  # renamed within the district: now posted under 양동
        exact()
        save_store(plain, district_id=other.id)  # moved out, keeping its name
        exact()
        save_store(plain, visible=False)
        exact()
        save_store(plain, visible=True, district_id=yangdong.id)
        exact()
        save_store(name="금호 양동 분식", district_id=other.id, dong_id=other.dong_id, items="",
                   import_key="t:new")  # a new store
        exact()
        save_district("서창 양동시장", yangdong.dong_id, "market", district=yangdong)  # renamed: new keys
        exact()
        assert matching("서창").get_execution_options()[_PAGED][0] == "one+districts"
        save_district("창 골목", other.dong_id, "alley")  # a new district, no stores yet
        exact()


def test_two_syllable_queries_miss_nothing(stores, app):
    """The classic failure of trigram indexes: 1–2 syllable queries must still find every store."""
    with app.app_context():
        for q in ["카페", "치킨", "양동", "빵", "떡", "김"]:
            ids = all_result_ids(StoreQuery(q=q))
            assert ids and ids == brute_force_ids(StoreQuery(q=q)), q


def test_initial_consonants_and_romanized_queries(stores, app):
    with app.app_context():
        names = {s.name for s in search(StoreQuery(q="ㄱㅂㅊㄱ"), per_page=100).items}
        assert "김밥천국" in names and "김밥 천국 양동점" in names
        assert "김밥천국" in {s.name for s in search(StoreQuery(q="ㄱ밥"), per_page=100).items}
        assert "김밥천국" in {s.name for s in search(StoreQuery(q="Gimbap"), per_page=100).items}
        yangdong = {s.district_ko for s in search(StoreQuery(q="yangdong market"), per_page=500).items if s.district_ko}
        assert yangdong == {"양동시장"}


def test_filters_combine_with_the_query(stores, app):
    with app.app_context():
        dong = db.session.scalar(select(Dong).order_by(Dong.id))
        for query in [StoreQuery(q="김", dong_id=dong.id), StoreQuery(q="", accepts="digital"),
                      StoreQuery(q="치킨", accepts="paper"), StoreQuery(q="", category="other"),
                      StoreQuery(dong_id=dong.id, accepts="paper"), StoreQuery(q="ㄱ밥", sort="distance", lat=35.1,
                                                                               lng=126.9)]:
            assert all_result_ids(query) == brute_force_ids(query)


def test_hidden_stores_never_appear(stores, app):
    with app.app_context():
        from alleyweb.stores.models import Store

        hidden = db.session.scalars(select(Store).where(Store.visible.is_(False))).all()
        assert hidden
        for store in hidden:
            assert store.id not in all_result_ids(StoreQuery(q=store.name))


def test_distance_sort_puts_the_nearest_first_and_unknown_locations_last(stores, app):
    with app.app_context():
        from alleyweb.stores.models import Store

        rows = db.session.scalars(select(Store).where(Store.visible.is_(True)).order_by(Store.id).limit(3)).all()
        for store, (lat, lng) in zip(rows, [(35.152, 126.89), (35.13, 126.85), (35.16, 126.88)], strict=True):
            store.lat, store.lng = lat, lng
        db.session.commit()
        page = search(StoreQuery(sort="distance", lat=35.151, lng=126.889), per_page=5)
        assert [s.id for s in page.items[:3]] == [rows[0].id, rows[2].id, rows[1].id]
        assert page.items[3].lat is None


def test_page_links_are_the_edges_and_the_window_around_the_page():
    """SearchPage.iter_pages picks the numbers without walking every page (6,280 of them for the whole
    directory): the same numbers and gaps as checking each page in turn."""
    from alleyweb.stores.search import SearchPage

    def walked(page: SearchPage, left_edge, left_current, right_current, right_edge):
        numbers = [n for n in range(1, page.pages + 1) if n <= left_edge or n > page.pages - right_edge
                   or page.page - left_current <= n <= page.page + right_current]
        out, last = [], 0
        for n in numbers:
            out += ([None] if last + 1 != n else []) + [n]
            last = n
        return out

    for total, per_page in [(0, 20), (1, 20), (20, 20), (21, 20), (59, 3), (4276, 20), (125_600, 20)]:
        page = SearchPage([], total, 1, per_page)
        for number in sorted({1, 2, 3, 4, 5, 6, page.pages // 2, page.pages - 3, page.pages - 1, page.pages,
                              page.pages + 1, page.pages + 5}):
            page.page = max(1, number)
            for args in [(1, 2, 2, 1), (0, 0, 0, 0), (2, 3, 1, 2)]:
                assert list(page.iter_pages(*args)) == walked(page, *args), (total, number, args)


def test_query_text_and_filters_match_brute_force(stores, app):
    """Query text with filters (치킨 among food): the filters are checked on the postings' copy of the store's values
    for a branch of postings (one posting, a checked one, a range), on the stores for the others; every page in
    name order, every total exact."""
    with app.app_context():
        from alleyweb.stores.models import ShoppingDistrict, Store

        store = db.session.scalar(select(Store).where(Store.name == "치킨"))
        save_store(store, items="꽃집")  # a category other than the names' own among the matches
        db.session.commit()
        categories = sorted(set(db.session.scalars(select(Store.category).where(Store.visible.is_(True)))))
        dongs = db.session.scalars(select(Dong.id).order_by(Dong.id)).all()
        districts = db.session.scalars(select(ShoppingDistrict.id).order_by(ShoppingDistrict.id)).all()
        filters = [{"category": category} for category in categories] + [
            {"dong_id": dongs[0]}, {"dong_id": dongs[3], "accepts": "digital"}, {"accepts": "paper"},
            {"district_id": districts[0]}, {"district_id": districts[1], "category": categories[0]},
            {"category": categories[-1], "dong_id": dongs[1], "accepts": "paper"}]
        queries = ["치킨", "카페", "김", "김밥", "천국", "ㄱㅂㅊㄱ", "ㄱ밥", "ㅊㅋ", "양동", "ㄱㅂ", "gimbap",
                   "chicken", "bbq", "gs25", "market", "a", "가나다", "국수", "ㄲ", "없는이름", "빵빵", "동 떡",
                   "ㄱ*밥"]
        checked = 0
        for q in queries:
            for values in filters:
                query = StoreQuery(q=q, **values)
                expected = brute_force_ids(query)
                assert all_result_ids(query) == expected, (q, values)
                keys = [s.name_sort for s in search(query, per_page=500).items]
                assert keys == sorted(keys), (q, values)
                second = search(query, page=2, per_page=3)
                assert second.total == len(expected), (q, values)
                assert [s.id for s in second.items] == [s.id for s in search(query, per_page=500).items][3:6]
                checked += bool(expected)
        assert checked > 50


def test_the_postings_copy_of_the_filters_follows_every_store_edit(stores, app):
    """A store's category, dong, shopping district and certificates changed without a rename: its postings' copy
    follows (fails without indexing.refresh_posting_filters in save_store), and so do the searches."""
    with app.app_context():
        from alleyweb.stores.models import POSTING_FILTERS, Store, StoreGram

        def copies_match():
            stores = {row[0]: tuple(row[1:]) for row in db.session.execute(
                select(Store.id, *(getattr(Store, name) for name in POSTING_FILTERS)).where(Store.visible.is_(True)))}
            copied = select(StoreGram.store_id, *(getattr(StoreGram, name) for name in POSTING_FILTERS))
            for row in db.session.execute(copied):
                assert tuple(row[1:]) == stores[row[0]], row

        store = db.session.scalar(select(Store).where(Store.name == "BBQ치킨"))
        dongs = db.session.scalars(select(Dong.id).order_by(Dong.id)).all()
        query = StoreQuery(q="치킨", category="health")
        before = search(query).total
        save_store(store, items="약국 의약품")
        db.session.commit()
        assert store.category == "health"
        assert search(query).total == before + 1 == len(brute_force_ids(query))
        copies_match()
        _counts_are_exact()  # the counts per category (GramCategoryCount) of its keys too
        new_dong = next(id for id in dongs if id != store.dong_id)
        for values, query in [({"dong_id": new_dong}, StoreQuery(q="치킨", dong_id=new_dong)),
                              ({"accepts_paper": not store.accepts_paper}, StoreQuery(q="치킨", accepts="paper")),
                              ({"accepts_digital": not store.accepts_digital}, StoreQuery(q="ㅊㅋ", accepts="digital")),
                              ({"district_id": None}, StoreQuery(q="bbq", district_id=store.district_id or 1))]:
            save_store(store, **values)
            db.session.commit()
            assert all_result_ids(query) == brute_force_ids(query), values
            copies_match()
            _counts_are_exact()
