from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, os.path.dirname(__file__))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason="../shared/corpus is not beside this checkout (it is only in CI and the team's workspace)",
)


def corpus_files(platform: str | None = None) -> list[Path]:
    if not CORPUS.is_dir():
        return []
    platforms = [platform] if platform else ["blaxel", "cerebrium"]
    return sorted(p for name in platforms for p in (CORPUS / name).rglob(f"{name}.toml"))


def docs_examples(platform: str | None = None) -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in (CORPUS / "docs").glob("*.toml") if platform is None or p.name.startswith(platform))


def with_deployment_name(text: str) -> str:
    """A Cerebrium fragment (a probe, a fixture, a docs snippet) made a whole file: the CLI refuses a file without a
    `[cerebrium.deployment] name` (missing-required-key says so), which is not
    what a probe of another behaviour is about. The name goes where it moves
    no line: at the end, in the deployment table when that is the last one."""
    import re

    if re.search(r"(?im)^\s*name\s*=", text) or "[cerebrium" not in text.lower():
        return text
    text = text if text.endswith("\n") else text + "\n"
    headers = re.findall(r"(?m)^\[([^\]]+)\]", text)
    if headers and headers[-1].lower() == "cerebrium.deployment":
        return text + 'name = "app"\n'
    if any(h.lower() == "cerebrium.deployment" for h in headers):
        return text  # left as written: the probe shows the refusal too
    return text + '\n[cerebrium.deployment]\nname = "app"\n'


def docs_text(path: Path) -> str:
    """A docs example as a whole file: the docs show one section at a time."""
    text = path.read_text(encoding="utf-8")
    return with_deployment_name(text) if path.name.startswith("cerebrium") else text


def unmeasured_env() -> dict[str, str]:
    """The environment without coverage's subprocess hooks: a child process
    whose imports a test counts must not also load coverage (which imports
    tomllib, pathlib and multiprocessing of its own)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
