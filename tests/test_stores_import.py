"""Loading shopping districts and importing member-store files (national and district formats)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stores import demo, importer, indexing
from alleyweb.stores.models import GramCategoryCount, GramCount, ShoppingDistrict, Store, StoreGram, StoreImport
from alleyweb.stores.search import StoreQuery, brute_force_ids, search
from alleyweb.stores.services import save_district
from alleyweb.stores.text import bigrams
from tests.helpers import count

HEADER = [*demo.NATIONAL_HEADER, demo.OLD_YEAR]
NEWER_HEADER = [*demo.NATIONAL_HEADER, demo.NEW_YEAR]
# The district's file as it was before 영업시간: optional columns may be missing.
DISTRICT_HEADER = ["가맹점명", "상점가", "행정동", "도로명주소", "전화번호", "위도", "경도", "취급품목", "지류",
                   "디지털", "등록년도"]
MARKET, ALLEY = "양동시장", "농성 먹자골목 골목형상점가"


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def row(name: str, district: str = MARKET, region: str = "광주", items: str = "과일", paper: str = "Y",
        digital: str = "N", year: str = "2020") -> list[str]:
    return [name, district, region, items, paper, digital, year]


@pytest.fixture()
def districts(app, clean_db):
    """Two shopping districts (a market in 양동, an alley in 농성1동) in an app context."""
    with app.app_context():
        dongs = {d.name_ko: d.id for d in db.session.scalars(select(Dong))}
        save_district(MARKET, dongs["양동"], "market")
        save_district(ALLEY, dongs["농성1동"], "alley")
        db.session.commit()
        yield dongs


def stores_by_name() -> dict[str, Store]:
    db.session.rollback()  # a fresh snapshot, after what the import committed
    return {s.name: s for s in db.session.scalars(select(Store))}


def snapshot() -> list[tuple]:
    """Everything an import may change, to prove that a failed or dry run changed nothing."""
    db.session.rollback()
    stores = db.session.execute(select(Store.import_key, Store.name, Store.items, Store.visible, Store.updated_at,
                                       Store.last_import_id).order_by(Store.import_key)).all()
    return [tuple(stores), count(StoreGram), count(GramCount), count(StoreImport)]


def assert_accounted(result: importer.ImportResult) -> None:
    """Every row read is in exactly one of the outcomes."""
    assert result.read == (result.added + result.updated + result.unchanged + result.other_region
                           + result.unknown_district + len(result.rejected))


# --- the national file -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp949"])
@pytest.mark.parametrize("header", [HEADER, NEWER_HEADER], ids=["등록년도", "가맹 등록년도"])
def test_national_file_in_either_encoding_and_header(districts, tmp_path, encoding, header):
    rows = [row("양동청과"), row("행복 김밥", ALLEY, items="김밥, 분식", year="2019")]
    path = write_csv(tmp_path / "onnuri.csv", rows, header, encoding)
    result = importer.import_stores(path)
    assert (result.encoding, result.file_format) == (encoding, "national")
    assert (result.read, result.added, result.rejected) == (2, 2, [])
    stores = stores_by_name()
    kimbap = stores["행복 김밥"]
    assert kimbap.district.name == ALLEY and kimbap.dong_id == districts["농성1동"]
    assert (kimbap.category, kimbap.items, kimbap.registered_year, kimbap.source) == ("food", "김밥, 분식", 2019,
                                                                                     "national")
    assert kimbap.import_key == f"{kimbap.district_id}:행복김밥"
    assert (kimbap.name_en, kimbap.key_ko, kimbap.key_cho, kimbap.key_en) == ("Haengbok Gimbap", "행복김밥", "ㅎㅂㄱㅂ",
                                                                              "haengbokgimbap")
    assert kimbap.visible and kimbap.last_import_id == result.import_id
    assert stores["양동청과"].category == "grocery"


def test_flags_in_any_case_with_stray_spaces_and_empty_items(districts, tmp_path):
    rows = [row("가게1", paper=" y", digital="N "), row("가게2", paper="n", digital=" Y "),
            row("가게3", paper="", digital="y"), row("  가게4  ", items="", year="")]
    result = importer.import_stores(write_csv(tmp_path / "f.csv", rows))
    assert result.added == 4 and not result.rejected
    stores = stores_by_name()
    assert [(stores[n].accepts_paper, stores[n].accepts_digital) for n in ("가게1", "가게2", "가게3")] == [
        (True, False), (False, True), (False, True)]
    assert (stores["가게4"].items, stores["가게4"].category, stores["가게4"].registered_year) == ("", "other", None)


def test_imports_keep_the_district_counts_exact(districts, tmp_path):
    """An import adds, renames, moves and hides stores: the per-district counts of the postings under the keys of
    the districts' names (district_gram_counts) follow, and so do the totals of queries naming a district."""
    from alleyweb.stores.search import brute_force_ids
    from tests.test_stores_search import district_counts_are_exact

    first = [row("양동 과일"), row("양동 정육점"), row("먹자 분식", ALLEY), row("골목 떡집", ALLEY), row("시장 닭집")]
    importer.import_stores(write_csv(tmp_path / "f.csv", first))
    second = [row("양동 과일"), row("먹자 분식"), row("골목 떡집", ALLEY), row("양동 골목 치킨", ALLEY)]
    importer.import_stores(write_csv(tmp_path / "g.csv", second))  # 먹자 분식 moves; two stores hidden; one added
    db.session.rollback()
    district_counts_are_exact()
    for q in ["양동", "ㅇㄷ", "먹자", "골목", "ㄱㅁ", "시장", "양", "ㅁ"]:
        assert search(StoreQuery(q=q)).total == len(brute_force_ids(StoreQuery(q=q))), q


