import pytest

from ingestion.extract.money import parse_money, parse_number


@pytest.mark.parametrize(
    ("text", "amount", "currency", "approximate"),
    [
        ("$26 million", 26_000_000.0, "USD", False),
        ("USD 1,800,000", 1_800_000.0, "USD", False),
        ("USD $ 8 million", 8_000_000.0, "USD", False),
        ("US$ 3.2 million", 3_200_000.0, "USD", False),
        ("almost 70 million dollars", 70_000_000.0, "USD", True),
        ("EUR 2.5 million", 2_500_000.0, "EUR", False),
        ("€2.5 million", 2_500_000.0, "EUR", False),
        ("NOK 12 million", 12_000_000.0, "NOK", False),
        ("2.5 million euros", 2_500_000.0, "EUR", False),
        ("USD 450,000", 450_000.0, "USD", False),
        ("1.2 billion", 1_200_000_000.0, None, False),
        ("more than $90 million", 90_000_000.0, "USD", True),
    ],
)
def test_parse_money(text: str, amount: float, currency: str | None, approximate: bool) -> None:
    money = parse_money(text)
    assert money is not None
    assert (money.amount, money.currency, money.approximate) == (amount, currency, approximate)


def test_no_number_is_no_money() -> None:
    assert parse_money("several million dollars") is None


def test_decimal_comma_is_not_a_thousands_separator() -> None:
    assert parse_number("2,5") == 2.5
    assert parse_number("1,317") == 1317.0
