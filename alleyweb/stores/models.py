from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alleyweb.core.database import TimestampMixin, utcnow
from alleyweb.extensions import db

DISTRICT_KINDS = ("alley", "market")


class ShoppingDistrict(TimestampMixin, db.Model):
    """An alley-type shopping district (골목형상점가) or a traditional market, in one dong."""

    __tablename__ = "shopping_districts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    name_en: Mapped[str] = mapped_column(String(160), nullable=False, default="")
    # Name with spaces and common endings dropped: how names from other files are matched to it.
    match_key: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    key_ko: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    key_en: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="alley")
    dong_id: Mapped[int] = mapped_column(ForeignKey("dongs.id"), nullable=False, index=True)
    # Its centre, from the districts file or staff; without one, near me uses the mean of its stores' positions.
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    # Shops in the district, Onnuri members and not (the membership rate's denominator), and when they were
    # counted; None until the district has counted them.
    shops: Mapped[int | None] = mapped_column(Integer)
    shops_counted_on: Mapped[date | None] = mapped_column(Date)

    dong = relationship("Dong", lazy="joined")

    def display_name(self, lang: str) -> str:
        return self.name if lang == "ko" else (self.name_en or self.name)


class Store(TimestampMixin, db.Model):
    """A store that takes Onnuri gift certificates."""

    __tablename__ = "stores"
    # The directory lists visible stores by name, often filtered: each filter walks its index in name
    # order, so a page of 20 never sorts the whole set.
    # The id ends each index, as it ends the sort: PostgreSQL then reads a page (or counts) from the
    # index alone.
    __table_args__ = (
        Index("ix_stores_visible_name", "visible", "name_sort", "id"),
        Index("ix_stores_visible_dong_name", "visible", "dong_id", "name_sort", "id"),
        Index("ix_stores_visible_category_name", "visible", "category", "name_sort", "id"),
        Index("ix_stores_visible_district_name", "visible", "district_id", "name_sort", "id"),
        # The directory's two filters people combine most (their dong or market, and a category): a page of them
        # is a range of one index, not a walk of a whole category checking each store's dong (1.7 ms -> 0.05 ms).
        Index("ix_stores_visible_dong_category_name", "visible", "dong_id", "category", "name_sort", "id"),
        Index("ix_stores_visible_district_category_name", "visible", "district_id", "category", "name_sort", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    name_en: Mapped[str] = mapped_column(String(240), nullable=False, default="")
    # The same store in every import: its normalised name within its shopping district.
    import_key: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    name_sort: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    key_ko: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    key_cho: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    key_en: Mapped[str] = mapped_column(String(240), nullable=False, default="")
    # key_en folded by the spelling-variant rules, in upper case (alleyweb.stores.text.loose_key).
    key_loose: Mapped[str] = mapped_column(String(240), nullable=False, default="", server_default="")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("shopping_districts.id"), index=True)
    dong_id: Mapped[int | None] = mapped_column(ForeignKey("dongs.id"))
    category: Mapped[str] = mapped_column(String(20), nullable=False, default="other")
    items: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # 취급품목, free text
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    hours: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # opening hours, free text
    accepts_paper: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    accepts_digital: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    registered_year: Mapped[int | None] = mapped_column(Integer)
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    # True when lat/lng are not the store's own position but its shopping district's centre (set by
    # services.place_stores_at_centres), so that near me can still sort it, saying it is approximate.
    position_approx: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    visible: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    source: Mapped[str] = mapped_column(String(20), nullable=False, default="national")
    last_import_id: Mapped[int | None] = mapped_column(ForeignKey("store_imports.id", ondelete="SET NULL"))

    district = relationship("ShoppingDistrict", lazy="joined")
    dong = relationship("Dong", lazy="joined")

    def display_name(self, lang: str) -> str:
        return self.name if lang == "ko" else (self.name_en or self.name)


class StoreGram(db.Model):
    """Search postings: each bigram of a visible store's name keys (see alleyweb.stores.text), with the
    store's sort key, so that a one- or two-character query is answered, counted and paged in name
    order from this table's key alone. Hidden stores have no postings."""

    __tablename__ = "store_grams"
    __table_args__ = {"sqlite_with_rowid": False}

    # Byte order ("C") on PostgreSQL, so that a range of bigrams starting with one character is exact.
    # A bigram of any key, a trigram of key_cho, or a Hangul letter (alleyweb.stores.text.posting_keys).
    gram: Mapped[str] = mapped_column(String(3).with_variant(String(3, collation="C"), "postgresql"),
                                      primary_key=True)
    # The store's name_sort (which is its key_ko).
    name_sort: Mapped[str] = mapped_column(String(120), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)
    # The store's values of the directory's filters (POSTING_FILTERS), copied so that a search with query text
    # and filters (치킨 among food) checks them on the postings instead of reading each posting's store.
    # alleyweb.stores.indexing keeps them equal to the store's (replace_grams, refresh_posting_filters).
    category: Mapped[str] = mapped_column(String(20), nullable=False, default="other", server_default="other")
    dong_id: Mapped[int | None] = mapped_column(Integer)
    district_id: Mapped[int | None] = mapped_column(Integer)
    accepts_paper: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    accepts_digital: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())


