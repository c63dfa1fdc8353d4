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
