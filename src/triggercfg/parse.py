"""Parse stage: text → plain data (``tomllib``), or a syntax problem with a position.

tomllib is the fast parser; tomlkit is only loaded when a fix is applied.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from .diagnostics import Span
from .source import ReadProblem

# Patterns of the error path are compiled on first use (re caches them), so a
# file that parses never pays for them.
_AT = r"\s*\(at line (\d+), column (\d+)\)$"
_AT_END = r"\s*\(at end of document\)$"


TOO_DEEP = "values are nested too deeply to check (arrays or tables inside each other, hundreds of levels)"


def parse(text: str) -> dict[str, Any] | ReadProblem:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _problem(exc, text)
    except RecursionError:  # tomllib parses nested values recursively
        return ReadProblem(TOO_DEEP, Span(1, 1, 1, 2))


def _problem(exc: tomllib.TOMLDecodeError, text: str) -> ReadProblem:
    message = str(exc.args[0]) if exc.args else str(exc)
    line = getattr(exc, "lineno", None)  # Python 3.14+
    column = getattr(exc, "colno", None)
    if match := re.search(_AT, message):
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    elif match := re.search(_AT_END, message):
        message = message[: match.start()] + " at end of file"
        lines = text.split("\n")
        line, column = len(lines), len(lines[-1]) + 1
    if line is None or column is None:
        line, column = 1, 1
    message = message[:1].lower() + message[1:]
    span = Span(line, column, line, column + 1)
    if message == "illegal character '\\n'":
        message = "the line ends inside a string (is a closing quote missing?)"
    elif message == "cannot overwrite a value":
        key, span = _defined_key(text, line, span)
        if key:
            message = f"`{key}` is already defined (a key can be set only once per table)"
    if not message.startswith("invalid") and "toml" not in message.lower():
        message = f"invalid TOML: {message}"
    return ReadProblem(message, span)


_KEY = r"^(\s*)([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*[.=]"


def _defined_key(text: str, line: int, fallback: Span) -> tuple[str | None, Span]:
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None, fallback
    match = re.match(_KEY, lines[line - 1])
    if not match:
        return None, fallback
    start = len(match.group(1)) + 1
    return match.group(2), Span(line, start, line, start + len(match.group(2)))
