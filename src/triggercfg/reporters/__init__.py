"""Reporters render a :class:`~triggercfg.api.CheckResult`; they never decide.

``REPORTERS`` maps ``--output-format`` names to modules, imported on use.
Each module has ``render(result, *, color, unsafe_fixes, fixing) -> str``;
the ones a run with very many findings uses (``concise``, ``json``) also
have ``chunks(...)``, the same text in pieces, so that the command line
writes it as it is made and never holds it whole.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
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
    rendered: str = _module(name).render(result, **options)
    return rendered


def chunks(name: str, result: Any, **options: Any) -> Iterator[str]:
    """:func:`render`'s text in pieces, joined exactly as it (a reporter
    without ``chunks`` gives its whole text as one piece)."""
    module = _module(name)
    pieces = getattr(module, "chunks", None)
    if pieces is None:
        yield module.render(result, **options)
        return
    yield from pieces(result, **options)


def _module(name: str) -> Any:
    return importlib.import_module(f"{__name__}.{REPORTERS.get(name) or _EXTRA[name]}")
