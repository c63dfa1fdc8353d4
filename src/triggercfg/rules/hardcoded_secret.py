"""A credential is written into the configuration file.

## What it does
Looks at every string in the file, read or not, `[env]` included, for a
credential anywhere in it, URLs included:

- the shapes of real tokens: Hugging Face (`hf_…`), OpenAI and Anthropic
  (`sk-…`), GitHub (`ghp_…`, `github_pat_…`), AWS access keys (`AKIA…`),
  Slack (`xoxb-…`), GitLab, Google, Stripe keys and webhook signing secrets
  (`whsec_…`), Groq, JSON Web Tokens and private keys;
- a URL query parameter that carries a credential (`token`, `access_token`,
  `api_key`, `apikey`, `key`, `secret`, `sig`, `signature`, `password`, …)
  whose value is long and random-looking;
- webhook URLs that are themselves the credential (Slack, Discord, Microsoft
  Teams, Telegram bots);
- URLs with a password in them (`postgresql://user:password@host/db`).

Values that only *refer* to a secret, or stand in for one, are fine:
`${secrets.HF_TOKEN}`, `$HF_TOKEN`, `"<your-api-key>"`, `xxxx`, `changeme`,
`?token=your-token-here`; so are short or low-entropy values. A trigger's
`callbackUrl` is left to `callback-url-credentials`, and `callbackSecret` to
`callback-secret-in-config`.

The secret is never echoed whole, in any output format: messages show its
first characters, and the full report shows the source line with the value
masked (`HF_TOKEN = "<redacted>"`).

## Why is this bad?
The file is committed to git and, on Blaxel, uploaded with the sources. Anyone
who can read the repository can use the credential.

## Example
```toml
[cerebrium.deployment]
name = "voice"

[cerebrium.secrets]
HF_TOKEN = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH"
```

Use instead:
```toml
[cerebrium.deployment]
name = "voice"
# HF_TOKEN is set in the Cerebrium dashboard (Secrets).
```

## Fix safety
There is no fix. Move the secret where the platform keeps secrets (Blaxel:
`.env`, referenced from `[env]` as `${secrets.NAME}`; Cerebrium: the
dashboard's Secrets), remove the value, then rotate the credential: it is in
the repository's history.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Hit, KeyPath, Severity
from ..spelling import norm
from . import Context, Rule
from ._secrets import find, might_hold

RULE = Rule("TC006", "hardcoded-secret", Severity.ERROR, "Credential written into the file", sensitive=True)

#: A trigger's callback URL is `callback-url-credentials`'s, its secret `callback-secret-in-config`'s.
_SKIP_KEYS = {"callbackurl", "callbacksecret"}
_ADVICE = {
    "blaxel": "move it to `.env` and reference it from `[env]` as `${secrets.NAME}`",
    "cerebrium": "store it as a secret in the Cerebrium dashboard",
}


def check(ctx: Context) -> Iterator[Hit]:
    text = ctx.source.text
    if "\\" not in text and not might_hold(text):
        return  # no escapes, so every string is in the text verbatim, and none can hold a secret
    for entry in ctx.reading.entries:  # every key written, read or not: a committed secret leaks either way
        if isinstance(entry.value, dict) or norm(str(entry.written[-1])) in _SKIP_KEYS:
            continue
        yield from _secrets(ctx, entry.written, entry.value)


def _secrets(ctx: Context, written: KeyPath, node: Any) -> Iterator[Hit]:
    for path, value in _strings(node, written):
        secret = find(value)
        if secret is not None:
            yield Hit(
                path,
                f"`{path[-1]}` holds {secret.what} ({secret.shown}); {_ADVICE[ctx.platform.name]}, "
                "then rotate the credential",
            )


def _strings(node: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """The strings of one value: itself, or those of an array (a table in an
    array has entries of its own)."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))