# The columns of a store that its postings carry (StoreGram), in this order.
POSTING_FILTERS = ("category", "dong_id", "district_id", "accepts_paper", "accepts_digital")


class GramCount(db.Model):
    """How many stores each posting key is in (exactly: alleyweb.stores.indexing keeps it so), so a search
    reads the rarest postings first and takes a one-posting search's total from here."""

    __tablename__ = "store_gram_counts"

    gram: Mapped[str] = mapped_column(String(3), primary_key=True)
    stores: Mapped[int] = mapped_column(Integer, nullable=False)


class GramCategoryCount(db.Model):
    """How many stores of each category each posting key is in (exactly: alleyweb.stores.indexing keeps it so, with
    GramCount), so that a one-posting search with a category (치킨 among food) takes its total from here instead of
    counting the posting's thousands of rows."""

    __tablename__ = "store_gram_category_counts"

    gram: Mapped[str] = mapped_column(String(3), primary_key=True)
    category: Mapped[str] = mapped_column(String(20), primary_key=True)
    stores: Mapped[int] = mapped_column(Integer, nullable=False)


class DistrictGramCount(db.Model):
    """How many of a shopping district's visible stores are posted under each Korean key of the district's own
    name (text.district_posting_keys: its syllables, initials and their bigrams), so that a query that is one
    posting and names districts (ㄱㅂ, 양동) is counted without looking up each of the districts' stores in the
    postings. Every tracked key of every district has a row, zero included (alleyweb.stores.indexing
    .refresh_district_grams rewrites a district's rows after each change to its stores or its name)."""

    __tablename__ = "district_gram_counts"

    district_id: Mapped[int] = mapped_column(ForeignKey("shopping_districts.id", ondelete="CASCADE"),
                                             primary_key=True)
    gram: Mapped[str] = mapped_column(String(3), primary_key=True)
    stores: Mapped[int] = mapped_column(Integer, nullable=False)


class StoreCount(db.Model):
    """How many visible stores share each combination of the directory's filters, so that the total of
    a search without query text is a sum of a few rows, not a count of 125,600 (indexing.refresh_counts
    rewrites it after every change to stores)."""

    __tablename__ = "store_counts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dong_id: Mapped[int | None] = mapped_column(Integer)
    district_id: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    accepts_paper: Mapped[bool] = mapped_column(Boolean, nullable=False)
    accepts_digital: Mapped[bool] = mapped_column(Boolean, nullable=False)
    stores: Mapped[int] = mapped_column(Integer, nullable=False)


class StoreImport(db.Model):
    """One run of `flask stores import`, with its counts."""

    __tablename__ = "store_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    file_format: Mapped[str] = mapped_column(String(20), nullable=False)
    counts: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
