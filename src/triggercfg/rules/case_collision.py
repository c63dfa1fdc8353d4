"""Two spellings of one key or table, which the platform reads as one.

## What it does
Reports a key or table written twice in different cases in one table, where
the platform's CLI ignores case: any key or table of a cerebrium.toml
(`[cerebrium.hardware]` and `[Cerebrium.Hardware]`, `cooldown` and
`Cooldown`), and the CLI's own keys of a blaxel.toml (`type` and `TYPE`; not
the keys of `[runtime]` or `[[triggers]]`, which are passed on as written).

## Why is this bad?
TOML sees two keys; the CLI sees one. Cerebrium's CLI keeps the later
spelling, which replaces the earlier silently and whole. The Blaxel CLI
takes either, at random: it visits the keys in Go's map order, which changes
from run to run (of 26 observed files, the earlier spelling won in 6). A replaced table loses every setting in it
(`[CEREBRIUM.DEPLOYMENT]` beside `[cerebrium.scaling]` drops the scaling
table; a lost `deployment.name` makes the file invalid), and a replaced key
deploys the other value (`type = "agent"` then `TYPE = "function"` deploys a
function). Evidence: PLATFORMS.md §3, from running each CLI's decoding code.

## Example
```toml
[cerebrium.scaling]
cooldown = 10
Cooldown = 20
```

Use instead:
```toml
[cerebrium.scaling]
cooldown = 20
```

Two spellings with the same value are read once, with that value: a
warning, to remove the duplicate (an official Cerebrium example spells a
package `Pillow` and `pillow`). Two values, or two tables, are an error.

## Fix safety
There is no fix: which of the two values was meant is for the user to say.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Anchor, Hit, KeyPath, Severity
from . import Context, Rule
from ._util import show, table_header

RULE = Rule(
    "TC011",
    "case-collision",
    Severity.ERROR,
    "Two spellings of one key that the platform merges",
)

_PLATFORM = {"blaxel": "Blaxel", "cerebrium": "Cerebrium"}


def check(ctx: Context) -> Iterator[Hit]:
    if ctx.platform.name == "cerebrium":
        yield from _walk(ctx, (), ctx.data)  # viper lower-cases every key, at every level
        return
    from .unusual_spelling import case_readers

    for where, data, _ in case_readers(ctx):
        yield from _table(ctx, where, data)


def _walk(ctx: Context, where: KeyPath, data: dict[str, Any]) -> Iterator[Hit]:
    pending = [(where, data)]
    while pending:
        path, table = pending.pop()
        yield from _table(ctx, path, table)
        pending.extend(((*path, k), v) for k, v in table.items() if isinstance(v, dict))


def _table(ctx: Context, where: KeyPath, data: dict[str, Any]) -> Iterator[Hit]:
    if len({key.lower() for key in data}) == len(data):
        return  # one spelling each: the common case, decided without a loop in Python
    first: dict[str, str] = {}
    for key in data:
        folded = key.lower()
        if folded not in first:
            first[folded] = key
            continue
        earlier = first[folded]
        first[folded] = key  # a third spelling replaces the second, and so on
        yield _hit(ctx, where, earlier, key, data)


def _hit(ctx: Context, where: KeyPath, earlier: str, later: str, data: dict[str, Any]) -> Hit:
    platform = _PLATFORM[ctx.platform.name]
    line = ctx.locations.span((*where, earlier), Anchor.KEY).line
    if isinstance(data[later], dict) and isinstance(data[earlier], dict):
        old, new = _header(where, earlier, data[earlier]), _header(where, later, data[later])
        lost = "every setting in it is lost"
        tables = [k for k, v in data[earlier].items() if isinstance(v, dict)]
        if old.endswith(".*]") and tables:
            names = [f"`{table_header((*where, earlier, k))}`" for k in tables[:3]]
            names += [f"{len(tables) - 3} more"] if len(tables) > 3 else []
            lost = (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]) + (
                " is lost" if len(names) == 1 else " are lost"
            )
        message = (
            f"`{new}` and `{old}` (line {line}) are one table to {platform}, which ignores case: "
            f"the second `{new}` replaces `{old}` whole, and {lost}"
        )
    elif data[later] == data[earlier] and type(data[later]) is type(data[earlier]):
        # read once, with the value both spellings give: a duplicate, not a misreading
        return Hit(
            (*where, later),
            (
                f"`{later}` and `{earlier}` (line {line}) are one key to {platform}, which ignores case; both say "
                f"{_shown(data[later])}, so it reads that once: remove one of them"
            ),
            Anchor.KEY,
            severity=Severity.WARNING,
        )
    elif ctx.platform.name == "blaxel":
        message = (
            f"`{later}` and `{earlier}` (line {line}) are one key to {platform}, which ignores case, and "
            f"it takes either at random (Go map order), run by run: it may deploy `{later} = "
            f"{_shown(data[later])}` or `{earlier} = {_shown(data[earlier])}`"
        )
    else:
        message = (
            f"`{later}` and `{earlier}` (line {line}) are one key to {platform}, which ignores case: "
            f"the later `{later} = {_shown(data[later])}` replaces `{earlier} = {_shown(data[earlier])}`"
        )
    return Hit((*where, later), message, Anchor.KEY)


def _shown(value: Any) -> str:
    return "a table" if isinstance(value, dict) else show(value) if not isinstance(value, list) else "[…]"


def _header(where: KeyPath, key: str, table: dict[str, Any]) -> str:
    """The table as its header is written: `[cerebrium.hardware]` for `cerebrium`
    when that is all it holds, `[cerebrium.*]` when it holds several tables."""
    path: KeyPath = (*where, key)
    while len(table) == 1:
        ((name, value),) = table.items()
        if not isinstance(value, dict):
            break
        path, table = (*path, name), value
    if table and all(isinstance(v, dict) for v in table.values()):
        return table_header(path)[:-1] + ".*]"
    return table_header(path)
