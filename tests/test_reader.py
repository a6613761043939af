from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from transfer_nlp import reader
from transfer_nlp.reader import (
    InputArticle,
    InputFailure,
    InputSkipped,
    count_inputs,
    decode,
    html_to_text,
    iter_inputs,
)

ARTICLE = "Arsenal have signed Raheem Sterling from Chelsea on loan."
PAGE = (
    "<html><head><title>Sterling joins</title><script>var tracking = 1;</script></head>"
    "<body><nav>Home | Football | Transfers | Subscribe</nav><article><h1>Sterling joins Arsenal"
    "</h1><p>Arsenal have completed the loan signing of Raheem Sterling from Chelsea, the club "
    "announced on Friday night after a medical in London.</p><p>The England winger, 29, joins "
    "for the rest of the season and will wear the number 30 shirt.</p></article>"
    "<footer>Cookie policy | Copyright 2024 Example Media</footer></body></html>"
)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def read_all(*paths: str | Path, **kwargs) -> list:
    return list(iter_inputs([str(p) for p in paths], **kwargs))


def articles(items: list) -> list[InputArticle]:
    return [i for i in items if isinstance(i, InputArticle)]


def failures(items: list) -> list[InputFailure]:
    return [i for i in items if isinstance(i, InputFailure)]


def only(items: list):
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    "name,content,text",
    [
        ("a.txt", ARTICLE, ARTICLE),
        ("a.md", "# Deadline day\n\n" + ARTICLE, "  Deadline day\n\n" + ARTICLE),
        ("a.json", json.dumps({"id": "x", "text": ARTICLE}), ARTICLE),
        ("a.weird", ARTICLE, ARTICLE),
    ],
    ids=["txt", "md", "json-object", "explicit-unknown-extension"],
)
def test_reader_reads_each_text_format(tmp_path, name, content, text):
    item = only(read_all(write(tmp_path / name, content)))
    assert isinstance(item, InputArticle)
    assert item.text == text
    assert item.warnings == ()


def test_reader_single_file_doc_id_is_file_name(tmp_path):
    item = only(read_all(write(tmp_path / "sub" / "a.txt", ARTICLE)))
    assert (item.doc_id, item.source_path) == ("a.txt", str(tmp_path / "sub" / "a.txt"))


def test_reader_json_object_id_field_is_not_used_as_doc_id_unless_given(tmp_path):
    item = only(read_all(write(tmp_path / "a.json", json.dumps({"text": ARTICLE}))))
    assert item.doc_id == "a.json"
    item = only(read_all(write(tmp_path / "b.json", json.dumps({"id": 7, "text": ARTICLE}))))
    assert item.doc_id == "7"


def test_reader_html_keeps_main_text_and_drops_boilerplate(tmp_path):
    item = only(read_all(write(tmp_path / "page.html", PAGE)))
    assert "loan signing of Raheem Sterling" in item.text
    assert "Cookie policy" not in item.text
    assert "Subscribe" not in item.text
    assert "tracking" not in item.text
    assert item.warnings == ()


