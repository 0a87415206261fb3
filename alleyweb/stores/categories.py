"""Store categories: the national file's free-text 취급품목 sorted into a few groups people filter by."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from alleyweb.stores.text import loose_key, normalise, roman_key, romanize

# Checked in order, most specific first, so "차차 헤어" is a hair salon and not a tea house. One-syllable
# keywords that occur inside unrelated words (차, 탕, 찜) are left out.
CATEGORIES: dict[str, tuple] = {
    "health": (_l("Health and beauty"), ("약국", "한의원", "의원", "미용", "헤어", "네일", "안경", "화장품", "건강",
                                         "한약", "이용원")),
    "clothing": (_l("Clothes, shoes and bags"), ("의류", "옷가게", "신발", "가방", "잡화", "한복", "양품", "속옷",
                                                 "양말", "이불", "침구", "주단")),
    "living": (_l("Home and everyday goods"), ("철물", "가구", "가전", "전자", "주방", "그릇", "세탁", "꽃집", "화원",
                                               "문구", "인테리어", "생활용품", "공구", "조명", "페인트", "열쇠")),
    "grocery": (_l("Groceries and fresh food"), ("과일", "청과", "채소", "야채", "농산", "수산", "생선", "건어물",
                                               "정육", "축산", "반찬", "쌀", "잡곡", "식품", "마트", "슈퍼", "젓갈",
                                               "참기름", "방앗간", "두부", "계란", "김치")),
    "cafe": (_l("Cafés and bakeries"), ("카페", "커피", "제과", "베이커리", "빵", "떡", "디저트", "음료", "찻집")),
    "food": (_l("Restaurants"), ("식당", "한식", "중식", "일식", "분식", "김밥", "국밥", "치킨", "족발", "고기", "갈비",
                                 "횟집", "국수", "냉면", "순대", "음식", "도시락", "피자", "해장국", "찌개")),
    "other": (_l("Other"), ()),
}


def classify(items: str, name: str = "") -> str:
    text = f"{items} {name}"
    for key, (_label, keywords) in CATEGORIES.items():
        if any(word in text for word in keywords):
            return key
    return "other"


def label(key: str):
    return CATEGORIES.get(key, CATEGORIES["other"])[0]


# The bilingual vocabulary of the words in store names and in the national file's 취급품목: each
# Korean word with its English names, the first being the one the English pages show. The office
# extends it by adding rows to the CSV; it is read once per process.
VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "data" / "store_words.csv"


@dataclass(frozen=True)
class Vocabulary:
    english: dict[str, str]  # Korean word → its English name
    korean: dict[str, tuple[str, ...]]  # a search key (see search_key) → the Korean words it stands for


def search_key(text: str) -> str:
    """How a typed word is looked up in the vocabulary: normalised, romanised key folded by the
    variant rules (so kim-bap, kimbap and gimbap are one key)."""
    return loose_key(roman_key(normalise(text)))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    english: dict[str, str] = {}
    korean: dict[str, list[str]] = {}
    with VOCABULARY_FILE.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            word = normalise(row["korean"])
            names = [name.strip() for name in row["english"].split(";") if name.strip()]
            if not word or not names:
                continue
            english.setdefault(word, names[0])
            # Its English names, and its own romanisation (tteok, chikin), in every spelling the rules fold together.
            for spelling in (*names, romanize(word)):
                key = search_key(spelling)
                if key and word not in korean.setdefault(key, []):
                    korean[key].append(word)
    return Vocabulary(english, {key: tuple(words) for key, words in korean.items()})


def korean_words(q: str) -> tuple[str, ...]:
    """The Korean words a query without Hangul stands for (chicken → 치킨), or none."""
    if any(ord(ch) >= 0x1100 for ch in q):
        return ()
    return vocabulary().korean.get(search_key(q), ())


def english_items(items: str) -> str:
    """The free-text 취급품목 in English where the vocabulary knows the words (치킨, 호프 → chicken,
    beer); a word it does not know is romanised."""
    names = vocabulary().english
    words = [word.strip() for word in items.split(",")]
    return ", ".join(names.get(normalise(word)) or romanize(word) for word in words if word)
