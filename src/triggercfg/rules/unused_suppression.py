"""A `# triggercfg: ignore[...]` comment that silences nothing.

## What it does
Reports an inline suppression comment on a line where the rules it names find
nothing, and a name in it that is not a rule name or code. Suppressions of
cross-file rules, and of rules not selected in this run, are not judged.

## Why is this bad?
A stale suppression hides the next real problem on that line, and a misspelt
rule name silences nothing while looking as if it does.

## Example
```toml
type = "agent"

[[triggers]]
id = "a"  # triggercfg: ignore[missing-trigger-id]
type = "http"
```

Use instead:
```toml
type = "agent"

[[triggers]]
id = "a"
type = "http"
```

## Fix safety
There is no fix: removing a comment is never safe to do silently.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule

RULE = Rule("TC009", "unused-suppression", Severity.WARNING, "Suppression comment that silences nothing")


def check(ctx: Context) -> Iterator[Hit]:
    # Judged by the engine after every other rule has run on the file.
    return iter(())
