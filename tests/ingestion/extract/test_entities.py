import pytest

from graphhub.model import Label
from ingestion.extract.pipeline import extract_text


def _orgs(text: str) -> dict[str, str]:
    return {n.ref: n.name for n in extract_text(text, "t").nodes
            if n.label is Label.ORGANIZATION}


@pytest.mark.model
def test_name_runs_on_to_its_parenthesised_acronym() -> None:
    orgs = _orgs("Training was given with the National Commission on Drug Policy under the "
                 "Council of Ministers (NCDP) in Ashgabat.")
    assert orgs.get("org:ncdp") == ("National Commission on Drug Policy under the Council "
                                    "of Ministers")


@pytest.mark.model
def test_ministry_of_two_fields_is_one_body() -> None:
    orgs = _orgs("Leaflets were printed with the Ministry of Labour and Migration for the "
                 "schools of Sughd.")
    assert "Ministry of Labour and Migration" in orgs.values()


@pytest.mark.model
def test_an_office_is_named_by_its_place_and_a_short_form_points_back() -> None:
    text = ("The Liaison Office in Khorog opened in May. Staff of the Liaison Office "
            "met the Committee of Border Guards of Turkmenistan; later the Committee "
            "of Border Guards sent a note.")
    orgs = _orgs(text)
    assert "Liaison Office in Khorog" in orgs.values()
    assert "Liaison Office" not in orgs.values()


@pytest.mark.model
def test_places_tagged_as_organizations_are_dropped() -> None:
    orgs = _orgs("Patrols along the Vakhsh and Kofarnihon rivers were doubled by the "
                 "Khatlon Police Department.")
    assert not any("Vakhsh" in name for name in orgs.values())
    assert any("Police Department" in name for name in orgs.values())


@pytest.mark.model
def test_a_country_that_only_considers_funding_is_no_donor() -> None:
    orgs = _orgs("Project sheet: KGZ/K51\n\nAustria is considering a contribution to the "
                 "next phase, but no amount has been agreed.")
    assert "org:government of austria" not in orgs


@pytest.mark.model
def test_file_reference_opening_with_an_acronym_is_no_organization() -> None:
    orgs = _orgs("Reference: FATF-EU/2016/033\nThe note was filed in Vienna.")
    assert "org:fatf" not in orgs


@pytest.mark.model
def test_posts_and_crossing_points_are_not_organizations() -> None:
    text = ("Staff of the Customs Committee of Uzbekistan met at the Northern Border Crossing "
            "Points near Termez. Contacts go through the Customs Liaison Officer and the "
            "Border Guard Service.")
    names = {name.lower() for name in _orgs(text).values()}
    assert not any(name.endswith(("officer", "points")) for name in names)
    assert any("customs committee" in name for name in names)
    assert any("border guard service" in name for name in names)
