"""A `callbackUrl` that is not an absolute http(s) URL.

## What it does
Checks that a callback URL has a scheme of `http` or `https`, a host, and a
valid port: no spaces, no relative path, no missing scheme, no port outside
0–65535, and a host that is a valid (internationalised) domain name or IP
address, read as the WHATWG URL standard reads it (percent-decoded, mapped as
IDNA maps it). A host that ends in a number must be an IPv4 address
(`256.1.1.1` is not, nor is `1.2.3.4.5`).

A backslash is reported wherever it appears: browsers and Node read `\\` as
`/`, but Python's `urllib` keeps it in the host, so
`https://good.example.com\\@10.0.0.1/` goes to one host or the other depending
on who parses it.

A variable (`"${CALLBACK_URL}"`, `"https://${HOST}/done"`) is reported too:
Blaxel expands `$VAR`, `${VAR:default}` and `${secrets.NAME}` only in its
top-level string fields and in `[env]` (`ResolveVarValue` in
`cli/core/envs.go` of `blaxel-ai/toolkit`), so a trigger's `callbackUrl` goes
to the API with the `$` in it.

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
from ._urls import analysed
from ._util import callback_urls, show

RULE = Rule(
    "TC106",
    "invalid-callback-url",
    Severity.ERROR,
    "Callback URL is not a valid absolute http(s) URL",
    platforms=frozenset({"blaxel"}),
)


def check(ctx: Context) -> Iterator[Hit]:
    for canonical, url, _ in callback_urls(ctx.view):
        path = ctx.where(canonical)
        problem = analysed(ctx, url).problem
        if problem:
            yield Hit(
                path, f"`{path[-1]}` {show(url)} is not a valid URL: {problem}", shadows=path[-1] == "callbackUrl"
            )
