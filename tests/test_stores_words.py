"""English words and everyday romanisations find the Korean stores the Hangul words find
(alleyweb/data/store_words.csv and the variant rules in alleyweb.stores.text)."""

from __future__ import annotations

import csv
import random

import pytest
from sqlalchemy import select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stores.categories import CATEGORIES, VOCABULARY_FILE, english_items, korean_words, vocabulary
from alleyweb.stores.search import StoreQuery, brute_force_ids, search
from alleyweb.stores.services import save_district, save_store, save_stores
from alleyweb.stores.text import VARIANT_RULES, loose_key, roman_key, romanize, romanize_district
from tests.test_stores_search import all_result_ids

ROWS = list(csv.DictReader(VOCABULARY_FILE.open(encoding="utf-8-sig", newline="")))
# Every English spelling in the file, with the Korean word of its row.
SPELLINGS = sorted({(name.strip(), row["korean"]) for row in ROWS for name in row["english"].split(";")})
SYLLABLES = "가나다라마바사아자차카타파하양동서창금호농성화정"


@pytest.fixture()
def word_stores(app, clean_db):
    """Stores named with each vocabulary word among other syllables, a few look-alikes (덕 for 떡,
    뚝 and 둑), districts with words in their names, and no Latin names."""
    with app.app_context():
        dongs = db.session.scalars(select(Dong).order_by(Dong.id)).all()
        market = save_district("양동시장", dongs[0].id, "market")
        rng = random.Random(16)
        names = []
        for row in ROWS:
            word = row["korean"]
            names.append(word)
            names.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) + word
                         + rng.choice(["", " 본점", "나라", " 2호점"]))
        names += ["덕수상회", "뚝배기집", "둑방식당", "평양냉면", "김바다", "킴스마트", "치긴", "커피빈", "떡방아",
                  "쁘띠빵"]
        save_stores([dict(name=name, district_id=market.id if i % 7 == 0 else None, dong_id=dongs[i % 18].id,
                          items="", accepts_paper=True, accepts_digital=i % 3 == 0, import_key=f"w:{i}")
                     for i, name in enumerate(dict.fromkeys(names))])
        db.session.commit()
        yield names


def test_every_category_word_and_the_issue_words_have_an_english_name():
    english = vocabulary().english
    for key, (_label, keywords) in CATEGORIES.items():
        for word in keywords:
            assert english.get(word), f"{word} ({key}) has no English name in {VOCABULARY_FILE.name}"
    for spelling, words in [("chicken", {"치킨"}), ("kimbap", {"김밥"}), ("gimbap", {"김밥"}),
                            ("coffee", {"카페", "커피"}), ("cafe", {"카페", "커피"}),
                            ("bakery", {"빵", "베이커리", "제과"}), ("pharmacy", {"약국"}),
                            ("hair salon", {"미용실", "헤어"}), ("hair", {"미용실", "헤어"}), ("laundry", {"세탁"}),
                            ("optician", {"안경"}), ("glasses", {"안경"}), ("butcher", {"정육"}),
                            ("rice cake", {"떡"}), ("flower", {"꽃"}), ("oriental medicine", {"한의원"}),
                            ("market", {"시장"})]:
        assert words <= set(korean_words(spelling)), spelling
    assert english_items("치킨, 호프") == "chicken, beer"


PATTERNS = {before for before, _after in VARIANT_RULES if len(before) > 1}


def variants(spelling: str) -> set[str]:
    """The spellings the variant rules say are the same as ``spelling``: each rule undone once (where
    what it puts back does not run into a neighbouring letter: i → ee, but not in nei), each
    consonant doubled (but not the c or h of ch and sh), hyphens and spaces put in, capitals."""
    out = {spelling, spelling.upper(), spelling.capitalize()}
    for before, after in VARIANT_RULES:
        start = spelling.find(after)
        while start >= 0:
            end = start + len(after)
            candidate = spelling[:start] + before + spelling[end:]
            edges = {candidate[start - 1:start + 1], candidate[start + len(before) - 1:start + len(before) + 1]}
            if not edges & PATTERNS:
                out.add(candidate)
            start = spelling.find(after, start + 1)
    for index, ch in enumerate(spelling):
        pair = spelling[index:index + 2], spelling[max(0, index - 1):index + 1]
        if ch not in "aeiouh" and not {"ch", "sh"} & set(pair):
            out.add(spelling[:index] + ch + spelling[index:])
    for index in range(1, len(spelling)):
        out.add(spelling[:index] + "-" + spelling[index:])
        out.add(spelling[:index] + " " + spelling[index:])
    return out


def test_the_variants_fold_together():
    for a, b in [("kimbap", "gimbap"), ("gim-bap", "kim bap"), ("ddeok", "tteok"), ("duk", "tteok"),
                 ("pyongyang", "pyeongyang"), ("kimchee", "gimchi"), ("soondae", "sundae"), ("kalbi", "galbi"),
                 ("shinchon", "sinchon"), ("chicken", "chiken"), ("kimbbap", "gimbap")]:
        assert loose_key(roman_key(a)) == loose_key(roman_key(b)), (a, b)
    assert loose_key(roman_key("hwajeong")) != loose_key(roman_key("yangdong"))


