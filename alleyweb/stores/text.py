"""Text keys for searching Korean store names the way Korean and English readers type them.

Three keys per name, all lower-case and without spaces, so that spacing never matters:
``key_ko`` (the name itself, NFC), ``key_cho`` (each Hangul syllable replaced by its initial
consonant: 김밥천국 → ㄱㅂㅊㄱ) and ``key_en`` (the Revised Romanization from koroman, letters and
digits only). A fourth, ``key_loose``, is key_en folded by the spelling-variant rules
(:data:`VARIANT_RULES`: kimbap, gim-bap and gimbap are all "gimbab"), in upper case so that its
bigrams never mix with the others in the postings. The search finds exactly the names in which the
query is a substring of one of them (the brute-force definition is :func:`name_matches`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import koroman

# Initial consonants (choseong) in syllable order, as compatibility jamo — what keyboards type.
CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_CHOSEONG_SET = frozenset(CHOSEONG)
_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3
_SPACE = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Sentinel after each key, so that every character, the last one too, begins a bigram.
END = "\x03"


# Full-width ASCII (ＧＳ２５) → ASCII, and lone conjoining initials (U+1100…) → the compatibility
# jamo keyboards type (ㄱ…). NFKC would do the first but also turn ㄱ into a conjoining jamo.
_WIDTH_AND_JAMO = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)},
                   **{0x1100 + i: ord(ch) for i, ch in enumerate(CHOSEONG)}}


def normalise(text: str | None) -> str:
    """NFC (decomposed jamo become syllables), full-width letters as ASCII, lower case, no spaces."""
    return _SPACE.sub("", unicodedata.normalize("NFC", text or "").translate(_WIDTH_AND_JAMO)).lower()


def is_syllable(ch: str) -> bool:
    return _SYLLABLE_FIRST <= ord(ch) <= _SYLLABLE_LAST


def initial(ch: str) -> str:
    """The initial consonant of a Hangul syllable; any other character unchanged."""
    if is_syllable(ch):
        return CHOSEONG[(ord(ch) - _SYLLABLE_FIRST) // 588]
    return ch


def choseong_key(key_ko: str) -> str:
    return "".join(initial(ch) for ch in key_ko)


def has_choseong(query: str) -> bool:
    return any(ch in _CHOSEONG_SET for ch in query)


@lru_cache(maxsize=200_000)
def romanize(text: str) -> str:
    """Revised Romanization with sound changes (koroman), words capitalised: 김밥천국 → Gimbap Cheonguk."""
    if not text:
        return ""
    return koroman.romanize(text, casing_option="capitalize-word")


def roman_key(romanized: str) -> str:
    return _NOT_ALNUM.sub("", romanized.lower())


_DONG_UNIT = re.compile(r"^(.*?)(\d*)(동|가)$")


def romanize_dong(name_ko: str) -> str:
    """Dong names with the number and unit split off first: 농성1동 → Nongseong 1-dong."""
    match = _DONG_UNIT.match(name_ko)
    if not match or not match.group(1):
        return romanize(name_ko)
    base, number, unit = match.groups()
    unit_en = "dong" if unit == "동" else "ga"
    base_en = romanize(base).replace(" ", "")
    return f"{base_en} {number}-{unit_en}" if number else f"{base_en}-{unit_en}"


# Common endings of shopping-district names, in English, so "yangdong market" finds 양동시장.
DISTRICT_SUFFIXES = (
    ("골목형상점가", "Alley Shopping District"),
    ("전통시장", "Traditional Market"),
    ("상점가", "Shopping Street"),
    ("상가", "Arcade"),
    ("시장", "Market"),
)


# A dong with its number inside a word (화정1동중앙 → 화정1동, 중앙), so it is written apart.
_NUMBERED_DONG = re.compile(r"(\S*?\d{1,3}[동가])(?=\S)")


def _romanize_words(text: str) -> str:
    """Each word romanised on its own, a numbered dong as maps write it (Hwajeong 1-dong)."""
    words = _NUMBERED_DONG.sub(r"\1 ", text).split()
    return " ".join(romanize_dong(word) if _DONG_UNIT.match(word) and any(ch.isdigit() for ch in word)
                    else romanize(word).replace(" ", "") for word in words)


def romanize_district(name_ko: str) -> str:
    """English name of a shopping district, its words kept apart and its ending translated:
    화정1동중앙상점가 → Hwajeong 1-dong Jungang Shopping Street."""
    name = name_ko.strip()
    for suffix, english in DISTRICT_SUFFIXES:
        if name.endswith(suffix) and _SPACE.sub("", name) != suffix:
            return f"{_romanize_words(name[: -len(suffix)])} {english}"
    return _romanize_words(name)


_DISTRICT_NOISE = re.compile(r"(골목형상점가|전통시장|상점가|시장|상가)$")


def district_match_key(name: str) -> str:
    """Key for matching a shopping-district name from another source: spaces and common endings
    dropped, so 양동 시장, 양동시장 and 양동전통시장 are the same district."""
    compact = normalise(name)
    stripped = _DISTRICT_NOISE.sub("", compact)
    return stripped or compact


# How people spell Korean in Latin letters, folded to one key (docs/ARCHITECTURE.md, "Store search").
# Applied in this order to a roman key (lower-case letters and digits, hyphens and spaces already
# gone), to the query and to each name's key_en alike; then every run of one letter becomes one
# letter (kimbbap = kimbap, tteok = teok). The vowels o, u, eo and oo all fold to u, so that tteok,
# ddeok and duk meet, and so do pyeongyang and pyongyang.
VARIANT_RULES: tuple[tuple[str, str], ...] = (
    ("sh", "s"),   # shin → sin
    ("ch", "j"),   # kimchi, chikin → j
    ("ck", "k"),   # chicken
    ("c", "k"),    # cafe → kafe
    ("ee", "i"),   # kimchee → kimchi
    ("eo", "u"),   # tteok → ttuk
    ("oo", "u"),   # soondae → sundae
    ("o", "u"),    # pyongyang → pyungyang
    ("k", "g"),    # kimbap → gimbap
    ("t", "d"),    # tteok → ddeok
    ("p", "b"),    # gimbap → gimbab
    ("r", "l"),    # kalbi, galbi; bulgogi, pulgogi
)


def loose_key(key_en: str) -> str:
    """A roman key folded by :data:`VARIANT_RULES`, doubled letters made single: kim-bap, gimbap → gimbab."""
    folded = key_en
    for before, after in VARIANT_RULES:
        folded = folded.replace(before, after)
    return "".join(ch for i, ch in enumerate(folded) if i == 0 or folded[i - 1] != ch)


def loose_query(query: str) -> str:
    """The query as the postings hold loose keys: folded, in upper case."""
    return loose_key(roman_key(query)).upper()


def bigrams(key: str) -> set[str]:
    padded = key + END
    return {padded[i:i + 2] for i in range(len(key))}


def search_grams(key_ko: str, key_cho: str, key_en: str) -> set[str]:
    """Every bigram of the three keys: the postings the search looks candidates up in."""
    grams = bigrams(key_ko) | bigrams(key_en) | bigrams(loose_key(key_en).upper())
    if key_cho != key_ko:
        grams |= bigrams(key_cho)
    return grams


def trigrams(key: str) -> set[str]:
    return {key[i:i + 3] for i in range(len(key) - 2)}


def hangul_letters(*keys: str) -> set[str]:
    """The Hangul syllables and initial consonants in these keys: what a one-letter Korean query (김, ㄱ)
    finds, as one posting each."""
    return {ch for key in keys for ch in key if is_syllable(ch) or ch in _CHOSEONG_SET}


def posting_keys(key_ko: str, key_cho: str, key_en: str) -> set[str]:
    """What a store is posted under: every bigram of its keys (:func:`search_grams`), every trigram
    of its initial consonants, and every Hangul syllable and initial consonant in its keys. With only
    19 initials a pair of them is in thousands of names, a triple in a hundred or so: the trigrams are
    what make ㄱㅂㅊㄱ fast. The single letters make a one-letter query (김) one posting, counted and
    paged along its key, instead of the distinct stores of every bigram that starts with it."""
    return search_grams(key_ko, key_cho, key_en) | trigrams(key_cho) | hangul_letters(key_ko, key_cho, key_en)


def district_posting_keys(key_ko: str) -> set[str]:
    """The posting keys a one-posting Korean query can have when it names a shopping district whose key_ko is
    ``key_ko``: the Hangul letters of its key_ko and key_cho, and the bigrams of both (without the end
    sentinel, which no query has). models.DistrictGramCount counts the district's stores under each."""
    key_cho = choseong_key(key_ko)
    return hangul_letters(key_ko, key_cho) | {key[i:i + 2] for key in {key_ko, key_cho} for i in range(len(key) - 1)}


