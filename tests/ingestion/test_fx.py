"""Tests of the bundled yearly exchange-rate table."""

from __future__ import annotations

import pytest

from ingestion import fx

CURRENCIES = [
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "NOK",
    "SEK",
    "DKK",
    "CHF",
    "CAD",
    "AUD",
    "RUB",
    "KZT",
    "KGS",
    "TJS",
    "UZS",
    "TMT",
    "AFN",
    "IRR",
    "PKR",
    "TRY",
    "CNY",
]


def test_usd_is_identity_every_year() -> None:
    for year in range(2000, 2026):
        assert fx.to_usd(123.5, "USD", year) == pytest.approx(123.5)


def test_every_listed_currency_has_rates_only_within_range() -> None:
    table = fx.rates()
    for currency in CURRENCIES:
        years = [year for (cur, year) in table if cur == currency]
        assert years, f"no rate at all for {currency}"
        assert all(2000 <= year <= 2025 for year in years)
    assert all(value > 0 for value in table.values())


def test_euro_converts_with_the_yearly_average() -> None:
    rate_2008 = fx.rate("EUR", 2008)
    assert rate_2008 is not None
    assert fx.to_usd(1_000_000, "EUR", 2008) == pytest.approx(1_000_000 / rate_2008)
    # The euro was worth well over a dollar on average in 2008 and less in 2000.
    in_2008 = fx.to_usd(100, "eur", 2008)
    in_2000 = fx.to_usd(100, "EUR", 2000)
    assert in_2008 is not None and in_2008 > 140
    assert in_2000 is not None and in_2000 < 100


def test_weak_currency_gives_small_usd_amounts() -> None:
    usd = fx.to_usd(1_000_000, "UZS", 2020)
    assert usd is not None and 50 < usd < 200


def test_missing_rate_is_none_never_a_guess() -> None:
    assert fx.to_usd(100, "XXX", 2010) is None
    assert fx.to_usd(100, "EUR", 1990) is None
    assert fx.to_usd(100, "EUR", None) is None
    assert fx.missing_rate_message("kgs", 2003) == "no USD rate for KGS in 2003"


def test_rates_are_stable_between_neighbouring_years_for_pegged_currencies() -> None:
    # The yuan was pegged until mid-2005; the manat at 3.5 after its 2015 devaluation.
    assert fx.rate("CNY", 2001) == fx.rate("CNY", 2003)
    assert fx.rate("TMT", 2016) == fx.rate("TMT", 2020) == 3.5
