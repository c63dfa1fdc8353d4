"""Reporters render a :class:`~triggercfg.api.CheckResult`; they never decide.

``REPORTERS`` maps ``--output-format`` names to modules, imported on use.
Each module has ``render(result, *, color, unsafe_fixes, fixing) -> str``.
"""

from __future__ import annotations

import importlib
from typing import Any

REPORTERS = {
    "full": "full",
    "concise": "concise",
    "json": "json_",
    "json-lines": "json_lines",
    "github": "github",
    "sarif": "sarif",
    "gitlab": "gitlab",
    "junit": "junit",
}
#: Selected by ``--statistics``, not by ``--output-format``.
_EXTRA = {"statistics": "statistics"}


def render(name: str, result: Any, **options: Any) -> str:
    module = importlib.import_module(f"{__name__}.{REPORTERS.get(name) or _EXTRA[name]}")
    rendered: str = module.render(result, **options)
    return rendered