def matches_pattern(query: str, key_ko: str) -> bool:
    """Mixed initial-consonant query (ㄱ밥): each query character is a syllable that must be equal,
    or a consonant that must be the syllable's initial (or that consonant itself)."""
    n = len(query)
    for start in range(len(key_ko) - n + 1):
        for offset, q in enumerate(query):
            t = key_ko[start + offset]
            if q == t or (q in _CHOSEONG_SET and initial(t) == q):
                continue
            break
        else:
            return True
    return False


def name_matches(query: str, key_ko: str, key_en: str) -> bool:
    """The brute-force definition of a match, which the indexed search must equal exactly.

    A word of the bilingual vocabulary (chicken, kimbap, tteok) matches what its Korean words match
    (치킨, 김밥, 떡), and names that contain it as written (Cafe 미소). Any other query without Hangul
    matches names that contain it as written, or romanised (key_en), or folded by the variant rules.
    """
    q = normalise(query)
    if not q:
        return True
    if has_choseong(q):
        return matches_pattern(q, key_ko)
    if any(is_syllable(ch) for ch in q):
        return q in key_ko
    from alleyweb.stores.categories import korean_words  # the vocabulary needs this module's keys

    words = korean_words(q)
    if words:
        return q in key_ko or any(name_matches(word, key_ko, key_en) for word in words)
    q_en = roman_key(q)
    q_loose = loose_key(q_en)
    return q in key_ko or (bool(q_en) and q_en in key_en) or (bool(q_loose) and q_loose in loose_key(key_en))


