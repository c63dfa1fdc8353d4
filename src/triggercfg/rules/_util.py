"""Helpers shared by several rules. Pure functions, no I/O."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..diagnostics import Anchor, Applicability, Fix, Hit, KeyPath, render_path
from ..edits import move_key
from ..limits import TRIGGER_TYPE_ALIASES, TRIGGER_TYPES
from ..spelling import close_match, guess, norm

__all__ = ["close_match"]  # re-exported: the rules' "did you mean" (`triggercfg.spelling`)

_DECIMAL_INT = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def read_as_meant(written: Any, read: Any, raw: Callable[[], str] | None = None) -> bool:
    """Whether a platform that reads ``written`` as ``read`` (the decode
    stage's answer) reads what a person means by it: it converted the
    spelling (``"30"`` to 30, ``2.0`` to 2, ``"true"`` and 1 to true,
    ``"a.py,b.py"`` to a list, 4643 to ``"4643"``), not the value (``1.5`` to
    1, ``"030"`` to 24, ``"a.py, b.py"`` to ``" b.py"``, ``2`` to true, 3.10
    to ``"3.1"``). ``raw`` gives the value's text as written, which only a
    float read as a string needs."""
    if isinstance(read, list):
        if isinstance(written, list):
            return len(written) == len(read) and all(read_as_meant(w, r) for w, r in zip(written, read, strict=True))
        if isinstance(written, str):
            return not written.strip().startswith("[") and all(part == part.strip() and part for part in read)
        return False
    if isinstance(written, bool) or (type(written) is type(read) and written == read):
        return type(written) is type(read) and written == read
    if isinstance(read, bool):
        return (isinstance(written, str) and written != "") or written in (0, 1)
    if isinstance(read, int):
        if isinstance(written, str):
            return _DECIMAL_INT.fullmatch(written) is not None and int(written) == read
        return isinstance(written, float) and written == read
    if isinstance(read, float):
        if isinstance(written, str):
            return _DECIMAL.fullmatch(written) is not None and float(written) == read
        return isinstance(written, int) and written == read
    if isinstance(read, str):  # a number read as the string Go prints
        if isinstance(written, int):
            return str(written) == read
        return isinstance(written, float) and raw is not None and raw() == read
    return False


#: A custom runtime's start command: one string is one program's name to the Cerebrium CLI.
ENTRYPOINT: KeyPath = ("cerebrium", "runtime", "custom", "entrypoint")


def as_meant(ctx: Any, entry: Any) -> bool:
    """Whether the platform reads ``entry`` (a decode-stage entry it converts)
    as what a person means by what is written: :func:`read_as_meant`, and a
    one-string `entrypoint` only when it holds no space (`"uvicorn main:app"`
    names one program; `"uvicorn,main:app"` splits into the two words)."""
    if entry.path == ENTRYPOINT and isinstance(entry.value, str) and any(c.isspace() for c in entry.value):
        return False
    return read_as_meant(entry.value, entry.read, lambda: ctx.raw_value(entry.written).strip())


def triggers(data: dict[str, Any]) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """``(path, trigger)`` for every table in ``[[triggers]]``."""
    return iter(_listed(data)[0])


def configurations(
    data: dict[str, Any],
) -> Iterator[tuple[KeyPath, dict[str, Any], dict[str, Any]]]:
    """``(configuration path, configuration, trigger)`` for every trigger that has one.

    A `[[triggers.configuration]]` array yields each of its tables.
    """
    return iter(_listed(data)[1])


_Triggers = list[tuple[KeyPath, dict[str, Any]]]
_Configurations = list[tuple[KeyPath, dict[str, Any], dict[str, Any]]]
#: The last `[[triggers]]` array listed, and its lists: a dozen rules ask about
#: the same file's array in turn (rules never change the data they read).
_LAST: list[Any] = [None, ([], []), 0]


def _listed(data: dict[str, Any]) -> tuple[_Triggers, _Configurations]:
    value = data.get("triggers")
    if not isinstance(value, list):
        return [], []
    if _LAST[0] is value and _LAST[2] == len(value):
        return _LAST[1]  # type: ignore[no-any-return]  # set below, for this very list
    found: _Triggers = [(("triggers", i), t) for i, t in enumerate(value) if isinstance(t, dict)]
    configs: _Configurations = []
    for path, trigger in found:
        config = trigger.get("configuration")
        if isinstance(config, dict):
            configs.append(((*path, "configuration"), config, trigger))
        elif isinstance(config, list):
            configs += [
                ((*path, "configuration", index), item, trigger)
                for index, item in enumerate(config)
                if isinstance(item, dict)
            ]
    _LAST[:] = value, (found, configs), len(value)
    return found, configs


def timeout_paths(data: dict[str, Any]) -> list[KeyPath]:
    """Where the Blaxel CLI converts a timeout to seconds: `[runtime]`, each
    trigger, and each trigger's configuration."""
    paths: list[KeyPath] = [("runtime", "timeout")]
    paths += [(*path, "timeout") for path, _ in triggers(data)]
    paths += [(*path, "timeout") for path, _, _ in configurations(data)]
    return paths


def callback_urls(data: dict[str, Any]) -> Iterator[tuple[KeyPath, str, dict[str, Any]]]:
    """``(path, url, trigger)`` for every string ``callbackUrl`` in
    configurations, or, where there is none, a misspelling of it that
    `unknown-key` suggests renaming (`callbackURL`, `callback_url`): the URL
    is checked now, not after the rename."""
    for path, config, trigger in configurations(data):
        key = "callbackUrl" if "callbackUrl" in config else next((k for k in config if norm(k) == "callbackurl"), None)
        url = config.get(key) if key is not None else None
        if key is not None and isinstance(url, str):
            yield (*path, key), url, trigger


def checked_type(trigger: dict[str, Any]) -> tuple[str | None, bool]:
    """The type a trigger is checked as, and whether it is a guess: its own
    when it exists, else the one `invalid-trigger-type` suggests (`http_async`
    is checked as `http-async`), else None."""
    kind = trigger.get("type")
    if not isinstance(kind, str):
        return None, False
    if kind in TRIGGER_TYPES or kind == "schedule":
        return kind, False
    found = guess(kind, TRIGGER_TYPES, TRIGGER_TYPE_ALIASES)
    return (found.word, True) if found is not None else (None, False)


def guessed(trigger: dict[str, Any]) -> str:
    """What a message adds when the trigger's type is a guess ("" otherwise)."""
    kind, guess = checked_type(trigger)
    return f" (checked as `{kind}`, the type you probably meant)" if guess else ""


COMPUTE_PATH: KeyPath = ("cerebrium", "hardware", "compute")


def compute_entries(ctx: Any) -> list[tuple[KeyPath, str]]:
    """``(written path, name)`` for each compute type Cerebrium reads from
    `[cerebrium.hardware] compute` (a string is a list of one)."""
    compute = ctx.value(COMPUTE_PATH)
    if not isinstance(compute, list):
        return []
    return [(ctx.where((*COMPUTE_PATH, i)), c) for i, c in enumerate(compute) if isinstance(c, str)]


def article(word: str) -> str:
    """ "a" or "an" before ``word`` as read aloud (`http` is "an aitch-tee-tee-pee")."""
    return "an" if word[:1].lower() in "aeiou" or word.lower().startswith("http") else "a"


def is_async(trigger: dict[str, Any]) -> bool:
    """An `http-async` trigger, or one whose misspelt type means it."""
    return checked_type(trigger)[0] == "http-async"


def shorten(name: str, limit: int = 60) -> str:
    """A key as a message names it: whole, or its start when it is very long."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def show(value: Any) -> str:
    """A value as TOML would write it, shortened for messages."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return '"' + text.replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def move_hit(
    ctx: Any, source: KeyPath, key: str, target: KeyPath, message: str, *, can_fix: bool, severity: Any = None
) -> Hit:
    """A hit on ``key`` in table ``source`` (as written) whose safe fix moves it
    to table ``target`` (canonical: into the table as the file spells it)."""
    fix = None
    target = ctx.where(target)
    if can_fix and _can_hold(ctx.data, target) and not _dotted(ctx.locations, target):
        header = table_header(target, ctx.locations.table_arrays)
        fix = Fix(
            f"Move `{key}` to `{header}`",
            Applicability.SAFE,
            move_key(source, key, target),
            ((*source, key), (*target, key)),
        )
    return Hit((*source, key), message, Anchor.KEY, fix, severity=severity)


def _dotted(locations: Any, target: KeyPath) -> bool:
    """Whether ``target`` is a table made by dotted keys (`runtime.timeout = 1`
    at the top level), which no header may extend and tomlkit cannot add to."""
    entry = locations.entries.get(target)
    if entry is None or entry.header is not None or entry.value is not None or entry.key is None:
        return False
    return not any(e.header is not None and e.header.line == entry.key.line for e in locations.entries.values())


def _can_hold(data: Any, target: KeyPath) -> bool:
    """Whether a key can be moved into ``target``: each step on the way is a
    table or absent (`configuration = "x"` cannot take a key)."""
    node = data
    for step in target:
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        elif isinstance(node, dict):
            if step not in node:
                return True
            node = node[step]
        else:
            return False
    return isinstance(node, dict)


def table_header(path: KeyPath, arrays: set[KeyPath] | frozenset[KeyPath] = frozenset()) -> str:
    """How a user would write the table at ``path``: ``[[triggers]]``,
    ``[triggers.configuration]``, ``[cerebrium.scaling]``."""
    names = render_path(tuple(p for p in path if not isinstance(p, int)))
    if path and isinstance(path[-1], int) and path[:-1] in arrays:
        return f"[[{names}]]"
    return f"[{names}]"
