import pytest

from ingestion.extract.quantities import parse_quantity


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1,317 kg", 1317.0, "kg"),
        ("2.5 tonnes", 2500.0, "kg"),
        ("1.2 tons", 1200.0, "kg"),
        ("450 grams", 0.45, "kg"),
        ("349kg", 349.0, "kg"),
        ("1,200 litres", 1200.0, "l"),
    ],
)
def test_parse_quantity(text: str, value: float, unit: str) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.value, quantity.unit) == (value, unit)


def test_a_number_without_unit_is_not_a_quantity() -> None:
    assert parse_quantity("349 cases") is None