def consonant_regex(query: str) -> str:
    """A regular expression equal to :func:`matches_pattern` for ``query``: each initial consonant stands
    for itself or any syllable it begins, every other character for itself (ㄱ밥 → [ㄱ가-깋]밥)."""
    parts = []
    for ch in query:
        if ch in _CHOSEONG_SET:
            first = _SYLLABLE_FIRST + CHOSEONG.index(ch) * 588
            parts.append(f"[{ch}{chr(first)}-{chr(first + 587)}]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def name_matcher(query: str) -> Callable[[str, str, str], bool]:
    """:func:`name_matches` for one query, worked out once to check many names in turn (the shopping
    districts): ``matcher(key_ko, key_en, loose_key(key_en))``. The search tests hold it to
    :func:`name_matches`."""
    q = normalise(query)
    if not q:
        return lambda key_ko, key_en, loose: True
    if has_choseong(q):
        pattern = re.compile(consonant_regex(q))
        return lambda key_ko, key_en, loose: pattern.search(key_ko) is not None
    if any(is_syllable(ch) for ch in q):
        return lambda key_ko, key_en, loose: q in key_ko
    from alleyweb.stores.categories import korean_words  # the vocabulary needs this module's keys

    words = korean_words(q)
    if words:
        by_word = [name_matcher(word) for word in words]
        return lambda key_ko, key_en, loose: q in key_ko or any(m(key_ko, key_en, loose) for m in by_word)
    q_en = roman_key(q)
    q_loose = loose_key(q_en)
    return lambda key_ko, key_en, loose: q in key_ko or bool(q_en and q_en in key_en) or \
        bool(q_loose and q_loose in loose)
