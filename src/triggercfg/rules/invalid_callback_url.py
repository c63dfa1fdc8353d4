"""A `callbackUrl` that is not an absolute http(s) URL.

## What it does
Checks that a callback URL has a scheme of `http` or `https`, a host, and a
valid port: no spaces, no relative path, no missing scheme, no port outside
0–65535, and a host that is a valid (internationalised) domain name or IP
address.

## Why is this bad?
The async sidecar cannot POST the result anywhere, so the result of every
async run is lost.

## Example
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"

[triggers.configuration]
callbackUrl = "hooks.example.com/blaxel"
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
There is no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule
from ._urls import analyse
from ._util import callback_urls, show

RULE = Rule(
    "TC106", "invalid-callback-url", Severity.ERROR, "Callback URL is not a valid absolute http(s) URL",
    platforms=frozenset({"blaxel"}),
)


def check(ctx: Context) -> Iterator[Hit]:
    for path, url, _ in callback_urls(ctx.data):
        problem = analyse(url).problem
        if problem:
            yield Hit(path, f"`callbackUrl` {show(url)} is not a valid URL: {problem}")