def test_rows_of_other_regions_are_skipped(districts, tmp_path):
    rows = [row("광주가게"), row("광역시가게", region="광주광역시"), row("서울가게", region="서울"),
            row("부산가게", region="부산"), row("경기광주가게", region="경기도 광주시")]
    result = importer.import_stores(write_csv(tmp_path / "f.csv", rows))
    assert (result.added, result.other_region) == (2, 3)
    assert set(stores_by_name()) == {"광주가게", "광역시가게"}
    seoul = importer.import_stores(write_csv(tmp_path / "g.csv", rows), region="서울", dry_run=True)
    assert (seoul.other_region, seoul.added) == (4, 1)


def test_district_names_match_after_normalising_spaces_and_endings(districts, tmp_path):
    rows = [row("가게1", "양동 시장"), row("가게2", "양동전통시장"), row("가게3", "농성먹자골목"),
            row("가게4", " 농성 먹자골목 상점가 ")]
    result = importer.import_stores(write_csv(tmp_path / "f.csv", rows))
    assert result.added == 4 and result.unknown_district == 0


def test_unknown_districts_are_counted_and_written_to_a_report(app, districts, tmp_path):
    rows = [row("가게1", "말바우시장"), row("가게2", "말바우 시장"), row("가게3", "말바우시장"),
            row("가게4", "첨단 골목형상점가"), row("가게5"), row("서울가게", "말바우시장", region="서울")]
    path = write_csv(tmp_path / "f.csv", rows)
    report = tmp_path / "unknown.csv"
    output = app.test_cli_runner().invoke(args=["stores", "import", str(path), "--report", str(report)])
    assert output.exit_code == 0, output.output
    assert "skipped: 1 of other regions, 4 in 2 unknown shopping districts" in output.output
    with report.open(encoding="utf-8-sig") as handle:
        assert list(csv.reader(handle)) == [["name", "dong", "kind", "rows"], ["말바우시장", "", "", "3"],
                                            ["첨단 골목형상점가", "", "", "1"]]
    assert set(stores_by_name()) == {"가게5"}
    # Filled in, the report is a district file: the stores of those districts can then be imported.
    report.write_text(report.read_text(encoding="utf-8-sig").replace(",,,", ",양동,market,", 1), encoding="utf-8")
    loaded = app.test_cli_runner().invoke(args=["stores", "districts", str(report)])
    assert "districts: 1 added, 0 updated, 0 unchanged, 1 rejected" in loaded.output
    assert "line 3: kind must be alley or market, not ''" in loaded.output
    assert importer.import_stores(path).added == 3


def test_report_defaults_to_a_file_next_to_the_import(app, districts, tmp_path):
    path = write_csv(tmp_path / "onnuri.csv", [row("가게1", "말바우시장"), row("가게2")])
    output = app.test_cli_runner().invoke(args=["stores", "import", str(path)])
    assert output.exit_code == 0, output.output
    assert (tmp_path / "onnuri-unknown-districts.csv").exists()
    assert "recorded as import #" in output.output


