"""Reading real files of every supported kind, and refusing bad ones clearly."""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from graphhub.ids import content_hash
from ingestion.errors import ReadError
from ingestion.readers import read_document
from ingestion.readers.limits import ReadLimits

LIMIT = 1024 * 1024


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(lines: list[str], title: str | None = None) -> bytes:
    """A minimal one-page PDF whose text layer holds ``lines`` (Helvetica, one line each).

    Written by hand with a correct cross-reference table, since pypdf cannot create text.
    An empty ``lines`` list gives a page with no text layer, like a scan without OCR.
    """
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        ops.append(f"({_escape(line)}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if title is not None:
        objects.append(b"<< /Title (" + _escape(title).encode("latin-1") + b") >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    info = f" /Info {len(objects)} 0 R" if title is not None else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write_docx(path: Path, title: str | None, heading: str, paragraphs: list[str]) -> Path:
    """A .docx made by python-docx with an optional core title, a heading and paragraphs."""
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "XAC/K22"
    table.rows[0].cells[1].text = "USD 1,200,000"
    document.save(str(path))
    return path


PdfMaker = Callable[..., Path]
DocxMaker = Callable[..., Path]


@pytest.fixture
def make_pdf(tmp_path: Path) -> PdfMaker:
    """Write a hand-built PDF into tmp_path and return its path."""

    def make(name: str, lines: list[str], title: str | None = None) -> Path:
        path = tmp_path / name
        path.write_bytes(pdf_bytes(lines, title))
        return path

    return make


@pytest.fixture
def make_docx(tmp_path: Path) -> DocxMaker:
    """Write a python-docx document into tmp_path and return its path."""

    def make(name: str, title: str | None, heading: str, paragraphs: list[str]) -> Path:
        return write_docx(tmp_path / name, title, heading, paragraphs)

    return make


def test_text_file_gets_hash_title_and_file_facts(tmp_path: Path) -> None:
    body = "\n\nAnnual report 2023\nUNODC funds project XAC/K22 in Kazakhstan.\r\n"
    path = tmp_path / "report.txt"
    path.write_bytes(body.encode("utf-8"))
    os.utime(path, (1_700_000_000, 1_700_000_000))
    source = read_document(path, LIMIT)
    assert source.doc_id == content_hash(body.encode("utf-8"))
    assert source.title == "Annual report 2023"
    assert source.kind == "text"
    assert "\r" not in source.text and "XAC/K22 in Kazakhstan." in source.text
    assert source.size == len(body.encode("utf-8"))
    assert source.modified == "2023-11-14T22:13:20+00:00"


def test_long_first_line_is_cut_to_a_title(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 100)
    assert len(read_document(path, LIMIT).title) <= 200


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    text = "Программа Paris Pact: Öskemen"
    bom8 = tmp_path / "bom8.txt"
    bom8.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(text.encode("utf-16"))
    assert read_document(bom8, LIMIT).text == text
    assert read_document(utf16, LIMIT).text == text


def test_markdown_loses_markup_but_keeps_words(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "Intro line\n\n# Border control in *Tajikistan*\n\n"
        "- The **EU** funds [BOMCA](https://example.org/bomca).\n"
        "1. Phase 10 started in 2021.\n> Quoted `code`\n\n---\n"
        "| Donor | Amount |\n|---|---|\n| Japan | 5 |\n"
    )
    source = read_document(path, LIMIT)
    assert source.kind == "markdown"
    assert source.title == "Border control in *Tajikistan*"
    lines = source.text.splitlines()
    assert "Border control in Tajikistan" in lines
    assert "The EU funds BOMCA." in lines
    assert "Phase 10 started in 2021." in lines
    assert "Quoted code" in lines
    assert "Japan; 5" in lines
    assert not any(line.startswith(("#", "-", "*", ">", "|")) for line in lines)


def test_html_drops_scripts_styles_and_tags(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>CARICC &amp; partners</title><style>p{color:red}</style>"
        "<script>var x = 'secret';</script></head><body><h1>News</h1>"
        "<p>CARICC met in Almaty.</p><div>Funding: &euro;2&nbsp;million<br>from Japan</div>"
        "<ul><li>one</li><li>two</li></ul></body></html>"
    )
    source = read_document(path, LIMIT)
    assert source.title == "CARICC & partners"
    assert "secret" not in source.text and "color" not in source.text
    lines = source.text.splitlines()
    assert "CARICC met in Almaty." in lines
    assert "Funding: €2 million" in lines and "from Japan" in lines
    assert "one" in lines and "two" in lines
    assert "<" not in source.text


def test_html_without_title_uses_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text("<body><p></p><h2>Seizures in <b>2022</b></h2><p>Text.</p></body>")
    assert read_document(path, LIMIT).title == "Seizures in 2022"


def test_pdf_text_layer_and_metadata_title(make_pdf: PdfMaker) -> None:
    path = make_pdf("r.pdf", ["Japan funds XAC/K22 (phase 2).", "Second line."], "Pact report")
    source = read_document(path, LIMIT)
    assert source.kind == "pdf"
    assert source.title == "Pact report"
    assert "Japan funds XAC/K22 (phase 2)." in source.text
    assert "Second line." in source.text


def test_pdf_without_metadata_title_uses_first_line(make_pdf: PdfMaker) -> None:
    path = make_pdf("r.pdf", ["Heroin seizures 2022", "Body."])
    assert read_document(path, LIMIT).title == "Heroin seizures 2022"


def test_docx_paragraphs_tables_and_title(make_docx: DocxMaker) -> None:
    with_title = make_docx("a.docx", "Core title", "Heading one", ["Japan funds it."])
    source = read_document(with_title, LIMIT)
    assert source.kind == "docx" and source.title == "Core title"
    assert "Japan funds it." in source.text.splitlines()
    assert "XAC/K22; USD 1,200,000" in source.text.splitlines()
    no_title = make_docx("b.docx", None, "Heading one", ["Text."])
    assert read_document(no_title, LIMIT).title == "Heading one"


# --- bad input --------------------------------------------------------------------


def _reason(path: Path, limit: int = LIMIT) -> str:
    with pytest.raises(ReadError) as err:
        read_document(path, limit)
    assert err.value.path == str(path)
    assert str(err.value).startswith(str(path) + ": ")
    return err.value.message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _reason(path) == "empty file"


def test_whitespace_only_file_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_text("\n\n   \n")
    assert _reason(path) == "no text in the file"


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        # A sparse file: 3 GB on paper, nothing on disk, so only a stat can tell.
        handle.truncate(3 * 1024**3)
    assert _reason(path, 50 * 1024 * 1024) == (
        "file is 3 GB, over the limit of 50 MB (GRAPHHUB_MAX_FILE_MB)"
    )


def test_binary_content_in_text_suffix(tmp_path: Path) -> None:
    nul = tmp_path / "image.txt"
    nul.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    controls = tmp_path / "junk.html"
    controls.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 65]) * 50)
    assert _reason(nul) == "not a text file (binary content)"
    assert _reason(controls) == "not a text file (binary content)"


