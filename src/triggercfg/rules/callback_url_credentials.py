"""A `callbackUrl` with a credential in it.

## What it does
Reports a trigger's callback URL that carries a credential:

- a user name or password (`https://user:password@host/…`);
- the shape of a real token anywhere in it (`?access_token=ghp_…`,
  `/sk-proj-…/`);
- a query parameter that carries a credential (`token`, `access_token`,
  `api_key`, `apikey`, `key`, `secret`, `sig`, `signature`, `password`, …)
  with a long, random-looking value;
- a webhook URL that is itself the credential: Slack incoming webhooks
  (`hooks.slack.com/services/…`), Discord (`discord.com/api/webhooks/…`),
  Microsoft Teams (`….webhook.office.com/webhookb2/…`) and Telegram bots.

A placeholder (`?token=<token>`, `${TOKEN}`, `xxxx`, `changeme`) and a short
or low-entropy value are not credentials. The secret is never echoed whole,
in any output format.

## Why is this bad?
A callback URL is committed with the file, shown in deploy logs and stored
by the platform: the worst place for a credential. Blaxel signs every
callback (`X-Blaxel-Signature: sha256=<hex>`, with the callback secret it
generates when the URL is set): the receiver should verify that, and needs
no token in its URL. A Slack, Discord or Teams webhook URL lets anyone who
reads it post to the channel: put a receiver of your own in between, which
verifies the signature and holds the webhook URL as a secret. Triggers'
strings are not interpolated, so `${secrets.NAME}` does not work in a
`callbackUrl`.

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
There is no fix: removing the credential may break the receiver. Rotate it:
it is in the repository's history.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule
from ._secrets import find
from ._urls import analysed
from ._util import callback_urls

RULE = Rule(
    "TC109",
    "callback-url-credentials",
    Severity.ERROR,
    "Callback URL contains credentials",
    platforms=frozenset({"blaxel"}),
    sensitive=True,
)


def check(ctx: Context) -> Iterator[Hit]:
    for canonical, url, _ in callback_urls(ctx.view):
        path = ctx.where(canonical)
        info = analysed(ctx, url)
        shadows = path[-1] == "callbackUrl"  # a misspelt key: unknown-key names it
        if info.problem is None and info.has_credentials:
            yield Hit(
                path,
                f"`{path[-1]}` contains a user name or password (`{info.scheme}://****@{info.host}`); "
                "verify the `X-Blaxel-Signature` header instead",
                shadows=shadows,
            )
            continue
        secret = find(url, userinfo=False)
        if secret is not None:
            advice = (
                "anyone who reads it can post: put a receiver of your own in between"
                if "webhook URL" in secret.what or "bot token" in secret.what
                else "verify the `X-Blaxel-Signature` header instead of a token"
            )
            yield Hit(
                path,
                f"`{path[-1]}` holds {secret.what} ({secret.shown}); {advice}, then rotate the credential",
                shadows=shadows,
            )
