"""triggercfg: lint, validate and fix ``blaxel.toml`` and ``cerebrium.toml``.

The public Python API lives in :mod:`triggercfg.api`; the names below are
re-exported lazily so that ``import triggercfg`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "FileResult",
    "Finding",
    "__version__",
    "check_paths",
    "check_stdin",
    "check_text",
    "effective",
    "effective_paths",
    "fix_edits",
    "fix_text",
]

if TYPE_CHECKING:  # pragma: no cover
    from .api import CheckResult, FileResult, check_paths, check_stdin, check_text, fix_edits, fix_text
    from .diagnostics import Finding
    from .effective_config import effective, effective_paths


def __getattr__(name: str) -> Any:
    if name in {"check_paths", "check_stdin", "check_text", "fix_edits", "fix_text", "CheckResult", "FileResult"}:
        from . import api

        return getattr(api, name)
    if name in {"effective", "effective_paths"}:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.effective_config"), name)
    if name == "Finding":
        from .diagnostics import Finding

        return Finding
    raise AttributeError(name)
