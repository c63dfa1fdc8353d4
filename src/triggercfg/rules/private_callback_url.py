"""A `callbackUrl` whose host the platform cannot, or should not, reach.

## What it does
Reports callback hosts that only make sense inside one machine or one private
network: `localhost`, loopback (`127.0.0.0/8`, `::1`), private ranges (RFC
1918: `10/8`, `172.16/12`, `192.168/16`), carrier-grade NAT (`100.64/10`),
link-local (`169.254.0.0/16`, including the cloud metadata address
`169.254.169.254`, and `fe80::/10`), unique-local IPv6 (`fc00::/7`), the
unspecified addresses `0.0.0.0` and `::`, multicast, the documentation and
benchmarking ranges, and `.local`, `.internal`, `.localhost`, `.lan` and
`.home.arpa` names.

A host is read as the URL parsers that deliver callbacks read it (the WHATWG
URL standard, `inet_aton`), so disguises are seen through:

- decimal, hex, octal and shortened IPv4: `2130706433`, `0x7f.1`,
  `0177.0.0.1` and `127.1` are all 127.0.0.1;
- IPv4 inside IPv6: mapped (`[::ffff:127.0.0.1]`, `[::ffff:7f00:1]`),
  IPv4-compatible (`[::127.0.0.1]`), NAT64 (`[64:ff9b::a00:1]`), 6to4
  (`[2002:a00:1::]`) and Teredo;
- percent-encoded hosts (`local%68ost`), a trailing dot and any case
  (`LOCALHOST.`), and what IDNA maps to ASCII: full-width digits and dots
  (`１２７。０。０。１`), circled letters (`ⓛocalhost`).

The list of ranges is written out in the rule rather than taken from Python's
`ipaddress.is_private`, whose answer changes between Python releases. A
look-alike host in another script (a Cyrillic `о` in `lоcalhost`) is a
different, public name, and is not reported. A user name before `@`
(`https://good.example.com@10.0.0.1/`) is not the host: the host there is
10.0.0.1, and `callback-url-credentials` reports the user name too.

## Why is this bad?
The callback is sent from Blaxel's infrastructure. A private address either
reaches nothing, so every result is lost, or reaches something inside the
platform's own network, which is how server-side request forgery starts.

## Example
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"

[triggers.configuration]
callbackUrl = "https://localhost:8080/done"
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
There is no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule
from ._urls import analysed
from ._util import callback_urls

RULE = Rule(
    "TC108",
    "private-callback-url",
    Severity.ERROR,
    "Callback host is private or local",
    platforms=frozenset({"blaxel"}),
)


def check(ctx: Context) -> Iterator[Hit]:
    for canonical, url, _ in callback_urls(ctx.view):
        path = ctx.where(canonical)
        info = analysed(ctx, url)
        if info.problem is None and info.unreachable:
            yield Hit(
                path,
                f"`{path[-1]}` host `{info.host}` is not reachable from the platform: {info.unreachable}",
                shadows=path[-1] == "callbackUrl",
            )
