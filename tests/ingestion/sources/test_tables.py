"""Tests of the contribution-table reader on CSV and XLSX files written here."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from graphhub.ids import content_hash
from graphhub.model import Label, RelType
from ingestion.errors import ReadError
from ingestion.records import Extraction
from ingestion.sources.tables import audit_columns, map_columns, read_contributions

CSV = """\
Donor,Recipient Country,Project ID,Project Title,Sector,Amount,Currency,Year,Type,Notes
Government of Japan,Kyrgyzstan,XAC/K22,Border liaison,16063,"1,250,000",USD,2012,Commitment,ok
European Union,TJK,TAJ/E24,Drug demand,13040 STD control,"2.000.000,50",EUR,2013,disbursed,
,Tajikistan,TAJ/E25,Missing donor,16063,100,USD,2013,commitment,
Norway,Kazakhstan,KAZ/X01,Bad amount,16063,"12,3,4",NOK,2014,commitment,
Norway,Kazakhstan,KAZ/X02,Bad currency,16063,500,XYZ,2014,commitment,
Norway,Kazakhstan,KAZ/X03,Bad year,16063,500,NOK,1812,commitment,
Government of Japan,Central Asia,XAC/K22,Border liaison,15210,300000,USD,2013,disbursement,
"""


def _write(tmp_path: Path, text: str, name: str = "contributions.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _funds(extraction: Extraction) -> list[dict[str, object]]:
    return [e.props for e in extraction.edges if e.type is RelType.FUNDS]


def test_good_rows_load_and_bad_rows_are_reported_with_spreadsheet_row_numbers(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, CSV)
    extraction, errors = read_contributions(path)

    assert extraction.doc_id == content_hash(path.read_bytes())
    funds = _funds(extraction)
    assert len(funds) == 3
    assert {(f["amount"], f["currency"], f["year"], f["kind"]) for f in funds} == {
        (1_250_000.0, "USD", 2012, "commitment"),
        (2_000_000.5, "EUR", 2013, "disbursement"),
        (300_000.0, "USD", 2013, "disbursement"),
    }
    by_row = {e.row or 0: e for e in errors}
    assert sorted(by_row) == [4, 5, 6, 7]
    assert by_row[4].field == "Donor" and "donor is missing" in str(by_row[4])
    assert by_row[5].field == "Amount" and "'12,3,4'" in str(by_row[5])
    assert by_row[6].field == "Currency" and "ISO 4217" in str(by_row[6])
    assert by_row[7].field == "Year" and "1812" in str(by_row[7])
    assert all(e.path == str(path) for e in errors)
    assert str(by_row[5]).startswith(f"{path} row 5, column 'Amount'")


def test_rows_become_the_graph_model(tmp_path: Path) -> None:
    extraction, _ = read_contributions(_write(tmp_path, CSV))
    labels = {n.label for n in extraction.nodes}
    assert {Label.ORGANIZATION, Label.PROJECT, Label.COUNTRY, Label.REGION, Label.SECTOR} <= labels

    project = next(n for n in extraction.nodes if n.props.get("code") == "XAC/K22")
    # The project appears on two rows: one node, evidence from both rows.
    assert [ev.locator for ev in project.evidence] == ["row 2", "row 8"]
    assert all(ev.method == "table:row" and ev.confidence == 1.0 for ev in project.evidence)
    assert "Government of Japan" in project.evidence[0].sentence

    kyrgyzstan = extraction.node("country:KGZ")
    assert kyrgyzstan is not None and kyrgyzstan.props == {"iso3": "KGZ", "iso2": "KG"}
    iso3s = {n.props["iso3"] for n in extraction.nodes if n.label is Label.COUNTRY}
    assert iso3s == {"KGZ", "TJK"}
    sectors = {n.props.get("code"): n.name for n in extraction.nodes if n.label is Label.SECTOR}
    assert sectors["16063"] == "Narcotics control"
    assert sectors["13040"] == "STD control"
    rels = {(e.type, e.start, e.end) for e in extraction.edges}
    assert (RelType.IN_COUNTRY, project.ref, "country:KGZ") in rels
    assert any(t is RelType.IN_REGION and s == project.ref for t, s, _ in rels)


def test_amounts_are_converted_to_usd_or_flagged(tmp_path: Path) -> None:
    extraction, _ = read_contributions(_write(tmp_path, CSV))
    eur = next(f for f in _funds(extraction) if f["currency"] == "EUR")
    assert isinstance(eur["amount_usd"], float) and eur["amount_usd"] > 2_000_000.5
    text = CSV.splitlines()[0] + "\nNorway,Kyrgyzstan,K1,T,16063,100,KGS,2001,commitment,\n"
    missing, _ = read_contributions(_write(tmp_path, text, "kgs.csv"))
    (funds,) = _funds(missing)
    assert "amount_usd" not in funds
    assert funds["fx_note"] == "no USD rate for KGS in 2001"


def test_header_synonyms_and_currency_in_the_header(tmp_path: Path) -> None:
    text = (
        "Funding organisation; Country ; project code;Amount (USD);fiscal year\n"
        "UNODC;Afghanistan;AFG/K23;1 500;2019\n"
    )
    extraction, errors = read_contributions(_write(tmp_path, text))
    assert errors == []
    (funds,) = _funds(extraction)
    assert funds["currency"] == "USD" and funds["amount"] == 1500.0 and funds["year"] == 2019


def test_mapping_file_maps_other_names_and_audit_lists_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = "Geber,Land,Vorhaben,Betrag,Jahr,Bemerkung\nDeutschland,Usbekistan,UZB/D1,4000,2015,x\n"
    path = _write(tmp_path, text)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "columns:\n  Geber: donor\n  Land: country\n  Vorhaben: project_code\n"
        "  Betrag: amount\n  Jahr: year\ndefaults:\n  currency: EUR\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        extraction, errors = read_contributions(path, mapping)
    # "Usbekistan" is German: not a country name we know, so the row is refused.
    assert [e.field for e in errors] == ["Land"]
    assert audit_columns(path, mapping) == ["Bemerkung"]
    assert "Bemerkung" in caplog.text
    fixed = _write(tmp_path, text.replace("Usbekistan", "UZB"), "fixed.csv")
    extraction, errors = read_contributions(fixed, mapping)
    assert errors == []
    (funds,) = _funds(extraction)
    assert funds["currency"] == "EUR" and funds["country"] == "UZB"


def test_competing_columns_keep_the_best_and_audit_the_other() -> None:
    columns = map_columns(["Description", "Project title", "Donor", "Amount"])
    assert columns.columns["project_title"] == "Project title"
    assert columns.unmapped == ["Description"]


def test_xlsx_reads_like_csv(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "Donor": ["Sweden", "Sweden"],
            "Country": ["Tajikistan", "Atlantis"],
            "Project": ["Prison health", "Nowhere"],
            "Amount": [250000.75, 1000],
            "Currency": ["SEK", "SEK"],
            "Year": [2016, 2016],
        }
    )
    path = tmp_path / "contributions.xlsx"
    frame.to_excel(path, index=False)
    extraction, errors = read_contributions(path)
    (funds,) = _funds(extraction)
    assert funds["amount"] == 250000.75 and funds["year"] == 2016 and funds["country"] == "TJK"
    assert [(e.row, e.field) for e in errors] == [(3, "Country")]


def test_whole_file_problems_raise_read_errors(tmp_path: Path) -> None:
    empty = _write(tmp_path, "", "empty.csv")
    with pytest.raises(ReadError, match="empty"):
        read_contributions(empty)
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("Donor,Amount,Currency\nDänemark,5,DKK\n".encode("latin-1"))
    with pytest.raises(ReadError, match="UTF-8"):
        read_contributions(latin)
    no_amount = _write(tmp_path, "Donor,Country\nNorway,Kazakhstan\n", "noamount.csv")
    with pytest.raises(ReadError, match="no amount column"):
        read_contributions(no_amount)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ReadError, match=r"fake\.xlsx"):
        read_contributions(fake)


def test_an_xlsx_that_expands_too_far_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    import io

    from ingestion.readers.limits import MB, ReadLimits
    from tests.ingestion.readers.test_archive import BILLION_LAUGHS, _replace_part

    frame = pd.DataFrame(
        {"Donor": ["Japan"], "Project code": ["TAJ/K45"], "Amount": ["100"], "Currency": ["USD"]}
    )
    out = io.BytesIO()
    frame.to_excel(out, index=False)
    sheet = "xl/worksheets/sheet1.xml"

    def huge(stream: io.BufferedWriter) -> None:
        block = b"<!-- padding -->" * (MB // 16)
        stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/')
        stream.write(b'main">')
        for _ in range(8):
            stream.write(block)
        stream.write(b"<sheetData/></worksheet>")

    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(_replace_part(out.getvalue(), sheet, huge))
    limits = ReadLimits(max_expanded_bytes=4 * MB)
    with pytest.raises(ReadError) as err:
        read_contributions(bomb, limits=limits)
    assert str(err.value).startswith(f"{bomb}: the archive declares 8 MB of unpacked content")
    assert str(err.value).endswith("over the limit of 4 MB (GRAPHHUB_MAX_EXPANDED_MB)")
    laughs = tmp_path / "laughs.xlsx"
    laughs.write_bytes(
        _replace_part(out.getvalue(), sheet, lambda s: s.write(BILLION_LAUGHS.encode()))
    )
    with pytest.raises(ReadError, match=f"part {sheet} declares a document type"):
        read_contributions(laughs, limits=limits)
    good = tmp_path / "good.xlsx"
    good.write_bytes(out.getvalue())
    extraction, errors = read_contributions(good, limits=limits)
    assert errors == []
    assert [e.props["amount"] for e in extraction.edges if e.type is RelType.FUNDS] == [100.0]


def test_a_utf16_csv_with_or_without_a_bom_reads_like_utf8(tmp_path: Path) -> None:
    text = "Donor,Project code,Amount,Currency\nÖsterreich,TAJ/K45,100,EUR\n"
    for name, data in (
        ("le.csv", text.encode("utf-16-le")),
        ("be.csv", text.encode("utf-16-be")),
        ("bom.csv", text.encode("utf-16")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        extraction, errors = read_contributions(path)
        assert errors == [], name
        donors = [n.name for n in extraction.nodes if n.label is Label.ORGANIZATION]
        assert donors == ["Österreich"], name


def test_a_name_with_its_acronym_in_brackets_is_the_name_with_an_acronym(tmp_path: Path) -> None:
    path = tmp_path / "bracketed.csv"
    path.write_text(
        "donor,project code,amount,currency\n"
        "Nordland Relief Agency (NRA),NRA-1,100,USD\n"
        "Nordland Relief Agency,NRA-2,200,USD\n"
        "Fund for Lakes (Phase 2),FL-1,50,USD\n",
        encoding="utf-8",
    )
    extraction, errors = read_contributions(path)
    assert errors == []
    orgs = {n.name: n for n in extraction.nodes if n.label is Label.ORGANIZATION}
    # One organization: the bracketed acronym is its acronym, the name as written an alias.
    assert set(orgs) == {"Nordland Relief Agency", "Fund for Lakes (Phase 2)"}
    agency = orgs["Nordland Relief Agency"]
    assert agency.props["acronym"] == "NRA"
    assert "Nordland Relief Agency (NRA)" in agency.aliases
    assert "acronym" not in orgs["Fund for Lakes (Phase 2)"].props
