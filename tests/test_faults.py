"""The batch command under faults, as a real process over a fake pipeline (tests/fake_cli.py):
read-only folders, full disks, device files, concurrent runs and signals."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
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


def signings(folder: Path, n: int) -> Path:
    """`n` articles in `folder`, each with one event (of Player 0, Player 1, ...)."""
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(f"Article {i}.\nSIGN Player {i}", encoding="utf-8")
    return folder


@pytest.fixture
def articles(tmp_path) -> Path:
    return signings(tmp_path / "in", 12)


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
    with pytest.raises(OutputError, match=r"\[E022\] Cannot write .*out\.jsonl"):
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
    assert f"[E022] Cannot write {part_path(out)}: File too large." in stderr
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
    assert "[E022] Cannot write standard output: No space left on device." in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


# --- 7: signals and worker processes -----------------------------------------------------------


def descendants(pid: int) -> set[int]:
    """The processes below `pid`, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat_file.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Running, not merely a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_until_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if alive(p)}


def start_busy_run(folder: Path, out: Path) -> tuple[subprocess.Popen, set[int]]:
    """A `-n 2` run of slow articles, once both workers are busy: (process, its workers)."""
    proc = subprocess.Popen(
        fake_cli_argv("extract", folder, "-o", out, "-n", "2", "-b", "1"),
        env=fake_cli_env(delay=0.2),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell job would be
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if journal_path(out).exists() and journal_path(out).read_bytes().count(b"\n") > 2:
            break
        time.sleep(0.01)
    workers = descendants(proc.pid)
    assert proc.poll() is None and len(workers) >= 2, "the run ended before it was signalled"
    return proc, workers


@pytest.fixture
def many_articles(tmp_path) -> Path:
    """Enough slow articles that a run is still busy when it is signalled."""
    return signings(tmp_path / "many", 100)


posix_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@posix_proc
def test_faults_sigkill_of_the_parent_ends_its_workers_within_5_s(many_articles, tmp_path):
    proc, workers = start_busy_run(many_articles, tmp_path / "out.jsonl")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert wait_until_gone(workers | {proc.pid}, 5.0) == set()


@posix_proc
def test_faults_sigterm_stops_cleanly_and_resume_completes(many_articles, tmp_path):
    out = tmp_path / "out.jsonl"
    proc, workers = start_busy_run(many_articles, out)
    os.kill(proc.pid, signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 143, stderr
    assert stderr.decode() == "Terminated; run again with --resume to continue.\n"
    assert wait_until_gone(workers, 5.0) == set()
    assert part_path(out).exists() and journal_path(out).exists() and not out.exists()
    result = fake_cli("extract", many_articles, "-o", out, "--resume", "-n", "2", "-q")
    assert result.returncode == 0, result.stderr
    people = [json.loads(line)["person"] for line in out.read_text().splitlines()]
    assert people == [f"Player {i}" for i in range(100)]


@posix_proc
def test_faults_ctrl_c_on_the_process_group_exits_130_with_one_line(many_articles, tmp_path):
    out = tmp_path / "out.jsonl"
    proc, workers = start_busy_run(many_articles, out)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert stderr.decode() == "Interrupted; run again with --resume to continue.\n"
    assert wait_until_gone(workers, 5.0) == set()
    assert part_path(out).exists() and journal_path(out).exists()