def test_reader_html_falls_back_to_tag_strip_with_warning(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    item = only(read_all(write(tmp_path / "page.htm", PAGE)))
    assert "loan signing of Raheem Sterling" in item.text
    assert "tracking" not in item.text  # scripts and the head are dropped all the same
    assert "<" not in item.text
    assert only(item.warnings).startswith("[W004]")


def test_reader_strip_tags_unescapes_and_splits_blocks():
    assert reader.strip_tags("<p>Spurs &amp; Leeds</p><p>fee:&nbsp;£5m</p>") == (
        "Spurs & Leeds\nfee:\xa0£5m"
    )


def test_reader_strip_tags_line_breaks_in_the_source_are_spaces():
    page = "<p>Aston\n  Villa have signed Caoimhin\r\nKelleher.</p><pre>4-4-2\n4-3-3</pre>"
    assert reader.strip_tags(page) == ("Aston Villa have signed Caoimhin Kelleher.\n4-4-2\n4-3-3")


@pytest.mark.parametrize("suffix", [".md", ".markdown"])
def test_reader_markdown_markup_becomes_spaces_at_the_same_offsets(tmp_path, suffix):
    source = "## Done deal\n\n* *Caoimhin Kelleher* joins [Brentford](https://example.com/b_f)."
    item = only(read_all(write(tmp_path / f"a{suffix}", source)))
    assert isinstance(item, InputArticle)
    assert len(item.text) == len(source)
    assert item.text.split() == ["Done", "deal", "Caoimhin", "Kelleher", "joins", "Brentford", "."]
    start = source.index("Caoimhin")
    assert item.text[start : start + 17] == "Caoimhin Kelleher"


def test_reader_html_to_text_empty_page_is_a_failure(tmp_path):
    item = only(read_all(write(tmp_path / "blank.html", "<html><body> </body></html>")))
    assert isinstance(item, InputFailure)
    assert "no text" in item.reason


def test_reader_json_list_numbers_records_unless_they_carry_an_id(tmp_path):
    data = [{"text": "one"}, {"id": "own-id", "text": "two"}, {"text": "three"}]
    items = read_all(write(tmp_path / "list.json", json.dumps(data)))
    assert [(i.doc_id, i.text) for i in items] == [
        ("list.json#1", "one"),
        ("own-id", "two"),
        ("list.json#3", "three"),
    ]


def test_reader_jsonl_one_article_per_line_bad_lines_fail_alone(tmp_path):
    lines = [
        json.dumps({"text": "one"}),
        "",
        "{not json",
        json.dumps({"id": "X", "text": "two"}),
        json.dumps({"text": 3}),
        json.dumps(["a list"]),
        json.dumps({"text": "three"}),
    ]
    items = read_all(write(tmp_path / "news.jsonl", "\n".join(lines) + "\n"))
    assert [(i.doc_id, i.text) for i in articles(items)] == [
        ("news.jsonl#1", "one"),
        ("X", "two"),
        ("news.jsonl#7", "three"),
    ]
    bad = failures(items)
    assert [f.doc_id for f in bad] == ["news.jsonl#3", "news.jsonl#5", "news.jsonl#6"]
    assert all(f.reason.startswith("[E014]") for f in bad)
    assert "line 3: not valid JSON" in bad[0].reason
    assert "no string field 'text'" in bad[1].reason
    assert "expected a JSON object" in bad[2].reason


def test_reader_jsonl_custom_text_and_id_fields(tmp_path):
    path = write(tmp_path / "a.jsonl", json.dumps({"body": ARTICLE, "url": "https://x/1"}))
    item = only(read_all(path, text_field="body", id_field="url"))
    assert (item.doc_id, item.text) == ("https://x/1", ARTICLE)


def test_reader_stdin_is_one_article():
    stream = io.BytesIO(ARTICLE.encode("utf-8"))
    item = only(list(iter_inputs(["-"], stdin=stream)))
    assert (item.doc_id, item.text, item.source_path) == ("<stdin>", ARTICLE, "-")


def test_reader_folder_is_recursive_sorted_and_relative(tmp_path):
    root = tmp_path / "news"
    for rel in ["b.txt", "a/z.md", "a/b/c.html", "c.jsonl", ".hidden.txt", ".git/x.txt"]:
        content = PAGE if rel.endswith(".html") else json.dumps({"text": "j"})
        write(root / rel, content if rel.endswith((".html", ".jsonl")) else ARTICLE)
    write(root / "photo.png", b"\x89PNG")
    items = read_all(root)
    assert [i.doc_id for i in articles(items)] == ["a/b/c.html", "a/z.md", "b.txt", "c.jsonl#1"]
    assert [i.path for i in items if isinstance(i, InputSkipped)] == [str(root / "photo.png")]
    assert items == read_all(root)  # deterministic


def test_reader_glob_doc_ids_relative_to_the_pattern_base(tmp_path):
    write(tmp_path / "d" / "2024" / "a.txt", ARTICLE)
    write(tmp_path / "d" / "2025" / "b.txt", ARTICLE)
    write(tmp_path / "d" / "2025" / "c.png", b"x")
    items = read_all(str(tmp_path / "d" / "*" / "*"))
    assert [i.doc_id for i in articles(items)] == ["2024/a.txt", "2025/b.txt"]
    # `**` matches folders and their files: each file is read once.
    items = read_all(str(tmp_path / "d" / "**"))
    assert [i.doc_id for i in articles(items)] == ["2024/a.txt", "2025/b.txt"]


def test_reader_glob_matching_nothing_is_a_failure(tmp_path):
    item = only(read_all(str(tmp_path / "*.nothing")))
    assert isinstance(item, InputFailure)
    assert "no file matches" in item.reason


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"PK\x03\x04\x00\x00binary", "binary file (NUL bytes)"),
    ],
    ids=["empty", "whitespace", "nul-bytes"],
)
@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".json"])
def test_reader_bad_file_is_one_failure(tmp_path, data, reason, suffix):
    item = only(read_all(write(tmp_path / f"bad{suffix}", data)))
    assert isinstance(item, InputFailure)
    if suffix == ".jsonl" and b"\x00" in data:  # JSONL is judged line by line (see below)
        path = tmp_path / "bad.jsonl"
        assert item.reason == f"[E014] {path}, line 1: binary data (NUL bytes)."
        return
    assert item.reason == f"[E004] Cannot read {tmp_path / f'bad{suffix}'}: {reason}."
    assert item.doc_id == f"bad{suffix}"


