"""run_extract on a tiny fake pipeline: streaming, outputs, errors file, resume.

The fake reads its "events" straight from the text (`SIGN <name>` lines), so these tests need
no model; the real pipeline is exercised in test_cli.py.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
import spacy
from fake_cli import fake_doc_to_article
from spacy.language import Language

from transfer_nlp import api
from transfer_nlp.errors import InputError
from transfer_nlp.runner import RunStats, journal_path, lock_path, part_path, run_extract


@Language.component("test_runner_boom")
def _boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("kaboom")
    return doc


@pytest.fixture
def fake_nlp(monkeypatch) -> Language:
    monkeypatch.setattr(api, "doc_to_article", fake_doc_to_article)
    return spacy.blank("en")


@pytest.fixture
def inputs(tmp_path) -> Path:
    """Ten articles; every third has no event, the others one or two."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(10):
        lines = [f"Article {i}."]
        if i % 3:
            lines += [f"SIGN Player {i}"] + ([f"SIGN Other {i}"] if i % 2 else [])
        (folder / f"{i:02d}.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


def run(paths, output, nlp, **kwargs) -> RunStats:
    return run_extract([str(p) for p in paths], output, nlp_or_model=nlp, **kwargs)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_runner_writes_events_in_input_order(tmp_path, inputs, fake_nlp):
    out = tmp_path / "out.jsonl"
    stats = run([inputs], out, fake_nlp)
    recs = read_jsonl(out)
    assert [(r["doc_id"], r["person"]) for r in recs][:3] == [
        ("01.txt", "Player 1"),
        ("01.txt", "Other 1"),
        ("02.txt", "Player 2"),
    ]
    assert all(r["schema"] == "transfer_nlp.v1" and r["type"] == "signing" for r in recs)
    assert (stats.read, stats.skipped, stats.failed, stats.documents) == (10, 0, 0, 10)
    assert stats.events == len(recs) == 9
    assert not part_path(out).exists() and not journal_path(out).exists()
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()


def test_runner_documents_one_line_per_article(tmp_path, inputs, fake_nlp):
    out = tmp_path / "docs.jsonl"
    stats = run([inputs], out, fake_nlp, records="documents")
    recs = read_jsonl(out)
    assert [r["doc_id"] for r in recs] == [f"{i:02d}.txt" for i in range(10)]
    assert set(recs[0]) == {"schema", "doc_id", "published", "source", "entities", "events"}
    assert recs[0]["events"] == [] and len(recs[1]["events"]) == 2
    assert stats.events == 9


def test_runner_output_is_compact_utf8_json(tmp_path, fake_nlp):
    (tmp_path / "a.txt").write_text("SIGN Müller", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run([tmp_path / "a.txt"], out, fake_nlp)
    line = out.read_text(encoding="utf-8")
    assert '"person":"Müller"' in line and line.endswith("}\n") and line.count("\n") == 1


def test_runner_stdout(tmp_path, inputs, fake_nlp, capsys):
    stats = run([inputs], "-", fake_nlp)
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == stats.events == 9
    assert not list(tmp_path.glob("*.jsonl"))


def test_runner_failures_and_warnings_go_to_the_errors_file(tmp_path, inputs, fake_nlp):
    (inputs / "bad.txt").write_bytes(b"\x00\x01")
    (inputs / "empty.md").write_text("")
    (inputs / "cp.txt").write_bytes("SIGN Café".encode("cp1252"))
    (inputs / "skip.png").write_bytes(b"x")
    out = tmp_path / "out.jsonl"
    stats = run([inputs], out, fake_nlp)
    issues = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert [(i["level"], i["code"], i["doc_id"]) for i in issues] == [
        ("error", "E004", "bad.txt"),
        ("warning", "W001", "cp.txt"),
        ("error", "E004", "empty.md"),
    ]
    assert issues[0] == {
        "level": "error",
        "code": "E004",
        "doc_id": "bad.txt",
        "path": str(inputs / "bad.txt"),
        "reason": f"[E004] Cannot read {inputs / 'bad.txt'}: binary file (NUL bytes).",
    }
    assert (stats.read, stats.skipped, stats.failed, stats.warnings) == (11, 1, 2, 1)
    assert any(r["person"] == "Café" for r in read_jsonl(out))


def test_runner_errors_to_stderr_when_writing_stdout(tmp_path, fake_nlp, capsys):
    (tmp_path / "bad.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("SIGN A")
    stats = run([tmp_path], None, fake_nlp)
    captured = capsys.readouterr()
    assert stats.failed == 1
    assert "transfer-nlp: error: bad.txt: [E004]" in captured.err
    assert '"person":"A"' in captured.out


def test_runner_custom_errors_path(tmp_path, fake_nlp, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"")
    errors = tmp_path / "logs" / "errs.jsonl"  # its folder is created when needed
    with pytest.raises(InputError, match="E005"):
        run([tmp_path / "in" / "*.nothing"], None, fake_nlp, errors_path=errors)
    (tmp_path / "in" / "ok.txt").write_text("SIGN A")
    run([tmp_path / "in"], None, fake_nlp, errors_path=errors)
    assert [i["doc_id"] for i in read_jsonl(errors)] == ["bad.txt"]
    assert capsys.readouterr().err == ""


def test_runner_pipeline_failure_is_recorded_and_the_run_goes_on(tmp_path, fake_nlp):
    fake_nlp.add_pipe("test_runner_boom")
    for name, text in [("a.txt", "SIGN A"), ("b.txt", "BOOM"), ("c.txt", "SIGN C")]:
        (tmp_path / name).write_text(text)
    out = tmp_path / "out.jsonl"
    stats = run([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"], out, fake_nlp)
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a.txt", "c.txt"]
    issue = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")[0]
    assert (issue["code"], issue["doc_id"]) == ("E015", "b.txt")
    assert "'test_runner_boom': ValueError: kaboom" in issue["reason"]
    assert (stats.failed, stats.documents) == (1, 2)
    # The pipeline's own error handling is back as it was.
    with pytest.raises(ValueError, match="kaboom"):
        fake_nlp("BOOM")


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"records": "sentences"}, "E007"),
        ({"resume": True, "force": True}, "E011"),
        ({"resume": True, "output": "-"}, "E013"),
    ],
    ids=["records", "resume-and-force", "resume-stdout"],
)
def test_runner_bad_arguments(tmp_path, inputs, fake_nlp, kwargs, code):
    output = kwargs.pop("output", tmp_path / "out.jsonl")
    with pytest.raises(InputError, match=code):
        run([inputs], output, fake_nlp, **kwargs)


def test_runner_no_inputs(tmp_path, fake_nlp):
    (tmp_path / "photo.png").write_bytes(b"x")
    with pytest.raises(InputError, match=r"\[E005\] No input articles found"):
        run([tmp_path, tmp_path / "missing.txt"], tmp_path / "out.jsonl", fake_nlp)


def test_runner_refuses_to_overwrite_without_force(tmp_path, inputs, fake_nlp):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    with pytest.raises(InputError, match="E006"):
        run([inputs], out, fake_nlp)
    assert out.read_text() == "old\n"
    run([inputs], out, fake_nlp, force=True)
    assert len(read_jsonl(out)) == 9
    with pytest.raises(InputError, match="E016"):
        run([inputs], tmp_path, fake_nlp, force=True)


def test_runner_own_files_are_never_read_as_inputs(tmp_path, inputs, fake_nlp):
    out = inputs / "out.jsonl"
    run([inputs], out, fake_nlp)
    stats = run([inputs], out, fake_nlp, force=True)
    assert stats.read == 10


def test_runner_progress_reports_done_and_total(tmp_path, inputs, fake_nlp):
    (inputs / "bad.txt").write_bytes(b"")
    calls = []
    run([inputs], tmp_path / "out.jsonl", fake_nlp, progress=lambda d, t: calls.append((d, t)))
    assert [d for d, _ in calls] == list(range(1, 12))
    assert {t for _, t in calls} == {11}


class Interrupt(Exception):
    pass


def interrupt_after(n: int):
    def progress(done: int, total: int) -> None:
        if done >= n:
            raise Interrupt

    return progress


@pytest.mark.parametrize("records", ["events", "documents"])
def test_runner_resume_after_interrupt_equals_uninterrupted_run(
    tmp_path, inputs, fake_nlp, records
):
    reference = tmp_path / "ref.jsonl"
    run([inputs], reference, fake_nlp, records=records)
    out = tmp_path / "out.jsonl"
    with pytest.raises(Interrupt):
        run([inputs], out, fake_nlp, records=records, progress=interrupt_after(5), batch_size=1)
    assert not out.exists() and part_path(out).exists() and journal_path(out).exists()
    # A plain rerun must not clobber the unfinished one.
    with pytest.raises(InputError, match="E010"):
        run([inputs], out, fake_nlp, records=records)
    # Simulate a kill in the middle of an article: records of the next article written but
    # not journaled, then half a line.
    with open(part_path(out), "ab") as f:
        f.write(b'{"schema":"transfer_nlp.v1","doc_id":"05.txt","person":"Player 5"}\n{"sche')
    stats = run([inputs], out, fake_nlp, records=records, resume=True)
    assert out.read_bytes() == reference.read_bytes()
    assert (stats.read, stats.skipped, stats.documents) == (10, 5, 5)
    assert not part_path(out).exists() and not journal_path(out).exists()


def test_runner_resume_a_finished_output_appends_new_articles_only(tmp_path, inputs, fake_nlp):
    out = tmp_path / "out.jsonl"
    run([inputs], out, fake_nlp)
    before = out.read_bytes()
    (inputs / "10.txt").write_text("SIGN New")
    stats = run([inputs], out, fake_nlp, resume=True)
    assert out.read_bytes().startswith(before)
    assert [r["person"] for r in read_jsonl(out)[-1:]] == ["New"]
    # Articles with events are skipped; those without any give no line, so run again (harmless).
    assert (stats.skipped, stats.documents, stats.events) == (6, 5, 1)


def test_runner_resume_without_anything_to_resume_is_a_fresh_run(tmp_path, inputs, fake_nlp):
    out = tmp_path / "out.jsonl"
    stats = run([inputs], out, fake_nlp, resume=True)
    assert stats.documents == 10 and len(read_jsonl(out)) == 9


def test_runner_resume_refuses_other_record_kind(tmp_path, inputs, fake_nlp):
    out = tmp_path / "out.jsonl"
    run([inputs], out, fake_nlp, records="documents")
    with pytest.raises(InputError, match=r"E012.*holds documents records"):
        run([inputs], out, fake_nlp, records="events", resume=True)
    assert len(read_jsonl(out)) == 10


def test_runner_resume_does_not_repeat_errors(tmp_path, inputs, fake_nlp):
    (inputs / "00-bad.txt").write_bytes(b"")
    (inputs / "cp.txt").write_bytes("SIGN Café".encode("cp1252"))
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "out.jsonl.errors.jsonl"
    with pytest.raises(Interrupt):
        run([inputs], out, fake_nlp, progress=interrupt_after(4), batch_size=1)
    run([inputs], out, fake_nlp, resume=True)
    assert sorted(i["doc_id"] for i in read_jsonl(errors)) == ["00-bad.txt", "cp.txt"]
    # Resuming a finished run: the warning of a done article stays, the failure is retried.
    run([inputs], out, fake_nlp, resume=True)
    assert sorted(i["doc_id"] for i in read_jsonl(errors)) == ["00-bad.txt", "cp.txt"]


def test_runner_resume_without_journal_trusts_complete_lines(tmp_path, inputs, fake_nlp):
    reference = tmp_path / "ref.jsonl"
    run([inputs], reference, fake_nlp, records="documents")
    out = tmp_path / "out.jsonl"
    with pytest.raises(Interrupt):
        run([inputs], out, fake_nlp, records="documents", progress=interrupt_after(3), batch_size=1)
    journal_path(out).unlink()
    with open(part_path(out), "ab") as f:
        f.write(b'{"doc_id": "03.t')
    run([inputs], out, fake_nlp, records="documents", resume=True)
    assert out.read_bytes() == reference.read_bytes()


# --- file names that are not valid UTF-8 -------------------------------------------------------

ODD_NAMES = [b"weird\nname\xff\xfe.txt", b"empty\xff.txt"]


@pytest.fixture
def odd_names(tmp_path) -> Path:
    folder = tmp_path / "odd"
    folder.mkdir()
    try:
        (folder / os.fsdecode(ODD_NAMES[0])).write_text("SIGN A", encoding="utf-8")
        (folder / os.fsdecode(ODD_NAMES[1])).write_bytes(b"")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system only takes UTF-8 names")
    (folder / "plain.txt").write_text("SIGN B", encoding="utf-8")
    return folder


def test_runner_odd_file_names_round_trip_through_doc_id(tmp_path, odd_names, fake_nlp):
    out = tmp_path / "out.jsonl"
    stats = run([odd_names], out, fake_nlp)
    assert (stats.documents, stats.failed) == (2, 1)
    out.read_bytes().decode("utf-8")  # strict: the odd bytes are JSON escapes, not raw bytes
    assert "\\udcff\\udcfe" in out.read_text(encoding="utf-8")
    assert [os.fsencode(r["doc_id"]) for r in read_jsonl(out)] == [b"plain.txt", ODD_NAMES[0]]
    (issue,) = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert os.fsencode(issue["doc_id"]) == ODD_NAMES[1]
    assert os.fsencode(issue["path"]) == os.fsencode(odd_names) + b"/" + ODD_NAMES[1]
    # The journal holds the same ids, so a resume skips them.
    stats = run([odd_names], out, fake_nlp, resume=True)
    assert (stats.skipped, stats.documents) == (2, 0)
    assert len(read_jsonl(out)) == 2


def test_runner_odd_file_names_to_stdout(odd_names, fake_nlp, capsysbinary):
    run([odd_names], "-", fake_nlp)
    captured = capsysbinary.readouterr()
    records = [json.loads(line) for line in captured.out.decode("utf-8").splitlines()]
    assert [os.fsencode(r["doc_id"]) for r in records] == [b"plain.txt", ODD_NAMES[0]]
    assert b"empty\\udcff.txt" in captured.err


# --- two runs on one output --------------------------------------------------------------------


def test_runner_second_run_on_one_output_refuses_and_the_first_completes(
    tmp_path, inputs, fake_nlp
):
    reference = tmp_path / "ref.jsonl"
    run([inputs], reference, fake_nlp)
    out = tmp_path / "out.jsonl"
    started, go_on = threading.Event(), threading.Event()

    def hold(done: int, total: int) -> None:
        if done == 3:
            started.set()
            assert go_on.wait(30)

    first = threading.Thread(target=run, args=([inputs], out, fake_nlp), kwargs={"progress": hold})
    first.start()
    try:
        assert started.wait(30)
        for kwargs in ({"force": True}, {"resume": True}):
            with pytest.raises(InputError, match=r"\[E021\] Another run is writing"):
                run([inputs], out, fake_nlp, **kwargs)
        assert lock_path(out).exists()
    finally:
        go_on.set()
        first.join(30)
    assert out.read_bytes() == reference.read_bytes()
    assert not lock_path(out).exists() and not part_path(out).exists()
    run([inputs], out, fake_nlp, force=True)  # the lock is free again
    assert out.read_bytes() == reference.read_bytes()


# --- devices, FIFOs and links to them ----------------------------------------------------------


def own_files(path: Path) -> list[Path]:
    """The files a run on `path` could leave beside it."""
    return [part_path(path), journal_path(path), lock_path(path), Path(f"{path}.errors.jsonl")]


def test_runner_writes_through_a_fifo_without_replacing_it(tmp_path, inputs, fake_nlp):
    fifo = tmp_path / "records.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        stats = run([inputs], fifo, fake_nlp, force=True)
    finally:
        reader.join(30)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert len(received[0].decode("utf-8").splitlines()) == stats.events == 9
    assert not any(p.exists() for p in own_files(fifo))
    with pytest.raises(InputError, match="E013"):
        run([inputs], fifo, fake_nlp, resume=True)


def test_runner_device_output_and_errors_are_written_to_not_replaced(tmp_path, inputs, fake_nlp):
    (inputs / "bad.txt").write_bytes(b"")
    nodes = [tmp_path / "out.null", tmp_path / "errors.null"]
    try:
        for node in nodes:
            os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second /dev/null
    except PermissionError:
        pytest.skip("mknod needs CAP_MKNOD")
    for force in (False, True):  # no --force needed, and --force does not replace it either
        stats = run([inputs], nodes[0], fake_nlp, errors_path=nodes[1], force=force)
        assert (stats.events, stats.failed) == (9, 1)
        assert all(stat.S_ISCHR(os.stat(node).st_mode) for node in nodes)
        assert not any(p.exists() for node in nodes for p in own_files(node))


def test_runner_errors_through_a_link_to_stderr_keep_the_link(tmp_path, inputs, fake_nlp, capfd):
    if not os.path.exists("/dev/stderr"):
        pytest.skip("no /dev/stderr")
    (inputs / "bad.txt").write_bytes(b"")
    link = tmp_path / "errors.jsonl"
    link.symlink_to("/dev/stderr")
    for _ in range(2):  # a second run does not delete it as an earlier run's errors file
        run([inputs], tmp_path / "out.jsonl", fake_nlp, errors_path=link, force=True)
        assert link.is_symlink() and os.readlink(link) == "/dev/stderr"
        assert '"code":"E004","doc_id":"bad.txt"' in capfd.readouterr().err


# --- --force and the errors file; a kill right after the final rename ---------------------------


def test_runner_force_keeps_the_old_errors_until_it_completes(tmp_path, inputs, fake_nlp):
    (inputs / "00-bad.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "out.jsonl.errors.jsonl"
    run([inputs], out, fake_nlp)
    old_out, old_errors = out.read_bytes(), errors.read_bytes()
    with pytest.raises(Interrupt):  # past the failure, which this run reports again
        run([inputs], out, fake_nlp, force=True, progress=interrupt_after(4), batch_size=1)
    assert (out.read_bytes(), errors.read_bytes()) == (old_out, old_errors)
    assert part_path(errors).exists()
    run([inputs], out, fake_nlp, resume=True)
    assert (out.read_bytes(), errors.read_bytes()) == (old_out, old_errors)
    assert not part_path(errors).exists()
    # A run without failures removes the old errors file, but only once it completes.
    (inputs / "00-bad.txt").unlink()
    with pytest.raises(Interrupt):
        run([inputs], out, fake_nlp, force=True, progress=interrupt_after(4), batch_size=1)
    assert errors.read_bytes() == old_errors
    run([inputs], out, fake_nlp, force=True)
    assert not errors.exists() and not part_path(errors).exists()


@pytest.mark.parametrize("then", ["resume", "force", "plain"])
def test_runner_stale_journal_after_the_final_rename(tmp_path, inputs, fake_nlp, then):
    reference = tmp_path / "ref.jsonl"
    run([inputs], reference, fake_nlp)
    out = tmp_path / "out.jsonl"
    with pytest.raises(Interrupt):
        run([inputs], out, fake_nlp, progress=interrupt_after(10), batch_size=1)
    # As if killed between renaming the part file and removing the journal.
    os.replace(part_path(out), out)
    assert journal_path(out).exists()
    if then == "plain":
        with pytest.raises(InputError, match="E006"):
            run([inputs], out, fake_nlp)
    else:
        stats = run([inputs], out, fake_nlp, **{then: True})
        assert stats.documents == (10 if then == "force" else 4)  # 6 have events, skipped
    assert out.read_bytes() == reference.read_bytes()
    assert not journal_path(out).exists() and not part_path(out).exists()
