import pytest

from graphhub.model import Label, RelType
from ingestion.extract.pipeline import extract_text
from ingestion.extract.relations.project_countries import (
    CodePlace,
    code_places,
    place_of_code,
)
from ingestion.records import Extraction


def _places(extraction: Extraction, project: str, type_: RelType) -> dict[str, list[str]]:
    return {
        edge.end: [e.method for e in edge.evidence]
        for edge in extraction.edges
        if edge.type is type_ and edge.start == "project:" + project
    }


def test_place_of_code_reads_the_country_segment() -> None:
    assert place_of_code("TAJ/H03") == CodePlace("TJK", None)
    assert place_of_code("KYR/J11") == CodePlace("KGZ", None)
    assert place_of_code("AD/UZB/F07") == CodePlace("UZB", None)
    assert place_of_code("XAC/M40") == CodePlace(None, "Central Asia")
    assert place_of_code("GLO/T55") is None
    assert place_of_code("RER/B19") is None
    # the serial is never read as a country code
    assert place_of_code("GLO/AFG") is None


def test_code_table_has_no_iso_clash() -> None:
    places = code_places()
    assert places["TAJ"].iso3 == "TJK"
    assert all((p.iso3 is None) != (p.region is None) for p in places.values())


@pytest.mark.model
def test_country_from_code_prefix() -> None:
    text = (
        'UZB/H71 - "Forensic laboratory support"\n\n'
        "The laboratory will receive new equipment and its chemists will be trained.\n"
    )
    extraction = extract_text(text, "code")
    places = _places(extraction, "UZB/H71", RelType.IN_COUNTRY)
    assert "code-prefix" in places["country:UZB"]
    edge = next(e for e in extraction.edges if e.end == "country:UZB")
    evidence = next(e for e in edge.evidence if e.method == "code-prefix")
    assert evidence.confidence == 0.9
    assert text[evidence.start:evidence.end] == "UZB/H71"


@pytest.mark.model
def test_regional_code_links_the_region_not_a_country() -> None:
    text = (
        'XAC/M40 - "Precursor control at rail terminals"\n\n'
        "Rail freight is checked for chemicals that can be diverted.\n"
    )
    extraction = extract_text(text, "region")
    assert _places(extraction, "XAC/M40", RelType.IN_COUNTRY) == {}
    regions = _places(extraction, "XAC/M40", RelType.IN_REGION)
    assert list(regions) == ["region:central asia"]
    assert any(n.label is Label.REGION for n in extraction.nodes)


@pytest.mark.model
def test_country_as_subject_of_the_paragraph() -> None:
    text = (
        'GLO/T55 - "Support to drug treatment services"\n\n'
        "Kazakhstan has asked for help to open treatment clinics in three cities. "
        "Experts from Germany will review the draft law.\n"
    )
    extraction = extract_text(text, "paragraph")
    places = _places(extraction, "GLO/T55", RelType.IN_COUNTRY)
    assert places.get("country:KAZ") == ["project-paragraph"]
    assert "country:DEU" not in places


@pytest.mark.model
def test_donor_country_is_not_a_project_country() -> None:
    text = (
        'GLO/T56 - "Mobile teams for customs training"\n\n'
        "Japan funds the project with USD 400,000 for two years.\n"
    )
    extraction = extract_text(text, "donor")
    places = _places(extraction, "GLO/T56", RelType.IN_COUNTRY)
    assert "country:JPN" not in places
    assert any(e.type is RelType.FUNDS for e in extraction.edges)
