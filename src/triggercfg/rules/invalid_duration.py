"""A timeout string the Blaxel CLI cannot convert.

## What it does
Checks the timeout strings the CLI converts to seconds (`[runtime] timeout`,
a trigger's `timeout` and `[triggers.configuration] timeout`): each must be
digits with an optional unit `s`, `m`, `h`, `d` or `w` (`"900"`, `"15m"`,
`"2h"`; the CLI trims spaces and ignores the unit's case), and at most a
year. An integer is passed to the API as it is, unchecked by the CLI, so it
is not reported here (an async trigger's limit still applies).

## Why is this bad?
The CLI stops with an error ("invalid duration" or "duration exceeds maximum
allowed") before deploying.

## Example
```toml
type = "job"

[runtime]
timeout = "15 minutes"
```

Use instead:
```toml
type = "job"

[runtime]
timeout = "15m"
```

## Fix safety
There is no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..decode.blaxel import MAX_TIMEOUT, seconds_of
from ..diagnostics import Hit, Severity
from . import Context, Rule
from ._util import show, timeout_paths

RULE = Rule(
    "TC113",
    "invalid-duration",
    Severity.ERROR,
    "Timeout is not a valid duration",
    platforms=frozenset({"blaxel"}),
)


def check(ctx: Context) -> Iterator[Hit]:
    for path in timeout_paths(ctx.view):
        entry = ctx.entry(path)
        if entry is None or not isinstance(entry.value, str):
            continue  # an integer goes to the API unchecked by the CLI (`ConvertTriggersTimeouts`)
        value = entry.value
        seconds = seconds_of(value)
        if seconds is None:
            yield Hit(
                entry.written,
                f"`timeout` {show(value)} is not a duration: write seconds (`900`) "
                'or a number with a unit s, m, h, d or w (`"15m"`)',
            )
        elif seconds > MAX_TIMEOUT:
            yield Hit(
                entry.written,
                f"`timeout` {show(value)} is over a year ({MAX_TIMEOUT} seconds), the longest duration the CLI accepts",
            )
