"""Invented store files in the national and the district format, for the demo site, tests and benchmarks.

The national file looks like the real one (docs/ARCHITECTURE.md, "Domain facts"): most rows belong to other
regions, flags are Y/N in any case with stray spaces, some 취급품목 are empty, shopping-district names are spelt
in several ways, and a few Gwangju rows name shopping districts the site does not know. Every
store is invented; generation is deterministic for a given seed.
"""

from __future__ import annotations

import csv
import random
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from alleyweb.stores import importer
from alleyweb.stores.text import district_match_key, normalise

DEMO_DISTRICTS = Path(__file__).resolve().parent.parent / "data" / "demo_districts.csv"

NATIONAL_HEADER = ["가맹점명", "소속 시장명(또는 상점가)", "소재지", "취급품목",
                   "지류형 가맹 여부", "디지털형 가맹 여부"]
OLD_YEAR, NEW_YEAR = "등록년도", "가맹 등록년도"
DISTRICT_HEADER = ["가맹점명", "상점가", "행정동", "도로명주소", "전화번호", "영업시간", "위도", "경도", "취급품목",
                   "지류", "디지털", "등록년도"]

OTHER_REGIONS = ["서울", "부산", "대구", "인천", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "전북",
                 "전남", "경북", "경남", "제주"]
OTHER_MARKET_TOWNS = ["중앙", "동부", "서부", "남부", "북부", "역전", "새벽", "제일", "신", "구", "대흥", "번영",
                      "평화"]
# Gwangju shopping districts of other boroughs: rows the site must report as unknown.
UNKNOWN_DISTRICTS = ["운암 골목형상점가", "첨단 먹자골목 골목형상점가", "봉선 중앙상점가", "월곡 상점가",
                     "두암시장", "각화 새벽시장", "송정 역전상점가", "용봉 골목형상점가"]

