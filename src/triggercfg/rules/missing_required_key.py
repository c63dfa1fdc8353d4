"""A required key or table is missing.

## What it does
Reports a key the platform requires, at the header of the table that lacks
it: a `[[triggers]]` without `type`, a `[[volumes]]` without `mountPath`, a
`[cerebrium.runtime.custom]` without `port`, or a cerebrium.toml without any
`[cerebrium]` table (a `pyproject.toml` saved under the wrong name, say),
which is then the only finding for that file.

## Why is this bad?
The deploy fails, or the platform ignores the table. A cerebrium.toml
without `[cerebrium.deployment] name` is refused by the Cerebrium CLI even
when `cerebrium deploy --name` gives one: the CLI checks the file before it
applies the flag (`runDeploy` in `internal/commands/deploy.go` of
`CerebriumAI/cerebrium` loads and validates the file first).

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

from ..diagnostics import Hit, KeyPath, Severity
from . import Context, Rule
from ._util import table_header

RULE = Rule("TC004", "missing-required-key", Severity.ERROR, "Required key or table is missing", generic=True)


def check(ctx: Context) -> Iterator[Hit]:
    lost = None
    for error in ctx.model_errors:
        if error.kind != "missing":
            continue
        if lost is None:  # written, but lost to another spelling of a table around it: case-collision says so
            lost = {entry.path for entry in ctx.reading.entries if entry.path not in ctx.reading.by_path}
        if error.canonical in lost:
            continue
        table, key = error.path[:-1], error.path[-1]
        if error.canonical == ("cerebrium",):
            message = (
                "no `[cerebrium]` table: Cerebrium reads only `[cerebrium.*]` sections, "
                "so this file configures nothing (is it really a cerebrium.toml?)"
            )
        elif error.canonical == ("cerebrium", "deployment"):
            message = (
                "no `[cerebrium.deployment]` table: the Cerebrium CLI refuses a file without "
                "`[cerebrium.deployment] name`, even with `cerebrium deploy --name`"
            )
        else:
            where = f"`{_header(ctx, table)}`" if table else "the document"
            message = f"{where} is missing the required key `{key}`"
            if error.canonical == ("cerebrium", "deployment", "name"):
                message += ": the Cerebrium CLI refuses the file without it, even with `cerebrium deploy --name`"
        yield Hit(error.path, message, span=ctx.locations.header(table))


def _header(ctx: Context, table: KeyPath) -> str:
    return table_header(table, ctx.locations.table_arrays)
