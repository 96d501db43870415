import pytest

from ingestion.extract.countries import is_adjective, resolve_country


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Kyrgyz Republic", "KGZ"),
        ("Kyrgyzstan", "KGZ"),
        ("the Russian Federation", "RUS"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Tajik", "TJK"),
        ("Uzbek", "UZB"),
        ("Afghan", "AFG"),
        ("Turkmen", "TKM"),
        ("Kazakh", "KAZ"),
        ("Japan", "JPN"),
    ],
)
def test_resolve_country(text: str, iso3: str) -> None:
    country = resolve_country(text)
    assert country is not None
    assert country.iso3 == iso3
    assert len(country.iso2) == 2


def test_adjectives_can_be_refused() -> None:
    assert is_adjective("Tajik")
    assert resolve_country("Tajik", allow_adjective=False) is None
    assert resolve_country("Tajikistan", allow_adjective=False) is not None


def test_region_is_not_a_country() -> None:
    assert resolve_country("Central Asia") is None