def test_wrong_encoding_names_byte_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Ministère de l'Intérieur".encode("cp1252"))
    assert _reason(path) == "not UTF-8 text: invalid byte 0xE8 at offset 6; save it as UTF-8"


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK")
    assert _reason(path).startswith("unsupported file type '.xlsx'")


def test_missing_file(tmp_path: Path) -> None:
    assert _reason(tmp_path / "gone.txt").startswith("cannot open the file")


def test_pdf_without_text_layer(make_pdf: PdfMaker) -> None:
    assert _reason(make_pdf("scan.pdf", [])) == "PDF has no text layer (scanned?); OCR it first"


def test_corrupt_pdf(tmp_path: Path, make_pdf: PdfMaker) -> None:
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"this is not a pdf at all\n" * 10)
    assert _reason(garbage) == "not a readable PDF (damaged or not a PDF)"
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(make_pdf("whole.pdf", ["Some text"]).read_bytes()[:60])
    assert _reason(truncated) in {
        "not a readable PDF (damaged or not a PDF)",
        "PDF has no text layer (scanned?); OCR it first",
    }


def test_encrypted_pdf(tmp_path: Path, make_pdf: PdfMaker) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(make_pdf("plain.pdf", ["Secret text"])).pages:
        writer.add_page(page)
    writer.encrypt(user_password="pw", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert _reason(path) == "PDF is encrypted; remove the password and try again"


def test_corrupt_docx(tmp_path: Path, make_docx: DocxMaker) -> None:
    renamed = tmp_path / "renamed.docx"
    renamed.write_text("plain text pretending to be Word")
    assert _reason(renamed) == "not a readable .docx (damaged, or another format renamed)"
    good = make_docx("good.docx", None, "H", ["x"]).read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good[: len(good) // 2])
    assert _reason(cut) == "not a readable .docx (damaged, or another format renamed)"


# --- what a file expands to, and UTF-16 without a byte-order mark -------------------


def test_utf16_without_a_bom_is_read_not_called_binary(tmp_path: Path) -> None:
    body = "Rapport annuel 2023\nL'ONUDC finance le projet XAC/K22 à Almaty.\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(body.encode(encoding))
        source = read_document(path, LIMIT)
        assert source.text == body, encoding
        assert source.title == "Rapport annuel 2023"


def test_nul_bytes_that_do_not_make_utf16_are_still_binary(tmp_path: Path) -> None:
    # NULs in the odd positions, but the pairs decode to control characters, not text.
    path = tmp_path / "fake.txt"
    path.write_bytes(b"\x01\x00\x02\x00\x03\x00" * 64)
    assert _reason(path) == "not a text file (binary content)"


def _pages_pdf(path: Path, pages: int) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_a_pdf_over_the_page_limit_fails_with_the_limit_named(tmp_path: Path) -> None:
    path = _pages_pdf(tmp_path / "long.pdf", 6)
    with pytest.raises(ReadError) as err:
        read_document(path, LIMIT, ReadLimits(max_pdf_pages=5))
    assert str(err.value) == (
        f"{path}: PDF has 6 pages, over the limit of 5 (GRAPHHUB_MAX_PDF_PAGES)"
    )


def test_text_over_the_character_limit_fails_with_the_limit_named(
    tmp_path: Path, make_pdf: PdfMaker
) -> None:
    pdf = make_pdf("wordy.pdf", ["Border cooperation continues in Central Asia."] * 3)
    with pytest.raises(ReadError) as err:
        read_document(pdf, LIMIT, ReadLimits(max_text_chars=100))
    assert str(err.value) == (
        f"{pdf}: PDF holds more than 100 characters of text "
        "(the limit, GRAPHHUB_MAX_TEXT_CHARS, was passed on page 1)"
    )
    text = tmp_path / "wordy.txt"
    text.write_text("word " * 40)
    with pytest.raises(ReadError) as err:
        read_document(text, LIMIT, ReadLimits(max_text_chars=100))
    assert str(err.value) == (
        f"{text}: the text is 200 characters, over the limit of 100 (GRAPHHUB_MAX_TEXT_CHARS)"
    )
