"""The README's set-up commands and library example do what they say."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    block = README.split("## Set-up on a fresh machine", 1)[1]
    code = re.search(r"```console\n(.*?)```", block, re.S)
    assert code is not None
    return [line for line in code.group(1).splitlines() if line.strip()]


def test_readme_setup_is_two_commands_and_ci_runs_the_test_one():
    install_and_run, tests = _setup_commands()
    assert (
        install_and_run.startswith("pip install")
        and "transfer-nlp extract corpus/" in install_and_run
    )
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()


def test_readme_main_job_runs_on_the_bundled_corpus(tmp_path):
    install_and_run = _setup_commands()[0]
    extract = install_and_run.split("&&", 1)[1].strip()
    argv = [
        a if a != "events.jsonl" else str(tmp_path / "events.jsonl") for a in shlex.split(extract)
    ]
    assert argv[0] == "transfer-nlp"
    proc = subprocess.run(
        [sys.executable, "-m", "transfer_nlp", *argv[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert {r["doc_id"] for r in records} >= {"deadline_day.txt", "managers.txt"}
    assert all(r["schema"] == "transfer_nlp.v1" for r in records)
    # The README's example line is one of them, to the last field.
    assert _example_record() in records


def _example_record() -> dict:
    block = README.split("One line of `events.jsonl`", 1)[1]
    code = re.search(r"```json\n(.*?)```", block, re.S)
    assert code is not None
    return json.loads(code.group(1))


def test_readme_library_block_runs(nlp, monkeypatch, capsys):
    """The first lines of the library example, as written (the default pipeline is the
    session's, to spare a load)."""
    from transfer_nlp import api

    monkeypatch.setattr(api, "_default_nlp", lambda: nlp)
    block = README.split("## Library", 1)[1]
    code = re.search(r"```python\n(.*?)```", block, re.S)
    assert code is not None
    first_part = code.group(1).split("\nnlp = ", 1)[0]
    exec(compile(first_part, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("signing confirmed Declan Rice West Ham United Arsenal")
    assert printed[1].startswith(
        "{'schema': 'transfer_nlp.v1', 'doc_id': None, 'published': None, 'source': None, "
        "'entities': ["
    )


def test_readme_library_example(nlp):
    import transfer_nlp

    article = transfer_nlp.extract(
        "Arsenal have signed Declan Rice from West Ham for £105m.", nlp=nlp
    )
    (event,) = article.events
    assert (event.type, event.person, event.from_club, event.to_club) == (
        "signing",
        "Declan Rice",
        "West Ham United",
        "Arsenal",
    )
    assert set(article.to_dict()) == {
        "schema",
        "doc_id",
        "published",
        "source",
        "entities",
        "events",
    }