def test_reader_malformed_json_file_is_a_failure(tmp_path):
    item = only(read_all(write(tmp_path / "a.json", '{"text": "unterminated')))
    assert isinstance(item, InputFailure)
    assert "not valid JSON" in item.reason


@pytest.mark.parametrize(
    "data,text,encoding",
    [
        ("Transfer: café €5m".encode("cp1252"), "Transfer: café €5m", "cp1252"),
        (b"Caf\xe9 \x81 bar", "Café \x81 bar", "latin-1"),
        (b"\xef\xbb\xbfWith BOM", "With BOM", None),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text", None),
    ],
    ids=["cp1252", "latin-1", "utf8-bom", "utf16-bom"],
)
def test_reader_decoding_fallbacks_warn(tmp_path, data, text, encoding):
    item = only(read_all(write(tmp_path / "a.txt", data)))
    assert item.text == text
    if encoding:
        assert item.warnings == (
            f"[W001] {tmp_path / 'a.txt'}: not valid UTF-8; decoded as {encoding} instead.",
        )
    else:
        assert item.warnings == ()


def test_reader_jsonl_line_in_cp1252_warns_for_that_line(tmp_path):
    data = b'{"text": "ok"}\n' + '{"text": "café"}\n'.encode("cp1252")
    first, second = read_all(write(tmp_path / "a.jsonl", data))
    assert first.warnings == ()
    assert second.text == "café"
    assert "a.jsonl:2: not valid UTF-8; decoded as cp1252" in only(second.warnings)


def test_reader_decode_never_fails():
    assert decode(bytes(range(256)))[1] == "latin-1"


def test_reader_truncates_long_texts_with_a_warning(tmp_path):
    item = only(read_all(write(tmp_path / "long.txt", "x" * 50), max_chars=20))
    assert item.text == "x" * 20
    assert only(item.warnings) == (
        f"[W002] {tmp_path / 'long.txt'}: 50 characters is over --max-chars 20; "
        "kept the first 20 characters."
    )


