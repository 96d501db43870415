import pytest

from graphhub.model import Label
from ingestion.extract.pipeline import extract_text


def _seizures(text: str) -> list[tuple[str, float]]:
    return sorted((n.props["drug"], n.props["quantity_kg"])
                  for n in extract_text(text, "t").nodes if n.label is Label.SEIZURE)


@pytest.mark.model
def test_drug_named_before_its_quantity() -> None:
    text = ("In 2016 the police of Turkmenistan confiscated 9.5 tons of drugs, of which "
            "opium accounted for 6.1 tons and heroin for 0.8 tons.")
    assert _seizures(text) == [("drugs", 9500.0), ("heroin", 800.0), ("opium", 6100.0)]


@pytest.mark.model
def test_a_drug_after_and_belongs_to_no_earlier_quantity() -> None:
    text = "Officers seized 40 kg and, separately, a bag of heroin near Osh."
    assert _seizures(text) == []


@pytest.mark.model
def test_a_negated_act_is_no_seizure() -> None:
    text = ("The courier was sentenced for carrying 12 kg of opium; the group has not been "
            "dismantled.")
    assert _seizures(text) == []


@pytest.mark.model
def test_a_comparison_figure_is_no_seizure() -> None:
    text = "The fall in opium seizures, from 510 kg in 2013, is explained by new routes."
    assert _seizures(text) == []
