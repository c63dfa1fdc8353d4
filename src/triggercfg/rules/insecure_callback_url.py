"""A `callbackUrl` over plain `http://`.

## What it does
Reports a callback URL whose scheme is `http`.

## Why is this bad?
The callback carries the full result of the run and its signature over an
unencrypted connection. Anyone on the path can read the result, and the
signature only proves the body was not changed, not that nobody saw it.

## Example
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"

[triggers.configuration]
callbackUrl = "http://hooks.example.com/blaxel"
```

Use instead:
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"

[triggers.configuration]
callbackUrl = "https://hooks.example.com/blaxel"
```

## Fix safety
The fix replaces `http://` with `https://`. It is unsafe: the receiver must
serve TLS on that host, or every callback fails.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Applicability, Fix, Hit, Severity
from ..edits import set_value
from . import Context, Rule
from ._urls import analysed
from ._util import callback_urls

RULE = Rule(
    "TC107",
    "insecure-callback-url",
    Severity.ERROR,
    "Callback URL uses plain http",
    platforms=frozenset({"blaxel"}),
    fix="always",
    fix_safety="unsafe",
)


def check(ctx: Context) -> Iterator[Hit]:
    for canonical, url, _ in callback_urls(ctx.view):
        path = ctx.where(canonical)
        info = analysed(ctx, url)
        if info.problem is None and info.scheme == "http":
            secure = "https" + url[len("http") :]
            yield Hit(
                path,
                f"`{path[-1]}` uses plain http: results and their signature travel unencrypted",
                fix=Fix(
                    "Replace `http://` with `https://`",
                    Applicability.UNSAFE,
                    set_value(path[:-1], path[-1], secure),
                    (path,),
                ),
                shadows=path[-1] == "callbackUrl",  # a misspelt key: unknown-key names it
            )
