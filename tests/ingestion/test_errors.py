"""The ingestion errors name the place and the reason."""

from __future__ import annotations

from ingestion.errors import IngestionError, ReadError, RecordError, WriteError


def test_read_error_names_file_and_reason() -> None:
    err = ReadError("PDF has no text layer (scanned?); OCR it first", path="reports/x.pdf")
    assert str(err) == "reports/x.pdf: PDF has no text layer (scanned?); OCR it first"
    assert isinstance(err, IngestionError)


def test_record_error_speaks_of_row_and_column() -> None:
    err = RecordError(
        "cannot read '12,3,4' as a number",
        path="contributions.csv",
        row=12,
        field="amount",
        value="12,3,4",
    )
    assert str(err) == "contributions.csv row 12, column 'amount': cannot read '12,3,4' as a number"
    assert (err.row, err.field, err.value) == (12, "amount", "12,3,4")


def test_value_added_when_message_lacks_it_and_detail_in_parentheses() -> None:
    err = IngestionError(
        "must be a number", path="a.yaml", row=2, field="amount", value="x1", reason="YAML string"
    )
    assert str(err) == "a.yaml row 2, field 'amount': must be a number: got 'x1' (YAML string)"


def test_without_a_place_only_the_message_remains() -> None:
    assert str(WriteError("batch rejected")) == "batch rejected"
    assert WriteError("batch rejected").location == ""
