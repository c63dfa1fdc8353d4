"""Two spellings of one key or table, which the platform reads as one.

## What it does
Reports a key or table written twice in different cases in one table, where
the platform's CLI ignores case: any key or table of a cerebrium.toml
(`[cerebrium.hardware]` and `[Cerebrium.Hardware]`, `cooldown` and
`Cooldown`), and the CLI's own keys of a blaxel.toml (`type` and `TYPE`,
`[[Triggers]]` and `[[triggers]]`; not the keys inside `[runtime]` or a
trigger, which are passed on as written). The finding is on the spelling the
platform does not read (Blaxel: may not), and names the other, as written;
`triggercfg show` lists it as ignored.

## Why is this bad?
TOML sees two keys; the CLI sees one. Cerebrium's CLI keeps the later
spelling, which replaces the earlier silently and whole. The Blaxel CLI
takes either, at random: it visits the keys in Go's map order, which changes
from run to run (of 26 observed files, the earlier spelling won in 6). A replaced table loses every setting in it
(`[CEREBRIUM.DEPLOYMENT]` beside `[cerebrium.scaling]` drops the scaling
table; a lost `deployment.name` makes the file invalid), and a replaced key
deploys the other value (`type = "agent"` then `TYPE = "function"` deploys a
function). Observed by running each CLI's own decoding (the Cerebrium CLI's
viper configuration in `pkg/projectconfig/loader.go`; the Blaxel CLI's
BurntSushi/toml decoding in `cli/core/config.go`).

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

from ..decode import UNREAD, Entry
from ..diagnostics import Anchor, Hit, KeyPath, Severity
from ..edits import toml_value
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
    for entry in ctx.reading.lost:
        if entry.lost_to is not None:
            yield _hit(ctx, entry, entry.lost_to)


def _hit(ctx: Context, lost: Entry, winner: KeyPath) -> Hit:
    """On the spelling the platform does not take (Blaxel: may not), naming the other."""
    platform = _PLATFORM[ctx.platform.name]
    kept = ctx.reading.written(winner)
    assert kept is not None
    line = ctx.locations.span(winner, Anchor.KEY).line
    earlier, later = str(lost.written[-1]), str(winner[-1])
    if _is_table(lost.value) and _is_table(kept.value):
        lost_tables = _tables(lost)
        if lost.ignored is None:  # the same table twice, setting for setting
            return Hit(
                lost.written,
                f"table `{earlier}` and table `{later}` (line {line}) are one table to {platform}, which ignores "
                f"case; both hold the same settings, so it reads them once: merge them under one spelling",
                Anchor.KEY,
                severity=Severity.WARNING,
            )
        if ctx.platform.name == "blaxel":
            return Hit(
                lost.written,
                f"table `{earlier}` and table `{later}` (line {line}) are one table to {platform}, which ignores "
                f"case, and it takes either at random (Go map order), run by run: {lost_tables} may be deployed, "
                f"or {_tables(kept)}",
                Anchor.KEY,
            )
        return Hit(
            lost.written,
            f"table `{earlier}` and table `{later}` (line {line}) are one table to {platform}, which ignores "
            f"case: the later `{later}` replaces `{earlier}` whole, and {lost_tables} "
            + ("are" if " and " in lost_tables else "is")
            + " lost",
            Anchor.KEY,
        )
    if lost.ignored is None:  # read once, with the value both spellings give: a duplicate, not a misreading
        read = kept.read if kept.read is not UNREAD else kept.value
        return Hit(
            lost.written,
            f"`{earlier}` and `{later}` (line {line}) are one key to {platform}, which ignores case; both say "
            f"{_shown(read)}, so it reads that once: remove one of them",
            Anchor.KEY,
            severity=Severity.WARNING,
        )
    if ctx.platform.name == "blaxel":
        message = (
            f"`{earlier}` and `{later}` (line {line}) are one key to {platform}, which ignores case, and "
            f"it takes either at random (Go map order), run by run: it may deploy `{earlier} = "
            f"{_shown(lost.value)}` or `{later} = {_shown(kept.value)}`"
        )
    else:
        message = (
            f"`{earlier}` and `{later}` (line {line}) are one key to {platform}, which ignores case: "
            f"the later `{later} = {_shown(kept.value)}` replaces `{earlier} = {_shown(lost.value)}`"
        )
    return Hit(lost.written, message, Anchor.KEY)


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and bool(value) and isinstance(value[0], dict))


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "[…]"
    return toml_value(value) if isinstance(value, bool) else show(value)


def _tables(entry: Entry) -> str:
    """What a table written as ``entry`` holds, as its headers are written:
    `[cerebrium.deployment]`, or "every setting in `[cerebrium]`"."""
    value = entry.value
    path = entry.written
    if isinstance(value, list):
        count = len(value)
        return f"the {count} `[{table_header(path)}]` table{'s' if count != 1 else ''}"
    inner = [k for k, v in value.items() if isinstance(v, dict)]
    if not inner or len(inner) < len(value):
        return f"every setting in `{table_header(path)}`"
    names = [f"`{table_header((*path, k))}`" for k in inner[:3]]
    names += [f"{len(inner) - 3} more"] if len(inner) > 3 else []
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
