"""Which files a list of files and folders stands for."""

from __future__ import annotations

from pathlib import Path

from ingestion.readers import iter_paths


def test_folders_recursive_sorted_supported_not_hidden(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "sub/c.PDF",
        "sub/d.docx",
        "sub/e.htm",
        "f.html",
        "skip.csv",
        ".hidden.txt",
        ".git/g.txt",
        "sub/.cache/h.md",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (tmp_path / "folder.txt").mkdir()
    found = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])]
    assert found == ["a.md", "b.txt", "f.html", "sub/c.PDF", "sub/d.docx", "sub/e.htm"]


def test_named_files_pass_through_in_given_order(tmp_path: Path) -> None:
    first, second = tmp_path / "z.csv", tmp_path / "a.txt"
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "x.md").write_text("x")
    assert list(iter_paths([first, folder, second])) == [first, folder / "x.md", second]
