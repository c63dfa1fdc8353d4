"""A credential is written into the configuration file.

## What it does
Looks at every string in the file, `[env]` included, for the shapes of real
credentials: Hugging Face (`hf_…`), OpenAI and Anthropic (`sk-…`), GitHub
(`ghp_…`, `github_pat_…`), AWS access keys (`AKIA…`), Slack (`xoxb-…`),
GitLab, Google, Stripe, Groq, JSON Web Tokens and private keys, and URLs with
a password in them (`postgresql://user:password@host/db`). The secret is never
echoed in full.

Values that only *refer* to a secret are fine: `${secrets.HF_TOKEN}`,
`$HF_TOKEN`, `"<your-api-key>"`. A `callbackUrl` with credentials is left to
`callback-url-credentials`, and `callbackSecret` to `callback-secret-in-config`.

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
There is no fix. Remove the value, then rotate the credential: it is in the
repository's history.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Hit, KeyPath, Severity
from . import Context, Rule

RULE = Rule("TC006", "hardcoded-secret", Severity.ERROR, "Credential written into the file")

#: (what it is, literals every match contains, pattern). One search for any of
#: the literals comes first: most strings hold none, and then no token pattern
#: is ever compiled or run.
_TOKENS = [
    ("a Hugging Face token", ("hf_",), r"\bhf_[A-Za-z0-9]{30,}"),
    ("an Anthropic API key", ("sk-ant-",), r"\bsk-ant-[A-Za-z0-9_-]{20,}"),
    ("an OpenAI API key", ("sk-",), r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
    (
        "a GitHub token",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})",
    ),
    ("an AWS access key id", ("AKIA", "ASIA"), r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    ("a Slack token", ("xox",), r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ("a GitLab token", ("glpat-",), r"\bglpat-[A-Za-z0-9_-]{20,}"),
    ("a Google API key", ("AIza",), r"\bAIza[0-9A-Za-z_-]{35}"),
    ("a Stripe secret key", ("_live_",), r"\b(?:sk|rk)_live_[0-9A-Za-z]{20,}"),
    ("a Groq API key", ("gsk_",), r"\bgsk_[A-Za-z0-9]{40,}"),
    ("a JSON Web Token", ("eyJ",), r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    ("a private key", ("-----BEGIN ",), r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
]
_PLACEHOLDER = r"^(\$\{?[A-Za-z0-9_.:-]*\}?|<[^>]*>|x+|\*+|\.\.\.|changeme|password|secret|redacted)$"
_SKIP_KEYS = {"callbackUrl", "callbackSecret"}
_ADVICE = {
    "blaxel": "move it to `.env` and reference it from `[env]` as `${secrets.NAME}`",
    "cerebrium": "store it as a secret in the Cerebrium dashboard",
}


def check(ctx: Context) -> Iterator[Hit]:
    text = ctx.source.text
    if "\\" not in text and "@" not in text and re.search(_LITERALS, text) is None:
        return  # no escapes, so every string is in the text verbatim, and none can hold a secret
    for entry in ctx.reading.entries:  # every key written, read or not: a committed secret leaks either way
        if isinstance(entry.value, dict) or entry.written[-1] in _SKIP_KEYS:
            continue
        yield from _secrets(ctx, entry.written, entry.value)


def _secrets(ctx: Context, written: KeyPath, node: Any) -> Iterator[Hit]:
    for path, value in _strings(node, written):
        kind = _kind(value)
        if kind:
            yield Hit(
                path,
                f"`{path[-1]}` holds {kind} ({_redact(value)}); {_ADVICE[ctx.platform.name]}, "
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


_LITERALS = "|".join(re.escape(literal) for _, literals, _ in _TOKENS for literal in literals)


def _token(value: str) -> tuple[str, re.Match[str]] | None:
    if re.search(_LITERALS, value) is None:
        return None
    for name, literals, pattern in _TOKENS:
        if any(literal in value for literal in literals):
            match = re.search(pattern, value)
            if match:
                return name, match
    return None


def _kind(value: str) -> str | None:
    token = _token(value)
    if token:
        return f"what looks like {token[0]}"
    if "@" in value and "://" in value:
        from urllib.parse import unquote, urlsplit  # only for a value that looks like a URL with user info

        try:
            password = urlsplit(value.strip()).password
        except ValueError:
            return None
        if password and not re.match(_PLACEHOLDER, unquote(password), re.IGNORECASE):
            return "a URL with a password in it"
    return None


def _redact(value: str) -> str:
    token = _token(value)
    if token:
        return f"`{token[1].group(0)[:6]}…`, redacted"
    if "://" in value:
        from urllib.parse import urlsplit

        parts = urlsplit(value.strip())
        return f"`{parts.scheme}://{parts.username or ''}:****@{parts.hostname or ''}…`"
    return "redacted"
