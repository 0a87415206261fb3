"""Amounts in won as people type them."""

import pytest

from alleyweb.giving.money import AmountError, format_won, parse_won


@pytest.mark.parametrize("typed, won", [
    ("1000000", 1_000_000), ("1,000,000", 1_000_000), ("1,000,000원", 1_000_000), ("₩1,000,000", 1_000_000),
    ("1000000원", 1_000_000), ("１，０００，０００", 1_000_000), ("１０００００원", 100_000), ("￦30,000", 30_000),
    (" ₩ 1,000원 ", 1_000), ("KRW 5000", 5_000), ("5,000 won", 5_000), ("100만원", 1_000_000),
    ("3천만 원", 30_000_000), ("5천만", 50_000_000), ("1억", 100_000_000), ("1억 5천만원", 150_000_000),
    ("1억5000만", 150_000_000), ("2만 5천원", 25_000),
])
def test_amounts_people_type(typed, won):
    assert parse_won(typed) == won


@pytest.mark.parametrize("typed, kind", [
    ("-1000", "negative"), ("−3,000원", "negative"), ("₩-5", "negative"), ("0", "zero"), ("0원", "zero"),
    ("", "format"), ("1.5", "format"), ("abc", "format"), ("만원", "format"), ("1만억", "format"),
    ("100만만", "format"), ("1e9", "format"), ("10%", "format"), ("ㅁㄴㅇ", "format"), ("😀", "format"),
    ("1" * 50 + "x", "format"), ("1,000\x00", "format"),
])
def test_what_is_refused(typed, kind):
    with pytest.raises(AmountError) as error:
        parse_won(typed)
    assert error.value.kind == kind


def test_formatting_in_each_language():
    assert format_won(30_000_000, "ko") == "30,000,000원"
    assert format_won(30_000_000, "en") == "₩30,000,000"
    assert format_won(None) == ""
