"""Rendering of ``triggercfg show``: the effective configuration as TOML with
comments (text), or as the JSON array ``docs/show-output.md`` specifies.
Decides nothing: ``effective.py`` says what the platform reads."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from .diagnostics import KeyPath
from .edits import toml_value
from .effective_config import Effective, IgnoredKey

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def render_json(results: list[Effective]) -> str:
    return json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def render_text(results: list[Effective]) -> str:
    blocks = []
    for result in results:
        name = result.platform.capitalize()
        if not result.accepted:
            lines = [f"# {result.path}: the {name} CLI refuses this file: {result.error}"]
            lines += [f"{f.path}:{f.line}:{f.column}: {f.code} [{f.rule}] {f.message}" for f in result.findings]
            blocks.append("\n".join(lines))
            continue
        lines = [f"# {result.path}: what the {name} CLI reads (values it changed or filled in say so)"]
        unread = {key.path: key for key in result.ignored if not key.read}
        _table(result, result.read or {}, (), None, False, lines, unread)
        if unread:  # in a table the CLI holds nothing of
            lines.append("")
            lines.append("# also in the file:")
            lines += [_unread(key, written=True) for key in unread.values()]
        blocks.append("\n".join(lines).rstrip("\n"))
    return "\n\n".join(blocks)


def _unread(key: IgnoredKey, *, written: bool = False) -> str:
    """A key the CLI does not hold, as a comment: as written, and why it is ignored."""
    name = ".".join(_key(str(p)) if isinstance(p, str) else f"[{p}]" for p in (key.path if written else key.path[-1:]))
    if _is_table(key.value):
        text = f"[{name}]" if isinstance(key.value, dict) else f"[[{name}]]"
    else:
        text = f"{name} = {toml_value(key.value)}"
    return f"# {text}  # {_ignored(key, line=True)}"


def _ignored(key: IgnoredKey, *, line: bool = False) -> str:
    where = f" (line {key.line})" if line else ""
    return f"{'ignored' if key.certain else 'may be ignored'}{where}: {key.reason}"


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and bool(value) and isinstance(value[0], dict))


def _table(
    result: Effective,
    node: dict[str, Any],
    path: KeyPath,
    header: str | None,
    array: bool,
    lines: list[str],
    unread: dict[KeyPath, IgnoredKey],
) -> None:
    tables: list[tuple[str, Any]] = []
    body: list[str] = []
    for key, value in node.items():
        if isinstance(value, dict) or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
            tables.append((key, value))
            continue
        body.append(_line(result, (*path, key), f"{_key(key)} = {toml_value(value)}"))
    for where, default in result.default_notes.items():
        if where[: len(path)] == path and _inside(node, where[len(path) :]):
            rest = ".".join(_key(str(p)) for p in where[len(path) :])
            body.append(f"# {rest} = {toml_value(default.value)}  # not set: {default.why}")
    for written, ignored in list(unread.items()):  # a key written in this table, not read (tables: at the end)
        if ignored.at[:-1] == path and not _is_table(ignored.value):
            body.append(_unread(ignored))
            del unread[written]
    # a table that only holds tables needs no header of its own (TOML implies it)
    if header is not None and (body or array or not node):
        lines.append("")
        lines.append(f"[[{header}]]" if array else f"[{header}]")
    lines.extend(body)
    for key, value in tables:
        name = f"{header}.{_key(key)}" if header else _key(key)
        if isinstance(value, dict):
            if not value and result.origins.get((*path, key)) is None:
                continue
            _table(result, value, (*path, key), name, False, lines, unread)
        else:
            for index, element in enumerate(value):
                _table(result, element, (*path, key, index), name, True, lines, unread)


def _inside(node: dict[str, Any], rest: KeyPath) -> bool:
    """Whether a default at ``rest`` (below this table) belongs in this table's text:
    its first key is not a table that will be shown on its own."""
    first = rest[0]
    return len(rest) == 1 or not (isinstance(first, str) and isinstance(node.get(first), (dict, list)))


def _line(result: Effective, where: KeyPath, text: str) -> str:
    notes = []
    origin = result.origins.get(where)
    if origin is not None and origin.source and isinstance(where[-1], str) and origin.source[-1] != where[-1]:
        notes.append(f"written as `{origin.source[-1]}`")
    if origin is not None and origin.how:
        notes.append(origin.how)
    others = result.ambiguous.get(where)
    if others:
        notes.append(
            "the CLI takes either spelling, at random (Go map order): it may read "
            + " or ".join(toml_value(v) for v in others)
            + " instead"
        )
    passed = result.passed.get(where)
    if passed is not None:  # held by the CLI, passed on to an API that may not use it
        notes.append(_ignored(passed))
    return f"{text}  # {'; '.join(notes)}" if notes else text


def _key(key: str) -> str:
    if _BARE.fullmatch(key):
        return key
    from .edits import toml_string

    return toml_string(key)
