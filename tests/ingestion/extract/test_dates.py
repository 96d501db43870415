import pytest

from ingestion.extract.dates import find_date, find_year


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("on 3 May 2012", "2012-05-03"),
        ("14 March, 2013", "2013-03-14"),
        ("in March 2013", "2013-03"),
        ("2013-03-14", "2013-03-14"),
        ("14.03.2013", "2013-03-14"),
        ("May 5, 2014", "2014-05-05"),
        ("in 2011", "2011"),
    ],
)
def test_find_date(text: str, iso: str) -> None:
    assert find_date(text) == iso


def test_no_date() -> None:
    assert find_date("no date here") is None
    assert find_year("phase 3") is None