def test_rejected_rows_give_their_line_and_reason(districts, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(
        ",".join(HEADER) + "\n"
        + "좋은가게,양동시장,광주,과일,Y,N,2020\n"            # 2: kept at first, then repeated on line 9
        + ",양동시장,광주,과일,Y,N,2020\n"                    # 3
        + "나쁜표시,양동시장,광주,과일,예,N,2020\n"            # 4
        + "옛날가게,양동시장,광주,과일,Y,N,1899\n"             # 5
        + "짧은줄,양동시장,광주\n"                              # 6
        + "상점가없음,,광주,과일,Y,N,2020\n"                   # 7
        + '"여러 줄\n이름",양동시장,광주,과일,Y,N,2020\n'       # 8-9: one record over two lines
        + "좋은 가게,양동시장,광주,채소,y,y,2021\n"            # 10: the same store as line 2
        + "\n"                                                 # blank: not a row
        + "끝가게,양동시장,광주,과일,Y,N,2020,,\n",             # 12: trailing empty cells are fine
        encoding="utf-8")
    result = importer.import_stores(path)
    assert [(r.line, r.reason) for r in result.rejected] == [
        (2, "duplicate of line 10"),
        (3, "empty 가맹점명"),
        (4, "지류 must be Y or N, not '예'"),
        (5, "등록년도 must be a year from 2000 to 2100, not '1899'"),
        (6, "expected 7 columns, found 3"),
        (7, "empty shopping district"),
    ]
    assert result.read == 9 and result.added == 3
    assert_accounted(result)
    stores = stores_by_name()
    assert set(stores) == {"좋은 가게", "여러 줄 이름", "끝가게"}
    assert (stores["좋은 가게"].items, stores["좋은 가게"].accepts_digital) == ("채소", True)


def test_an_unrecognised_or_empty_file_is_refused(app, districts, tmp_path):
    other = write_csv(tmp_path / "other.csv", [["a", "b"]], header=["이름", "주소"])
    with pytest.raises(importer.ImportFileError, match="unrecognised header"):
        importer.import_stores(other)
    output = app.test_cli_runner().invoke(args=["stores", "import", str(other)])
    assert output.exit_code == 1 and "unrecognised header" in output.output
    nothing_here = write_csv(tmp_path / "seoul.csv", [row("서울가게", region="서울")])
    with pytest.raises(importer.ImportFileError, match="would hide every store"):
        importer.import_stores(nothing_here)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x80\xff\xfe\x00")
    with pytest.raises(importer.ImportFileError, match="neither UTF-8 nor cp949"):
        importer.import_stores(binary)
    assert count(StoreImport) == 0


def test_awkward_content_cannot_break_an_import(districts, tmp_path):
    """A NUL byte, and a name whose romanisation is longer than its column (PostgreSQL enforces it)."""
    long_name = "꽦" * 110
    result = importer.import_stores(write_csv(tmp_path / "f.csv", [row("널\x00가게"), row(long_name)]))
    assert result.added == 2
    stores = stores_by_name()
    assert "널가게" in stores and len(stores[long_name].name_en) == Store.name_en.type.length


def test_a_quote_never_closed_is_reported_with_its_line(districts, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(",".join(HEADER) + "\n가게1,양동시장,광주,과일,Y,N,2020\n\"가게2" + "가" * 140_000 + "\n",
                    encoding="utf-8")
    with pytest.raises(importer.ImportFileError, match="line 3: field larger than field limit"):
        importer.import_stores(path)


# --- re-imports --------------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(districts, tmp_path):
    path = write_csv(tmp_path / "f.csv", [row("가게1"), row("가게2", ALLEY), row("가게3", items="")])
    first = importer.import_stores(path)
    before = snapshot()
    second = importer.import_stores(path)
    assert (second.added, second.updated, second.unchanged, second.hidden) == (0, 0, 3, 0)
    after = snapshot()
    assert after[:3] == before[:3]  # stores (with their timestamps), postings and counts untouched
    assert after[3] == before[3] + 1  # the run itself is recorded
    assert count(Store) == 3
    assert db.session.get(StoreImport, second.import_id).counts == second.counts()
    assert first.import_id != second.import_id


def test_a_newer_file_hides_missing_stores_and_shows_returning_ones(districts, tmp_path):
    importer.import_stores(write_csv(tmp_path / "2024.csv", [row("가게1"), row("가게2"), row("가게3")]))
    newer = importer.import_stores(write_csv(tmp_path / "2025.csv", [row("가게1"), row("가게2", items="채소"),
                                                                     row("가게4")], NEWER_HEADER))
    assert (newer.added, newer.updated, newer.unchanged, newer.hidden) == (1, 1, 1, 1)
    stores = stores_by_name()
    assert not stores["가게3"].visible and count(Store) == 4  # hidden, not deleted
    assert stores["가게3"].last_import_id == newer.import_id
    assert stores["가게2"].items == "채소" and stores["가게2"].category == "grocery"
    back = importer.import_stores(write_csv(tmp_path / "2026.csv", [row("가게1"), row("가게2", items="채소"),
                                                                    row("가게3"), row("가게4")]))
    assert (back.added, back.updated, back.unchanged, back.hidden) == (0, 1, 3, 0)
    assert stores_by_name()["가게3"].visible and count(Store) == 4


@pytest.mark.parametrize("failing", ["refresh_gram_counts", "replace_grams"])
def test_a_failure_midway_changes_nothing(districts, tmp_path, monkeypatch, failing):
    importer.import_stores(write_csv(tmp_path / "old.csv", [row("가게1"), row("가게2"), row("가게3")]))
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(indexing, failing, fail)
    newer = write_csv(tmp_path / "new.csv", [row("가게1", items="채소"), row("가 게2"), row("가게5"), row("가게6")])
    with pytest.raises(RuntimeError, match="disk full"):
        importer.import_stores(newer)
    assert snapshot() == before


def test_a_failure_in_the_first_import_leaves_no_store(districts, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "_hide_stores", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        importer.import_stores(write_csv(tmp_path / "f.csv", [row("가게1"), row("가게2")]))
    assert snapshot() == [(), 0, 0, 0]


def test_dry_run_reports_what_would_change_and_changes_nothing(app, districts, tmp_path):
    importer.import_stores(write_csv(tmp_path / "old.csv", [row("가게1"), row("가게2"), row("가게3")]))
    before = snapshot()
    newer = write_csv(tmp_path / "new.csv", [row("가게1", items="커피"), row("가게2"), row("가게4"),
                                             row("가게5", "말바우시장")])
    result = importer.import_stores(newer, dry_run=True)
    assert (result.dry_run, result.added, result.updated, result.unchanged, result.hidden) == (True, 1, 1, 1, 1)
    assert [c.name for c in result.added_stores] == ["가게4"]
    assert [(c.name, c.fields) for c in result.updated_stores] == [("가게1", ("items", "category"))]
    assert [(c.name, c.district) for c in result.hidden_stores] == [("가게3", MARKET)]
    assert result.import_id is None
    output = app.test_cli_runner().invoke(args=["stores", "import", str(newer), "--dry-run"])
    assert output.exit_code == 0, output.output
    assert ("dry run, nothing changed: the import would add 1, update 1, leave 1 unchanged and hide 1"
            in output.output)
    assert "would hide 가게3 — 양동시장" in output.output
    assert snapshot() == before


# --- search postings ---------------------------------------------------------------------------


def postings(store_id: int) -> set[str]:
    return set(db.session.scalars(select(StoreGram.gram).where(StoreGram.store_id == store_id)))


def test_imported_stores_have_their_postings_and_counts(districts, tmp_path):
    importer.import_stores(write_csv(tmp_path / "f.csv", [row("김밥천국"), row("GS25 양동점"), row("카페")]))
    for store in stores_by_name().values():
        grams = postings(store.id)
        assert bigrams(store.key_ko) <= grams and bigrams(store.key_en) <= grams and bigrams(store.key_cho) <= grams
    counts = dict(db.session.execute(select(GramCount.gram, GramCount.stores)).tuples().all())
    assert counts["김밥"] == 1 and counts["ㄱㅂ"] == 1 and counts["gs"] == 1


def test_a_respelt_name_gets_new_postings(districts, tmp_path):
    importer.import_stores(write_csv(tmp_path / "old.csv", [row("맛 나라")]))
    store = stores_by_name()["맛 나라"]
    assert store.key_en == "matnara" and "tn" in postings(store.id)
    result = importer.import_stores(write_csv(tmp_path / "new.csv", [row("맛나라")]))
    assert (result.updated, result.added, result.hidden) == (1, 0, 0)
    renamed = stores_by_name()["맛나라"]
    assert renamed.id == store.id and (renamed.name_en, renamed.key_en) == ("Mannara", "mannara")
    grams = postings(store.id)
    assert "tn" not in grams and bigrams("mannara") <= grams and bigrams("맛나라") <= grams


def test_hidden_stores_lose_their_postings_and_get_them_back(districts, tmp_path):
    importer.import_stores(write_csv(tmp_path / "a.csv", [row("김밥천국"), row("양동통닭")]))
    store = stores_by_name()["양동통닭"]
    assert postings(store.id)
    result = importer.import_stores(write_csv(tmp_path / "b.csv", [row("김밥천국")]))
    assert result.hidden == 1 and not postings(store.id)
    assert search(StoreQuery()).total == 1 and search(StoreQuery(q="통닭")).total == 0
    assert db.session.scalar(select(GramCount.stores).where(GramCount.gram == "통닭")) is None
    result = importer.import_stores(write_csv(tmp_path / "c.csv", [row("김밥천국"), row("양동통닭")]))
    assert result.updated == 1 and bigrams(store.key_ko) <= postings(store.id)
    assert search(StoreQuery()).total == 2 and search(StoreQuery(q="통닭")).total == 1
    names = set(db.session.scalars(select(StoreGram.name_sort).where(StoreGram.store_id == store.id)))
    assert names == {store.name_sort}


def test_a_large_postgresql_load_rebuilds_the_postings_keys(districts, tmp_path, monkeypatch):
    """Above the bulk threshold PostgreSQL drops and rebuilds store_grams' keys; they must be back."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the bulk path is PostgreSQL's")
    monkeypatch.setattr(indexing, "BULK_POSTINGS", 1)
    importer.import_stores(write_csv(tmp_path / "f.csv", [row("김밥천국"), row("양동통닭")]))
    db.session.rollback()
    inspector = inspect(db.engine)
    assert inspector.get_pk_constraint("store_grams")["name"] == "pk_store_grams"
    assert [i["name"] for i in inspector.get_indexes("store_grams")] == ["ix_store_grams_store_id"]
    foreign_key = inspector.get_foreign_keys("store_grams")[0]
    assert (foreign_key["name"], foreign_key["options"].get("ondelete")) == ("fk_store_grams_store_id_stores",
                                                                             "CASCADE")
    store = stores_by_name()["김밥천국"]
    assert bigrams(store.key_ko) <= postings(store.id)


def planner_statistics(*, forget: bool = False) -> object:
    """What the database knows of the stores table's shape (None: nothing); ``forget`` clears it
    first where that is possible (SQLite)."""
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        return db.session.scalar(text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'stores'"))
    if not db.session.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")):
        return None
    if forget:
        db.session.execute(text("DELETE FROM sqlite_stat1 WHERE tbl = 'stores'"))
        db.session.commit()
    return db.session.scalar(text("SELECT group_concat(stat) FROM sqlite_stat1 WHERE tbl = 'stores'"))


def test_an_import_that_adds_stores_refreshes_the_planner_statistics(districts, tmp_path):
    before = planner_statistics(forget=True)
    importer.import_stores(write_csv(tmp_path / "f.csv", [row("김밥천국"), row("양동통닭"), row("카페")]))
    assert planner_statistics() not in (None, before)


# --- the district's own file -------------------------------------------------------------------


def district_row(name: str, district: str = MARKET, dong: str = "", address: str = "광주광역시 서구 천변좌로 238",
                 phone: str = "062 361 1234", lat: str = "35.1525", lng: str = "126.9010", items: str = "통닭",
                 paper: str = "Y", digital: str = "y", year: str = "2019") -> list[str]:
    return [name, district, dong, address, phone, lat, lng, items, paper, digital, year]


def posting_filters(store_id: int) -> set[tuple]:
    """The filters' values the postings of a store carry (one tuple when they all agree)."""
    from alleyweb.stores.models import POSTING_FILTERS

    return set(db.session.execute(select(*(getattr(StoreGram, name) for name in POSTING_FILTERS))
                                  .where(StoreGram.store_id == store_id)).tuples())


def test_an_import_that_changes_a_stores_filters_keeps_its_postings_copy(districts, tmp_path):
    """A store whose category or certificates a newer file changes (same name and district) keeps its postings;
    their copy of its filters follows (fails without indexing.refresh_posting_filters in apply_plan), and a search
    with query text and filters finds it under the new values only."""
    importer.import_stores(write_csv(tmp_path / "a.csv", [row("양동통닭", items="과일"), row("김밥천국")]))
    store = stores_by_name()["양동통닭"]
    assert posting_filters(store.id) == {("grocery", store.dong_id, store.district_id, True, False)}
    result = importer.import_stores(write_csv(tmp_path / "b.csv", [
        row("양동통닭", items="통닭 치킨", paper="N", digital="Y"), row("김밥천국")]))
    assert result.updated == 1
    store = stores_by_name()["양동통닭"]
    assert (store.category, store.accepts_paper, store.accepts_digital) == ("food", False, True)
    assert posting_filters(store.id) == {("food", store.dong_id, store.district_id, False, True)}
    counts = dict(db.session.execute(select(GramCategoryCount.category, GramCategoryCount.stores)
                                     .where(GramCategoryCount.gram == "통닭")).tuples().all())
    assert counts == {"food": 1}  # counted again in its new category
    for query, found in [(StoreQuery(q="통닭", category="food"), 1), (StoreQuery(q="통닭", category="grocery"), 0),
                         (StoreQuery(q="통닭", accepts="paper"), 0), (StoreQuery(q="통닭", accepts="digital"), 1),
                         (StoreQuery(q="통닭", district_id=store.district_id), 1)]:
        assert search(query).total == found == len(brute_force_ids(query)), query


def test_the_district_file_adds_address_phone_dong_and_coordinates(districts, tmp_path):
    importer.import_stores(write_csv(tmp_path / "national.csv", [row("양동통닭", items="통닭"), row("가게2")]))
    rows = [district_row("양동 통닭", dong="양3동"), district_row("새가게", ALLEY, phone="", lat="", lng="")]
    result = importer.import_stores(write_csv(tmp_path / "district.csv", rows, DISTRICT_HEADER, "cp949"))
    assert (result.file_format, result.encoding, result.updated, result.added, result.hidden) == (
        "district", "cp949", 1, 1, 0)
    stores = stores_by_name()
    chicken = stores["양동 통닭"]
    assert (chicken.address, chicken.phone) == ("광주광역시 서구 천변좌로 238", "062-361-1234")
    assert (chicken.lat, chicken.lng) == (35.1525, 126.901)
    assert (chicken.dong_id, chicken.source, chicken.accepts_digital) == (districts["양3동"], "district", True)
    new = stores["새가게"]
    assert (new.phone, new.lat, new.dong_id, new.source) == ("", None, districts["농성1동"], "district")
    # A later national file keeps what only the district's file knows, and hides no district store.
    again = importer.import_stores(write_csv(tmp_path / "national2.csv", [row("양동통닭", items="통닭"), row("가게2")]))
    assert again.hidden == 0
    chicken = stores_by_name()["양동통닭"]
    assert (chicken.address, chicken.phone, chicken.dong_id) == ("광주광역시 서구 천변좌로 238", "062-361-1234",
                                                                 districts["양3동"])
    assert stores_by_name()["새가게"].visible


def test_the_district_file_rejects_bad_phones_coordinates_and_dongs(districts, tmp_path):
    rows = [district_row("가게1", phone="12345"), district_row("가게2", lat="37.5665", lng="126.9780"),
            district_row("가게3", lng=""), district_row("가게4", dong="없는동"), district_row("가게5", lat="북위"),
            district_row("가게6", dong="2914065000", phone="010.1234.5678")]
    result = importer.import_stores(write_csv(tmp_path / "district.csv", rows, DISTRICT_HEADER))
    assert [(r.line, r.reason) for r in result.rejected] == [
        (2, "전화번호 '12345' is not a phone number"),
        (3, "위도/경도 37.5665, 126.978 is outside Gwangju"),
        (4, "위도/경도 must both be numbers, not '35.1525', ''"),
        (5, "unknown dong '없는동'"),
        (6, "위도/경도 must both be numbers, not '북위', '126.9010'"),
    ]
    store = stores_by_name()["가게6"]
    assert (store.phone, store.dong_id) == ("010-1234-5678", districts["농성1동"])


# --- shopping districts ------------------------------------------------------------------------


def test_districts_cli_loads_updates_and_rejects(app, clean_db, tmp_path):
    path = write_csv(tmp_path / "districts.csv", [
        ["양동시장", "양동", "market"],
        ["농성 먹자골목 골목형상점가", "2914065000", "alley"],
        ["유령 상점가", "없는동", "alley"],
        ["이상한 상점가", "양동", "mall"],
        ["", "양동", "alley"],
        ["양동 시장", "양동", "MARKET"],
    ], header=["name", "dong", "kind"])
    runner = app.test_cli_runner()
    first = runner.invoke(args=["stores", "districts", str(path)])
    assert first.exit_code == 0, first.output
    assert "districts: 2 added, 0 updated, 0 unchanged, 4 rejected" in first.output
    for line in ("line 2: duplicate of line 7", "line 4: unknown dong '없는동'",
                 "line 5: kind must be alley or market, not 'mall'", "line 6: empty name"):
        assert line in first.output
    second = runner.invoke(args=["stores", "districts", str(path)])
    assert "districts: 0 added, 0 updated, 2 unchanged, 4 rejected" in second.output
    with app.app_context():
        market = db.session.scalar(select(ShoppingDistrict).where(ShoppingDistrict.match_key == "양동"))
        assert (market.name, market.name_en, market.kind, market.key_ko, market.key_en) == (
            "양동 시장", "Yangdong Market", "market", "양동시장", "yangdongmarket")
    respelt = write_csv(tmp_path / "respelt.csv", [["양동전통시장", "양동", "market"]], header=["name", "dong", "kind"])
    third = runner.invoke(args=["stores", "districts", str(respelt)])
    assert "districts: 0 added, 1 updated, 0 unchanged, 0 rejected" in third.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ShoppingDistrict)) == 2


def test_the_demo_districts_cover_all_18_dongs(app_ctx, clean_db):
    result = importer.load_districts(demo.DEMO_DISTRICTS)
    assert (result.added, result.rejected) == (125, [])
    kinds = dict(db.session.execute(select(ShoppingDistrict.kind, func.count()).group_by(ShoppingDistrict.kind))
                 .tuples().all())
    assert kinds == {"alley": 119, "market": 6}
    assert db.session.scalar(select(func.count(func.distinct(ShoppingDistrict.dong_id)))) == 18


# --- demo files --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949"])
def test_the_demo_file_imports_with_every_kind_of_row(app_ctx, clean_db, tmp_path, encoding):
    importer.load_districts(demo.DEMO_DISTRICTS)
    national, district = demo.write_demo_files(tmp_path, encoding=encoding)
    progress = []
    result = importer.import_stores(national, progress=progress.append)
    assert_accounted(result)
    assert result.encoding == encoding
    assert sum(progress) == result.read and max(progress) == importer.PROGRESS_EVERY
    assert 2800 < result.added < 3200 and result.other_region > 500 and result.unknown_district > 50
    assert len(result.unknown_districts) == len(demo.UNKNOWN_DISTRICTS)
    reasons = sorted(r.reason.split(" of line")[0] for r in result.rejected)
    assert reasons == ["duplicate", "empty 가맹점명", "expected 7 columns, found 3",
                       "등록년도 must be a year from 2000 to 2100, not '1899'", "지류 must be Y or N, not '예'"]
    enriched = importer.import_stores(district)
    assert enriched.updated > 200 and not enriched.rejected and enriched.added == 0
    assert importer.import_stores(national).unchanged == result.added


def test_seeding_the_demo_stores_twice_changes_nothing(app_ctx, clean_db):
    districts, imports = demo.seed_demo_stores()
    assert districts.added == 125 and imports[0].added > 2800
    runs = count(StoreImport)
    districts, imports = demo.seed_demo_stores()
    assert districts.unchanged == 125
    assert all(r.added == r.updated == r.hidden == 0 and r.dry_run for r in imports)
    assert count(StoreImport) == runs


def test_demo_file_cli_writes_an_all_gwangju_file(app, clean_db, tmp_path):
    out = tmp_path / "all.csv"
    output = app.test_cli_runner().invoke(args=["stores", "demo-file", str(out), "--rows", "300",
                                                "--region-share", "1.0", "--encoding", "cp949", "--newer-header"])
    assert output.exit_code == 0 and "wrote 300 rows" in output.output
    with out.open(encoding="cp949") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][-1] == "가맹 등록년도" and len(rows) == 301
    assert {r[2] for r in rows[1:]} == {"광주"}
    with app.app_context():
        importer.load_districts(demo.DEMO_DISTRICTS)
        assert importer.import_stores(out).added == 300