def test_english_words_and_variants_find_what_the_hangul_words_find(word_stores, app):
    """Every English spelling in the vocabulary, and every variant the rules allow of every Korean
    word's romanisation, returns exactly the stores its Hangul words return (there are no Latin names
    here, which would also be found as written)."""
    with app.app_context():
        hangul: dict[str, set[int]] = {}

        def union_of(words):
            found = set()
            for word in words:
                if word not in hangul:
                    hangul[word] = set(all_result_ids(StoreQuery(q=word)))
                found |= hangul[word]
            return found

        checked = 0
        for spelling, word in SPELLINGS:
            words = korean_words(spelling)
            assert word in words, spelling
            expected = union_of(words)
            assert expected, spelling
            assert set(all_result_ids(StoreQuery(q=spelling))) == expected, spelling
            checked += 1
        for row in ROWS:
            word = row["korean"]
            spelling = romanize(word).lower().replace(" ", "")
            for variant in sorted(variants(spelling)):
                assert word in korean_words(variant), (word, variant)
                assert set(all_result_ids(StoreQuery(q=variant))) == union_of(korean_words(variant)), (word, variant)
                checked += 1
        assert checked > 1500
        # The look-alikes stay apart from the word: 덕수상회 is not a rice-cake shop, 치긴 is not 치킨.
        names = {s.name for s in search(StoreQuery(q="duk"), per_page=500).items}
        assert "떡방아" in names and "덕수상회" not in names and "뚝배기집" not in names
        assert "치긴" not in {s.name for s in search(StoreQuery(q="chicken"), per_page=500).items}


def test_partial_and_longer_romanisations_match_brute_force(word_stores, app):
    """Queries that are not vocabulary words: parts of words, longer names in any spelling."""
    with app.app_context():
        queries = ["kimba", "gimba", "pyongyang naengmyeon", "Pyeongyang", "dukbang", "ddeokbang", "kkochjip",
                   "kotjip", "yang-dong", "yangdong market", "jung", "a", "zz", "chi", "sijang", "keopibin",
                   "kopibin", "ttukbaegi", "dukbaegi"]
        for q in queries:
            assert all_result_ids(StoreQuery(q=q)) == brute_force_ids(StoreQuery(q=q)), q
        assert "평양냉면" in {s.name for s in search(StoreQuery(q="pyongyang naengmyun"), per_page=50).items}
        assert "커피빈" in {s.name for s in search(StoreQuery(q="kopibin"), per_page=50).items}


def test_english_district_names_read_like_maps():
    assert romanize_district("화정1동중앙상점가") == "Hwajeong 1-dong Jungang Shopping Street"
    assert romanize_district("양동시장") == "Yangdong Market"
    assert romanize_district("금호 먹자골목 골목형상점가") == "Geumho Meokjagolmok Alley Shopping District"


@pytest.fixture()
def shops(app, clean_db):
    with app.app_context():
        dongs = db.session.scalars(select(Dong).order_by(Dong.id)).all()
        street = save_district("화정1동중앙상점가", dongs[9].id)
        market = save_district("양동시장", dongs[0].id, "market")
        made = [save_store(name="김밥천국 화정점", district_id=street.id, items="김밥, 분식", accepts_paper=True),
                save_store(name="BBQ치킨 양동점", district_id=market.id, items="치킨, 호프", accepts_digital=True),
                save_store(name="새벽 떡집", district_id=market.id, items="떡, 한과", accepts_paper=True)]
        db.session.commit()
        yield {store.name: store.id for store in made}


def test_english_pages_find_stores_by_english_words_and_show_english_names(app, shops):
    from tests.helpers import soup

    client = app.test_client()
    for q, name in [("kimbap", "김밥천국 화정점"), ("Gim-bap", "김밥천국 화정점"), ("chicken", "BBQ치킨 양동점"),
                    ("rice cake", "새벽 떡집"), ("duk", "새벽 떡집"), ("ddeok", "새벽 떡집")]:
        page = soup(client.get("/en/stores", query_string={"q": q}))
        assert [a.get_text(" ", strip=True).split(" ")[0] for a in page.select(".store-card h3 a")] \
            == [name.split(" ")[0]], q
    card = soup(client.get("/en/stores", query_string={"q": "kimbap"})).select_one(".store-card")
    assert "Hwajeong 1-dong Jungang Shopping Street" in card.get_text(" ", strip=True)
    assert "Restaurants" in card.get_text()
    market = soup(client.get("/en/stores")).select_one("select[name=market]").get_text(" ")
    assert "Hwajeong 1-dong Jungang Shopping Street" in market and "Yangdong Market" in market
    detail = soup(client.get(f"/en/stores/{shops['BBQ치킨 양동점']}")).select_one(".summary-list").get_text(" ")
    assert "(chicken, beer)" in detail and "호프" not in detail
    assert "(치킨, 호프)" in soup(client.get(f"/ko/stores/{shops['BBQ치킨 양동점']}")).get_text()


def test_the_english_empty_state_gives_english_examples(app, shops):
    from tests.helpers import soup

    english = soup(app.test_client().get("/en/stores", query_string={"q": "zzzz"})).select_one(".empty-state")
    text = english.get_text(" ", strip=True)
    assert "chicken" in text and "gimbap" in text
    assert not any(0xAC00 <= ord(ch) <= 0xD7A3 or 0x3131 <= ord(ch) <= 0x318E for ch in text), text
    korean = soup(app.test_client().get("/ko/stores", query_string={"q": "zzzz"})).select_one(".empty-state")
    assert "ㄱㅂ" in korean.get_text()