PREFIXES = ["행복", "우리", "원조", "소문난", "엄마손", "할매", "대박", "명품", "옛날", "참", "싱싱", "새", "으뜸",
            "제일", "해뜨는", "한결", "정다운", "늘푸른", "청춘", "시골", "고향", "형제", "부부", "남도", "광주",
            "서구", "무등", "빛고을", "황금", "다정", "별빛", "햇살", "미소", "하나", "사랑", "희망", "봄날", "초록",
            "푸른", "큰", "동네", "골목", "장터", "착한", "정직한", "솜씨", "손맛", "맛나", "진", "한빛", "영광",
            "목포", "나주", "담양", "해남", "일번지", "으뜸가는", "새벽", "달빛", "소나무"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN_NAMES = ["민준", "서연", "도윤", "지우", "하준", "서윤", "영희", "철수", "순자", "영수", "미숙", "정호", "미경",
               "은정", "상철", "경숙", "동현", "혜진", "성민", "현주", "재훈", "지영", "광수", "옥순", "말순", "용식",
               "정희", "민호", "수진", "태호", "복순", "춘자", "길동", "영자", "명수", "선희", "종국", "봉순"]
SURNAME_ENDINGS = ["씨네", "가네", "네", "여사", "사장네"]
NUMBERS = ["24시", "88", "1004", "7080", "365", "1번가", "2대째"]
LATIN = ["Cafe", "The", "Hello", "Bella", "K", "Mr.", "Happy", "Daily"]
CHAINS = [("GS25", "편의점, 식품"), ("CU", "편의점, 식품"), ("세븐일레븐", "편의점, 식품"),
          ("이마트24", "편의점, 식품"), ("BBQ치킨", "치킨"), ("파리바게뜨", "빵, 케이크")]
# Kind of shop → what the national file might list as its 취급품목 (choices separated by "|").
SHOP_TYPES = [(shop, items.split("|")) for shop, items in (
    ("김밥", "김밥, 분식|김밥|분식"), ("분식", "떡볶이, 순대, 튀김|분식"), ("정육점", "정육, 한우|정육"),
    ("정육식당", "정육, 식육식당"), ("카페", "커피, 음료|커피|음료, 디저트"), ("커피", "커피"),
    ("반찬", "반찬, 김치|반찬"), ("떡집", "떡, 한과|떡"), ("약국", "의약품|약국"), ("미용실", "미용, 헤어|미용"),
    ("헤어", "미용"), ("과일", "과일, 청과|과일"), ("청과", "과일, 채소"), ("수산", "생선, 수산물|수산물"),
    ("건어물", "건어물, 젓갈|건어물"), ("방앗간", "참기름, 고춧가루|방앗간"), ("국밥", "국밥, 순대|한식"),
    ("치킨", "치킨, 호프|치킨"), ("족발", "족발, 보쌈"), ("식당", "한식, 백반|한식"),
    ("마트", "식품, 생활용품|식품"), ("슈퍼", "식품, 잡화|식품"), ("의류", "의류, 잡화|의류"), ("신발", "신발"),
    ("한복", "한복, 주단"), ("철물", "철물, 공구|철물"), ("꽃집", "꽃, 화분|꽃"), ("안경", "안경, 콘택트렌즈|안경"),
    ("세탁소", "세탁"), ("문구", "문구, 완구"), ("제과", "빵, 케이크|제과"), ("베이커리", "빵"), ("한의원", "한약"),
    ("두부", "두부, 콩물"), ("이불", "이불, 침구"), ("가구", "가구"), ("전자", "가전, 전자제품"),
    ("그릇", "그릇, 주방용품"), ("쌀상회", "쌀, 잡곡"), ("닭집", "생닭, 통닭"), ("횟집", "회, 매운탕"),
    ("반점", "중식, 짜장면"), ("돈까스", "돈까스, 일식"), ("상회", "잡화|"), ("국수", "국수, 칼국수"),
    ("야채", "채소, 농산물"),
)]
_ENDING = re.compile(r"\s*(골목형상점가|전통시장|상점가|시장|상가)$")


@dataclass(frozen=True)
class DemoStore:
    name: str
    district: str
    region: str
    items: str
    paper: bool
    digital: bool
    year: int | None


@dataclass(frozen=True)
class DemoDistrict:
    name: str
    dong: str  # code or Korean name, as in the file
    kind: str


def demo_districts(path: Path = DEMO_DISTRICTS) -> list[DemoDistrict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [DemoDistrict(r["name"], r["dong"], r["kind"]) for r in csv.DictReader(handle)]


class StoreMaker:
    """Invented store names and items, unique (ignoring spaces and case) within each shopping district."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: dict[str, set[str]] = {}

    def store(self, district: str, region: str = importer.DEFAULT_REGION) -> DemoStore:
        rng = self.rng
        taken = self.taken.setdefault(district, set())
        for attempt in range(1000):
            name, items = self._name(district)
            if attempt > 20:  # a crowded district: branch numbers keep names apart
                name = f"{name} {attempt}호점"
            if normalise(name) not in taken:
                break
        taken.add(normalise(name))
        if rng.random() < 0.1:
            items = ""
        year = None if rng.random() < 0.03 else rng.randint(2009, 2025)
        return DemoStore(name, district, region, items, rng.random() < 0.85, rng.random() < 0.6, year)

    def _name(self, district: str) -> tuple[str, str]:
        rng = self.rng
        shop, items = rng.choice(SHOP_TYPES)
        items = rng.choice(items)
        prefix, place = rng.choice(PREFIXES), district_match_key(district)[:2]
        form = rng.random()
        if form < 0.30:
            return f"{prefix}{shop}", items
        if form < 0.40:
            return f"{prefix} {shop}", items
        if form < 0.55:
            person = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
            return f"{person}{rng.choice(['', ' '])}{shop}", items
        if form < 0.65:
            return f"{rng.choice(SURNAMES)}{rng.choice(SURNAME_ENDINGS)} {shop}", items
        if form < 0.75:
            return f"{prefix}{shop} {place}점", items
        if form < 0.80:
            return f"{prefix}{shop} {rng.randint(2, 9)}호점", items
        if form < 0.85:
            chain, chain_items = rng.choice(CHAINS)
            return f"{chain} {place}{rng.choice(['', '중앙', '역', '시장', '2호'])}점", chain_items
        if form < 0.90:
            return f"{rng.choice(NUMBERS)} {shop}", items
        if form < 0.95:
            return f"{shop} {prefix}", items
        return f"{rng.choice(LATIN)} {prefix}{shop}", items


def generate_stores(rows: int, *, seed: int = 2025, region_share: float = 0.1,
                    unknown_share: float = 0.0) -> Iterator[DemoStore]:
    """``rows`` invented stores: ``region_share`` of them in Gwangju's known shopping districts,
    ``unknown_share`` in Gwangju shopping districts the site does not know, the rest elsewhere."""
    rng = random.Random(seed)  # noqa: S311 - invented demo data, not security
    maker = StoreMaker(rng)
    names = [d.name for d in demo_districts()]
    for _ in range(rows):
        draw = rng.random()
        if draw < region_share:
            yield maker.store(rng.choice(names))
        elif draw < region_share + unknown_share:
            yield maker.store(rng.choice(UNKNOWN_DISTRICTS))
        else:
            region = rng.choice(OTHER_REGIONS)
            yield maker.store(f"{rng.choice(OTHER_MARKET_TOWNS)}{rng.choice(['시장', '상점가', '골목형상점가'])}",
                              region)


# --- writing the national format -----------------------------------------------------------------


def _flag(value: bool, rng: random.Random) -> str:
    """Y or N the ways real files write it: mostly plain, sometimes lower case or padded."""
    text = "Y" if value else "N"
    return rng.choice([text] * 6 + [text.lower(), f" {text}", f"{text} ", f" {text.lower()} "])


def _district_spelling(name: str, rng: random.Random) -> str:
    """The same district as other files spell it: without spaces, with another ending, or padded."""
    draw = rng.random()
    if draw < 0.7:
        return name
    if draw < 0.8:
        return name.replace(" ", "")
    if draw < 0.9:
        return f"  {name} "
    match = _ENDING.search(name)
    if not match or not name[:match.start()]:
        return name
    base = name[:match.start()]
    return base if rng.random() < 0.5 else f"{base} {'전통시장' if match.group(1).endswith('시장') else '상점가'}"


def national_row(store: DemoStore, rng: random.Random) -> list[str]:
    name = store.name if rng.random() < 0.95 else f" {store.name}  "
    district = _district_spelling(store.district, rng) if store.region == importer.DEFAULT_REGION else store.district
    year = "" if store.year is None else str(store.year)
    return [name, district, store.region, store.items, _flag(store.paper, rng), _flag(store.digital, rng), year]


def broken_rows(stores: list[DemoStore], district: str) -> list[list[str]]:
    """Rows an import must reject: empty name, a flag that is not Y/N, a bad year, a short row,
    and a repeat of an earlier store (which rejects the earlier row)."""
    rows = [["", district, "광주", "김밥", "Y", "N", "2020"],
            ["데모 오류상회", district, "광주", "잡화", "예", "N", "2020"],
            ["데모 연도상회", district, "광주", "잡화", "Y", "N", "1899"],
            ["데모 짧은줄", district, "광주"]]
    repeated = next((s for s in stores if s.region == importer.DEFAULT_REGION and s.district == district), None)
    if repeated is not None:
        rows.append([repeated.name, district, "광주", repeated.items, "Y" if repeated.paper else "N",
                     "Y" if repeated.digital else "N", str(repeated.year or "")])
    return rows


def write_national_file(path: Path, stores: list[DemoStore], *, seed: int = 2025, encoding: str = "utf-8-sig",
                        newer_header: bool = False, broken: bool = False) -> int:
    """Write stores as the national file; ``broken`` adds rows an import must reject. Returns the row count."""
    rng = random.Random(seed)  # noqa: S311 - invented demo data, not security
    rows = [national_row(store, rng) for store in stores]
    if broken:
        for row in broken_rows(stores, demo_districts()[0].name):
            rows.insert(rng.randrange(len(rows) + 1), row)
    header = [*NATIONAL_HEADER, NEW_YEAR if newer_header else OLD_YEAR]
    _write_csv(path, header, rows, encoding)
    return len(rows)


def _write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> None:
    with Path(path).open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


# --- writing the district format -----------------------------------------------------------------


def _phone(rng: random.Random) -> str:
    """A phone number written the ways people write one, from 010-0000-XXXX: numbers never issued, so
    that an invented store never shows somebody's real number."""
    line = f"{rng.randint(0, 9999):04d}"
    return rng.choice([f"010-0000-{line}", f"010 0000 {line}", f"(010)0000-{line}", f"0100000{line}", ""])


def _demo_centre(district: str) -> tuple[float, float]:
    """An invented point inside Seo-gu for a demo district, the same on every run, so that its demo stores
    sit near each other (and near me has something to sort)."""
    rng = random.Random(district)  # noqa: S311 - invented demo data, not security
    return rng.uniform(35.115, 35.165), rng.uniform(126.845, 126.905)


def district_row(store: DemoStore, dong: str, rng: random.Random) -> list[str]:
    """A store as the district's own file lists it: address, phone, hours, dong and coordinates. Addresses
    are marked 데모 (like the demo's other invented values): a real road-name address would point at a
    real building that is not this store."""
    if rng.random() < 0.9:
        lat, lng = _demo_centre(store.district)
        lat, lng = f"{lat + rng.uniform(-0.002, 0.002):.6f}", f"{lng + rng.uniform(-0.002, 0.002):.6f}"
    else:
        lat = lng = ""
    address = f"데모 주소 {rng.randint(1, 300)}번"
    hours = rng.choice(["", "", "09:00~20:00", "10:00~22:00 (일요일 휴무)"])
    return [store.name, store.district, dong if rng.random() < 0.5 else "", address, _phone(rng), hours, lat, lng,
            store.items, "Y" if store.paper else "N", "Y" if store.digital else "N", str(store.year or "")]


def write_district_file(path: Path, stores: list[DemoStore], *, seed: int = 2025, share: float = 0.1,
                        encoding: str = "utf-8-sig") -> int:
    """The district's richer file for ``share`` of the Gwangju stores in known districts."""
    rng = random.Random(seed)  # noqa: S311 - invented demo data, not security
    dongs = {d.name: d.dong for d in demo_districts()}
    rows = [district_row(s, dongs[s.district], rng) for s in stores
            if s.district in dongs and s.region == importer.DEFAULT_REGION and rng.random() < share]
    _write_csv(path, DISTRICT_HEADER, rows, encoding)
    return len(rows)


# --- files the size of the national one -------------------------------------------------------

NATIONAL_ROWS = 125_600  # the 2025 national file
NATIONAL_GWANGJU_SHARE = 12_000 / NATIONAL_ROWS  # its rows in Seo-gu's shopping districts, roughly


def write_national_sized_file(path: Path, *, region_share: float = NATIONAL_GWANGJU_SHARE, seed: int = 2025,
                              encoding: str = "utf-8-sig") -> list[DemoStore]:
    """A national-format file of the national file's size. With ``region_share=1.0`` every row is a
    store in a known district, so that an import makes that many stores (the benchmarks' case)."""
    stores = list(generate_stores(NATIONAL_ROWS, seed=seed, region_share=region_share))
    write_national_file(path, stores, seed=seed, encoding=encoding)
    return stores


# --- the demo site ------------------------------------------------------------------------------

DEMO_ROWS = 4000  # about 3,000 of them Gwangju stores in known districts


def write_demo_files(directory: Path, *, encoding: str = "utf-8-sig") -> tuple[Path, Path]:
    """The demo national file (with every kind of awkward row) and the district's file for some of its stores."""
    stores = list(generate_stores(DEMO_ROWS, seed=2025, region_share=0.75, unknown_share=0.04))
    national, district = Path(directory) / "onnuri_demo.csv", Path(directory) / "district_demo.csv"
    write_national_file(national, stores, encoding=encoding, broken=True)
    write_district_file(district, stores)
    return national, district


def seed_demo_stores() -> tuple[importer.DistrictLoadResult, list[importer.ImportResult]]:
    """Load the demo districts, then import the demo files unless that would change nothing (idempotent)."""
    districts = importer.load_districts(DEMO_DISTRICTS)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in write_demo_files(Path(tmp)):
            result = importer.import_stores(path, dry_run=True)
            if result.added or result.updated or result.hidden:
                result = importer.import_stores(path)
            results.append(result)
    return districts, results