def test_reader_unreadable_file_is_a_failure(tmp_path, monkeypatch):
    path = write(tmp_path / "a.txt", ARTICLE)

    def denied(p: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr(reader, "_read_bytes", denied)
    item = only(read_all(path))
    assert item.reason == f"[E004] Cannot read {path}: permission denied."


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_reader_unreadable_file_is_a_failure_for_real(tmp_path):
    path = write(tmp_path / "a.txt", ARTICLE)
    path.chmod(0)
    try:
        item = only(read_all(tmp_path))
    finally:
        path.chmod(0o644)
    assert "permission denied" in item.reason


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_reader_broken_symlinks_and_loops_are_failures(tmp_path):
    root = tmp_path / "news"
    write(root / "ok.txt", ARTICLE)
    (root / "broken.txt").symlink_to(root / "missing.txt")
    (root / "self.txt").symlink_to(root / "self.txt")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    items = read_all(root)
    assert [i.doc_id for i in articles(items)] == ["ok.txt"]
    reasons = {f.doc_id: f.reason.split(": ", 1)[1] for f in failures(items)}
    assert reasons == {
        "broken.txt": "broken symbolic link.",
        "self.txt": "symbolic link loop.",
        "sub/up": "symbolic link loop (it points to a folder above it).",
    }
    named = only(read_all(root / "broken.txt"))
    assert named.reason.endswith("broken symbolic link.")


def test_reader_missing_path_is_a_failure_and_counts_nothing(tmp_path):
    item = only(read_all(tmp_path / "nope.txt"))
    assert item.reason == f"[E004] Cannot read {tmp_path / 'nope.txt'}: no such file or folder."
    assert count_inputs([tmp_path / "nope.txt"]) == 0


def test_reader_count_inputs_counts_files_and_jsonl_lines(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.jsonl", '{"text": "1"}\n\n{"text": "2"}\n{"text": "3"}')
    write(tmp_path / "c.json", json.dumps([{"text": "1"}, {"text": "2"}]))
    write(tmp_path / "d.png", b"x")
    assert count_inputs([tmp_path]) == 5
    assert count_inputs([tmp_path / "*.txt", "-"]) == 2


def test_reader_exclude_leaves_out_named_files(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    out = write(tmp_path / "out.jsonl", '{"doc_id": "a.txt"}\n')
    assert [i.doc_id for i in read_all(tmp_path, exclude=[out])] == ["a.txt"]
    assert count_inputs([tmp_path], exclude=[out]) == 1


def test_reader_is_lazy(tmp_path, monkeypatch):
    for i in range(5):
        write(tmp_path / f"{i}.txt", ARTICLE)
    calls = []
    real = reader._read_bytes
    monkeypatch.setattr(reader, "_read_bytes", lambda p: calls.append(p) or real(p))
    items = iter_inputs([tmp_path])
    assert next(items).doc_id == "0.txt"
    assert len(calls) == 1


def test_reader_html_to_text_reports_fallback():
    text, warning = html_to_text("<p>Hi</p>", "x.html")
    assert text == "Hi"
    assert warning is None or warning.startswith("[W004] x.html:")


def test_reader_jsonl_a_line_with_nul_bytes_fails_alone(tmp_path):
    lines = [
        json.dumps({"text": "one"}).encode(),
        b'{"text": "t\x00wo"}',
        json.dumps({"text": "three"}).encode(),
    ]
    items = read_all(write(tmp_path / "a.jsonl", b"\n".join(lines) + b"\n"))
    assert [a.text for a in articles(items)] == ["one", "three"]
    (bad,) = failures(items)
    assert (bad.doc_id, bad.reason) == (
        "a.jsonl#2",
        f"[E014] {tmp_path / 'a.jsonl'}, line 2: binary data (NUL bytes).",
    )


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_reader_record_with_only_white_space_fails_with_its_place(tmp_path, suffix):
    records = [{"text": "one"}, {"text": " \n\t "}]
    data = "\n".join(map(json.dumps, records)) if suffix == ".jsonl" else json.dumps(records)
    path = write(tmp_path / f"a{suffix}", data)
    bad = only(failures(read_all(path)))
    where = "line 2" if suffix == ".jsonl" else "record 2"
    assert bad.reason == f"[E014] {path}, {where}: field 'text' holds no text."


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_reader_duplicate_ids_warn_with_both_places_and_keep_both(tmp_path, suffix):
    records = [{"id": "x", "text": "one"}, {"id": "y", "text": "two"}, {"id": "x", "text": "three"}]
    data = "\n".join(map(json.dumps, records)) if suffix == ".jsonl" else json.dumps(records)
    path = write(tmp_path / f"a{suffix}", data)
    items = articles(read_all(path))
    assert [(a.doc_id, a.text) for a in items] == [("x", "one"), ("y", "two"), ("x", "three")]
    assert [a.warnings for a in items[:2]] == [(), ()]
    first, second = ("line 1", "line 3") if suffix == ".jsonl" else ("record 1", "record 3")
    assert only(items[2].warnings) == (
        f"[W006] {path}, {second}: the id 'x' was already used by {first}; both records are "
        "kept, with one doc_id (--resume cannot tell them apart)."
    )
