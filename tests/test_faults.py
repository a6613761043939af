"""The batch command under faults, as a real process over a fake pipeline (tests/fake_cli.py):
read-only folders, full disks, device files, concurrent runs and signals."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from transfer_nlp import api
from transfer_nlp.errors import OutputError
from transfer_nlp.runner import journal_path, part_path, run_extract

FAKE_CLI = Path(__file__).resolve().parent / "fake_cli.py"
SRC = Path(__file__).resolve().parent.parent / "src"


def fake_cli(*args, delay: float = 0.0, **kwargs) -> subprocess.CompletedProcess:
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run(fake_cli_argv(*args), env=fake_cli_env(delay), timeout=120, **streams)


def fake_cli_argv(*args) -> list[str]:
    return [sys.executable, str(FAKE_CLI), *map(str, args)]


def fake_cli_env(delay: float = 0.0) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "FAKE_CLI_DELAY": str(delay)}


@pytest.fixture
def articles(tmp_path) -> Path:
    """Twelve articles, each with one event."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02d}.txt").write_text(f"Article {i}.\nSIGN Player {i}", encoding="utf-8")
    return folder


@pytest.fixture
def reference(articles, tmp_path) -> bytes:
    """The records of an uninterrupted run over `articles`."""
    out = tmp_path / "reference.jsonl"
    result = fake_cli("extract", articles, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.fixture
def no_model_load(monkeypatch):
    """Fail the test if the run gets as far as loading a model."""

    def load(model=None, base=None):
        raise AssertionError("the model was loaded before the output was checked")

    monkeypatch.setattr(api, "load", load)


@pytest.fixture
def unwritable_dir(tmp_path) -> Path:
    """A folder this process cannot create files in (root ignores permission bits: use /sys)."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o555)
        yield folder
        folder.chmod(0o755)
        return
    try:
        os.close(os.open("/sys/transfer_nlp_probe", os.O_WRONLY | os.O_CREAT))
    except OSError:
        yield Path("/sys")
        return
    pytest.skip("no folder this user cannot write to")


# --- 4: output faults --------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["output", "errors"])
def test_faults_unwritable_folder_is_a_coded_error_before_the_model_loads(
    articles, tmp_path, unwritable_dir, no_model_load, what
):
    target = unwritable_dir / "out.jsonl"
    output, errors = (target, None) if what == "output" else (None, target)
    with pytest.raises(OutputError, match=r"\[E018\] Cannot write .*out\.jsonl"):
        run_extract([articles], output, errors_path=errors)
    assert not target.exists()


def test_faults_full_disk_mid_run_exits_1_and_resume_completes(articles, reference, tmp_path):
    out = tmp_path / "out.jsonl"

    def small_disk() -> None:
        # Writes past 300 bytes fail with EFBIG, as on a full disk (the signal is ignored so
        # that the write returns an error instead of killing the process).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))

    result = fake_cli("extract", articles, "-o", out, "-b", "1", preexec_fn=small_disk)
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert f"[E018] Cannot write {part_path(out)}: File too large." in stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    assert part_path(out).exists() and journal_path(out).exists() and not out.exists()
    result = fake_cli("extract", articles, "-o", out, "--resume", "-q")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == reference


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_faults_stdout_to_a_full_device_exits_1_with_one_message(articles):
    with open("/dev/full", "wb") as full:
        result = fake_cli("extract", articles, stdout=full)
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert "[E018] Cannot write standard output: No space left on device." in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
