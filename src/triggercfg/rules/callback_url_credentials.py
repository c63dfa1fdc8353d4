"""A `callbackUrl` with a user name or password in it.

## What it does
Reports `https://user:password@host/…` callback URLs.

## Why is this bad?
The credential is committed with the file and shown in logs. Callbacks are
already authenticated by their signature (`X-Blaxel-Signature`): verify that
instead.

## Example
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"

[triggers.configuration]
callbackUrl = "https://bot:hunter2@hooks.example.com/done"
```

Use instead:
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"

[triggers.configuration]
callbackUrl = "https://hooks.example.com/done"
```

## Fix safety
There is no fix: removing the credential may break the receiver.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule
from ._urls import analysed
from ._util import callback_urls

RULE = Rule(
    "TC109",
    "callback-url-credentials",
    Severity.ERROR,
    "Callback URL contains credentials",
    platforms=frozenset({"blaxel"}),
)


def check(ctx: Context) -> Iterator[Hit]:
    for canonical, url, _ in callback_urls(ctx.view):
        path = ctx.where(canonical)
        info = analysed(ctx, url)
        if info.problem is None and info.has_credentials:
            yield Hit(
                path,
                f"`{path[-1]}` contains a user name or password (`{info.scheme}://****@{info.host}`); "
                "verify the `X-Blaxel-Signature` header instead",
                shadows=path[-1] == "callbackUrl",  # a misspelt key: unknown-key names it
            )
