"""An `http-async` timeout over 15 minutes.

## What it does
Reports a `timeout` in the configuration of an `http-async` trigger that is
over 900 seconds. Duration strings count as the CLI converts them: `"20m"` is
1200 seconds.

## Why is this bad?
An async task runs for 15 minutes at most (the API documents "max 900s, MK3
only"). A longer timeout is rejected, or the task is killed at 15 minutes
while the caller waits for a result that never comes.

## Example
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"

[triggers.configuration]
timeout = "20m"
```

Use instead:
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"

[triggers.configuration]
timeout = "15m"
```

## Fix safety
The fix sets the maximum (900, or `"15m"` for a string). It is unsafe: the
task gets less time than you asked for; split long work instead.

## Configuration
`async-timeout-maximum` (seconds) lowers the maximum for your team, never
above 900; the fix then sets it (`"600s"` for a string).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Applicability, Fix, Hit, Severity
from ..edits import set_value
from ..limits import MAX_ASYNC_TIMEOUT
from . import Context, Rule
from ._util import configurations, guessed, is_async, show

RULE = Rule(
    "TC112",
    "async-timeout-exceeds-maximum",
    Severity.ERROR,
    "Async trigger timeout over 900 seconds",
    platforms=frozenset({"blaxel"}),
    fix="always",
    fix_safety="unsafe",
)


def check(ctx: Context) -> Iterator[Hit]:
    maximum = ctx.options.async_timeout_maximum
    for path, _, trigger in configurations(ctx.view):
        entry = ctx.entry((*path, "timeout"))
        if not is_async(trigger) or entry is None:
            continue
        seconds = entry.read  # what the API receives: `"20m"` is 1200
        if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds <= maximum:
            continue  # within bounds, or not a duration the CLI reads (invalid-duration, invalid-type)
        value = entry.value
        if maximum == MAX_ASYNC_TIMEOUT:
            limit = "the 900-second (15-minute) maximum of an async task"
            new: str | int = "15m" if isinstance(value, str) else MAX_ASYNC_TIMEOUT
        else:
            limit = f"the configured maximum of {maximum} seconds (`async-timeout-maximum`)"
            new = f"{maximum}s" if isinstance(value, str) else maximum
        shown = (
            f"{show(value)} ({seconds} seconds)"
            if value != seconds or isinstance(value, float)
            else f"{seconds} seconds"
        )
        written = entry.written
        yield Hit(
            written,
            f"`timeout` is {shown}, over {limit}{guessed(trigger)}",
            fix=Fix(
                f"Set `timeout = {show(new)}`",
                Applicability.UNSAFE,
                set_value(written[:-1], "timeout", new),
                (written,),
            ),
        )
