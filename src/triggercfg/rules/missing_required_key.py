"""A required key or table is missing.

## What it does
Reports a key the platform requires, at the header of the table that lacks
it: a `[[triggers]]` without `type`, a `[[volumes]]` without `mountPath`, a
`[cerebrium.runtime.custom]` without `port`, or a cerebrium.toml without any
`[cerebrium]` table (a `pyproject.toml` saved under the wrong name, say),
which is then the only finding for that file.

`[cerebrium.deployment] name` is not required here: `cerebrium deploy --name`
can supply it, and the docs show sections on their own.

## Why is this bad?
The deploy fails, or the platform ignores the table. A cerebrium.toml
without `[cerebrium.deployment] name` is refused by the Cerebrium CLI even
when `cerebrium deploy --name` gives one: the CLI checks the file before it
applies the flag (observed in its own code and decoding, PLATFORMS.md §3.1).

## Example
```toml
[[triggers]]
id = "async"
```

Use instead:
```toml
[[triggers]]
id = "async"
type = "http-async"
```

## Fix safety
There is no fix: the value cannot be guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Hit, KeyPath, Severity
from . import Context, Rule
from ._util import table_header

RULE = Rule("TC004", "missing-required-key", Severity.ERROR, "Required key or table is missing", generic=True)


def check(ctx: Context) -> Iterator[Hit]:
    for error in ctx.model_errors:
        if error.kind != "missing":
            continue
        table, key = error.path[:-1], error.path[-1]
        present = ctx.get(table)
        if isinstance(key, str) and isinstance(present, dict) and _other_case(present, key):
            continue  # written in another case, which the CLI reads: unusual-spelling says so
        if ctx.platform.name == "cerebrium" and _lowered(error.path) in ctx.folded[1]:
            continue  # written, and lost to another spelling of its table: case-collision says so
        if not table and key == "cerebrium":
            message = (
                "no `[cerebrium]` table: Cerebrium reads only `[cerebrium.*]` sections, "
                "so this file configures nothing (is it really a cerebrium.toml?)"
            )
        elif _lowered(error.path) == ("cerebrium", "deployment"):
            message = (
                "no `[cerebrium.deployment]` table: the Cerebrium CLI refuses a file without "
                "`[cerebrium.deployment] name`, even with `cerebrium deploy --name`"
            )
        else:
            where = f"`{_header(ctx, table)}`" if table else "the document"
            message = f"{where} is missing the required key `{key}`"
            if _lowered(error.path) == ("cerebrium", "deployment", "name"):
                message += ": the Cerebrium CLI refuses the file without it, even with `cerebrium deploy --name`"
        yield Hit(error.path, message, span=ctx.locations.header(table))


def _lowered(path: KeyPath) -> KeyPath:
    return tuple(part.lower() if isinstance(part, str) else part for part in path)


def _header(ctx: Context, table: KeyPath) -> str:
    return table_header(table, ctx.locations.table_arrays)


def _other_case(table: dict[str, Any], key: str) -> bool:
    return any(k != key and k.lower() == key.lower() for k in table)
