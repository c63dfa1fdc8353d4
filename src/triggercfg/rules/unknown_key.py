"""A key or table that the platform does not read.

## What it does
Reports every key and table that the platform's CLI ignores, with "did you
mean" when exactly one known key of the same table is close: same letters in
another case or with `_` (`callbackURL`, `callback_url`), a known key with a
suffix (`cooldown_period`), or a near spelling (`dependancies`). Known keys
come from the models, so this rule and the JSON Schemas always agree.

What is read and what is not comes from the decode stage, the same account
`triggercfg show` gives (its `ignored` list): every key this rule reports is
listed there. Keys that another rule explains better (a misplaced or
deprecated key, another spelling of a key) are reported by that rule instead.

Blaxel passes `[runtime]`, each `[[triggers]]` and `[[volumes]]` on to its API
as written. A key there that the API does not document is a warning that
says so, not "Blaxel does not read it": the CLI does read it, and the API
most likely ignores it. A key the API uses only with another trigger type
(`schedule` on an `http` trigger) says that.

## Why is this bad?
Both platforms silently ignore keys they do not know. A typo therefore looks
like configuration but does nothing: `cooldown_period = 60` leaves the
cooldown at its default.

## Example
```toml
[cerebrium.scaling]
cooldown_period = 60
```

Use instead:
```toml
[cerebrium.scaling]
cooldown = 60
```

A key that is a spelling of a known key set beside it (`callbackurl` next to
`callbackUrl`) is a leftover duplicate: the message says the platform reads
only the other.

## Fix safety
Renaming to a known key with the same letters in another case or with `_`
(`callbackURL`, `callback_url`) is safe: it can mean nothing else. Renaming
to a near spelling (`timout`) or to a known key the word extends
(`cooldown_period`) is unsafe: it turns on a setting, and the guess could be
wrong. A guess is offered only when exactly one known key is closest.
Removing a leftover duplicate is unsafe (its value may be the one that was
meant). There is no fix when more than one key is close, or for a whole
table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..decode import Ignored
from ..diagnostics import Anchor, Applicability, Fix, Hit, KeyPath, Severity
from ..edits import remove_key, rename_key
from ..spelling import guess
from . import Context, Rule
from ._util import close_match, shorten, table_header

RULE = Rule(
    "TC005",
    "unknown-key",
    Severity.WARNING,
    "Key or table that the platform does not read",
    fix="sometimes",
    fix_safety="mixed",
    generic=True,
)

_PLATFORM = {"blaxel": "Blaxel", "cerebrium": "Cerebrium"}
_SECRET_HINT = {
    "blaxel": "keep secrets in `.env` and reference them from `[env]` as `${secrets.NAME}`",
    "cerebrium": "set environment variables and secrets in the Cerebrium dashboard",
}
_HINTS: dict[tuple[str, KeyPath], str] = {
    ("blaxel", ("secrets",)): _SECRET_HINT["blaxel"],
    ("blaxel", ("deploy",)): "the CLI reads top-level `region` and `memory` instead",
    ("cerebrium", ("cerebrium", "secrets")): _SECRET_HINT["cerebrium"],
    ("cerebrium", ("cerebrium", "env")): _SECRET_HINT["cerebrium"],
    ("cerebrium", ("cerebrium", "environment")): _SECRET_HINT["cerebrium"],
}


#: The reasons of the decode stage's `Ignored` this rule reports (the others
#: have rules of their own: misplaced-key, deprecated-key, case-collision).
REASONS = ("unknown", "undocumented", "unused")


def check(ctx: Context) -> Iterator[Hit]:
    if ctx.platform.name == "cerebrium" and not isinstance(ctx.value(("cerebrium",)), dict):
        return  # missing-required-key explains the whole file
    for entry in ctx.reading.ignored():
        ignored = entry.ignored
        assert ignored is not None
        if ignored.reason not in REASONS:
            continue
        if ignored.reason == "unused" and entry.path[-1] == "callbackUrl":
            continue  # callback-url-ignored says why
        yield _hit(ctx, entry.written, ignored)


def _hit(ctx: Context, written: KeyPath, ignored: Ignored) -> Hit:
    where, key = written[:-1], str(written[-1])
    entry = ctx.reading.written(written)
    assert entry is not None
    value, path = entry.value, entry.path
    platform = _PLATFORM[ctx.platform.name]
    arrays = ctx.locations.table_arrays
    # a table, or an array of tables written `[[riggers]]`: named as a table, never removed or renamed by a fix
    array = isinstance(value, list) and written in arrays
    is_table = isinstance(value, dict) or array
    header = table_header((*written, 0) if array else written, arrays)
    what = f"table `{header}`" if is_table else f"key `{shorten(key)}`"
    place = f" in `{table_header(where, arrays)}`" if where else ""
    if ignored.reason == "undocumented":
        message = f"unknown {what}{place}: the {platform} API does not document it (the CLI passes it on as written)"
    elif ignored.reason == "unused":
        message = f"{what[0].lower()}{what[1:]}{place} is not used here: {ignored.why}"
    elif not ignored.certain:
        message = f"unknown {what}{place}: {platform} does not document it, and may ignore it"
    else:
        message = f"unknown {what}{place}: {platform} does not read it"
    hint = _HINTS.get((ctx.platform.name, path)) or _dependency_typo(ctx, path, value)
    meant = None if hint or ignored.reason == "unused" else guess(key, ignored.known)
    suggestion = meant.word if meant is not None else None
    if not hint and not suggestion and ignored.reason != "unused":
        hint = _known_elsewhere(ctx, key)
    fix = None
    if hint:
        message += f"; {hint}"
    elif suggestion and ctx.reading.written((*where, suggestion)) is not None and not is_table:
        # the key it would be is already set: a leftover the platform ignores, not a typo to rename
        line = ctx.locations.span((*where, suggestion), Anchor.KEY).line
        reads = "reads only that" if ignored.certain else "documents only that"
        message += (
            f"; `{suggestion}` (line {line}) is set beside it, and {platform} {reads}: this one is a leftover duplicate"
        )
        fix = Fix(f"Remove `{key}`", Applicability.UNSAFE, remove_key(where, key), touches=(written,))
    elif meant is not None and suggestion:
        message += f"; did you mean `{suggestion}`?"
        if not is_table:
            # the same letters can only mean that key; a near spelling might mean another setting
            fix = Fix(
                f"Rename `{key}` to `{suggestion}`",
                Applicability.SAFE if meant.certain else Applicability.UNSAFE,
                rename_key(where, key, suggestion),
                touches=(written, (*where, suggestion)),
            )
    return Hit(written, message, Anchor.KEY, fix)


def _known_elsewhere(ctx: Context, key: str) -> str | None:
    from ..shape import all_known_keys

    homes = all_known_keys(ctx.platform.name).get(key)
    if not homes or len(homes) != 1:
        return None
    (home,) = homes
    table = tuple(p for p in home[:-1] if p != "*")
    if not table:
        return f"`{key}` is a top-level key"
    return f"`{key}` is a key of `[{'.'.join(map(str, table))}]`"


def _dependency_typo(ctx: Context, path: KeyPath, value: Any) -> str | None:
    # [cerebrium.apt.dependancies] / [cerebrium.pip.dependencies]: the two names swapped.
    if (
        ctx.platform.name == "cerebrium"
        and len(path) == 2
        and path[0] == "cerebrium"
        and path[1] in ("pip", "apt", "conda")
        and isinstance(value, dict)
        and any(close_match(k, ["dependencies"]) or k == "dependencies" for k in value)
    ):
        return f"did you mean `[cerebrium.dependencies.{path[1]}]`?"
    return None
