"""Zip containers that expand too far, lie about their sizes or declare entities fail alone."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest

from ingestion.errors import ReadError
from ingestion.readers import read_document
from ingestion.readers.limits import MB, ReadLimits

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LIMITS = ReadLimits(max_expanded_bytes=4 * MB)
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + f']>\n<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def _docx_bytes(text: str = "Border liaison offices in Central Asia.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _replace_part(data: bytes, part: str, write: object) -> bytes:
    """The package with ``part`` rewritten by ``write(stream)`` (streamed, never held)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for item in source.infolist():
            if item.filename == part:
                with target.open(part, "w", force_zip64=True) as stream:
                    write(stream)  # type: ignore[operator]
            else:
                target.writestr(item, source.read(item))
    return out.getvalue()


def _bomb(payload_mb: int) -> bytes:
    """A real .docx whose word/document.xml expands to ``payload_mb`` MB of valid XML."""

    def write(stream: io.BufferedWriter) -> None:
        stream.write(f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode())
        block = b"a" * MB
        for _ in range(payload_mb):
            stream.write(block)
        stream.write(b"</w:t></w:r></w:p></w:body></w:document>")

    return _replace_part(_docx_bytes(), "word/document.xml", write)


def _reason(path: Path, limits: ReadLimits = LIMITS) -> str:
    with pytest.raises(ReadError) as caught:
        read_document(path, 50 * MB, limits)
    assert caught.value.path == str(path)
    return str(caught.value)


def test_a_zip_bomb_is_refused_by_its_declared_size_without_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(_bomb(24))
    assert path.stat().st_size < 100_000  # small on disk, 24 MB inside
    tracemalloc.start()
    try:
        message = _reason(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with zipfile.ZipFile(path) as archive:
        declared = sum(item.file_size for item in archive.infolist())
    assert 24 * MB < declared < 26 * MB
    assert message == (
        f"{path}: the archive declares {declared / MB:,.0f} MB of unpacked content, "
        "over the limit of 4 MB (GRAPHHUB_MAX_EXPANDED_MB)"
    )
    assert peak < 2 * MB, f"reading the bomb peaked at {peak:,} bytes"


def _understate(data: bytes, part: str, size: int) -> bytes:
    """The zip with ``part``'s uncompressed size rewritten as ``size`` in both headers."""
    raw = bytearray(data)
    name = part.encode()
    # Local file header: signature, ... uncompressed size at +22, name length at +26.
    at = raw.find(b"PK\x03\x04" + raw[4:4])
    while at != -1:
        name_len = struct.unpack_from("<H", raw, at + 26)[0]
        extra_len = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 30 : at + 30 + name_len] == name:
            struct.pack_into("<I", raw, at + 22, size)
            if extra_len:  # a zip64 extra field holds the real sizes: rewrite those too
                struct.pack_into("<Q", raw, at + 30 + name_len + 4, size)
        at = raw.find(b"PK\x03\x04", at + 4)
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        extra_len = struct.unpack_from("<H", raw, at + 30)[0]
        if raw[at + 46 : at + 46 + name_len] == name:
            struct.pack_into("<I", raw, at + 24, size)
            if extra_len:
                struct.pack_into("<Q", raw, at + 46 + name_len + 4, size)
        at = raw.find(b"PK\x01\x02", at + 4)
    return bytes(raw)


def test_a_zip_that_understates_its_size_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "liar.docx"
    path.write_bytes(_understate(_bomb(16), "word/document.xml", 1000))
    with zipfile.ZipFile(path) as archive:  # the lie took: the declared total is tiny
        assert sum(i.file_size for i in archive.infolist()) < 1 * MB
    message = _reason(path)
    assert message.startswith(f"{path}: not a readable .docx (damaged, or another format renamed)")


def test_an_expanding_docx_within_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.docx"
    path.write_bytes(_bomb(2))
    assert len(read_document(path, 50 * MB, LIMITS).text) == 2 * MB


def test_a_billion_laughs_docx_is_refused_before_any_parser_sees_it(tmp_path: Path) -> None:
    path = tmp_path / "laughs.docx"
    path.write_bytes(
        _replace_part(
            _docx_bytes(), "word/document.xml", lambda s: s.write(BILLION_LAUGHS.encode())
        )
    )
    assert _reason(path) == (
        f"{path}: part word/document.xml declares a document type or entities (not allowed "
        "in Office files; entity expansion can exhaust memory)"
    )


def test_malformed_xml_inside_a_docx_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "malformed.docx"
    cut = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>half a'
    write = lambda stream: stream.write(cut.encode())  # noqa: E731
    path.write_bytes(_replace_part(_docx_bytes(), "word/document.xml", write))
    message = _reason(path)
    assert message.startswith(f"{path}: not a readable .docx (damaged, or another format renamed)")
    assert "XMLSyntaxError" in message
