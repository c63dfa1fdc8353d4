"""Credentials in strings, shared by `hardcoded-secret` (any string) and
`callback-url-credentials` (a trigger's `callbackUrl`).

Three kinds, each found anywhere in a string, URLs included:

- the shapes of real tokens (`ghp_…`, `sk-proj-…`, `whsec_…`, JSON Web
  Tokens, private keys, …);
- webhook URLs that are themselves the credential (Slack, Discord, Microsoft
  Teams, Telegram bots): whoever has the URL can post;
- a URL query parameter that carries a credential (`token`, `access_token`,
  `api_key`, `key`, `secret`, `sig`, `signature`, `password`, …) whose value
  is long and random-looking, and a URL with a password in its user info.

A placeholder (`<token>`, `xxx`, `${VAR}`, `changeme`, `your-key-here`) is
not a secret, nor is a short or low-entropy value. The secret is never
echoed whole: :attr:`Secret.shown` is what messages may print.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import math
import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple


class Secret(NamedTuple):
    #: What it is, for a message ("what looks like a GitHub token").
    what: str
    #: The secret as a message may show it: its first characters, or the URL around it.
    shown: str


#: (what it is, literals every match contains, pattern). One search for any of
#: the literals comes first: most strings hold none, and then no token pattern
#: is ever compiled or run.
TOKENS = [
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
    ("a webhook signing secret", ("whsec_",), r"\bwhsec_[A-Za-z0-9+/=]{20,}"),
    ("a Groq API key", ("gsk_",), r"\bgsk_[A-Za-z0-9]{40,}"),
    ("a JSON Web Token", ("eyJ",), r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    ("a private key", ("-----BEGIN ",), r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
]
#: (what it is, literal, pattern) of webhook URLs that are the credential themselves.
WEBHOOKS = [
    (
        "a Slack webhook URL",
        "hooks.slack.com",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,}",
    ),
    ("a Discord webhook URL", "/api/webhooks/", r"discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{20,}"),
    (
        "a Microsoft Teams webhook URL",
        "webhook",
        r"(?:\.webhook\.office\.com/webhookb2|outlook\.office\.com/webhook)/[A-Za-z0-9@/_-]{20,}",
    ),
    ("a Telegram bot token", "api.telegram.org/bot", r"api\.telegram\.org/bot\d+:[A-Za-z0-9_-]{20,}"),
]
#: Query parameters that carry a credential, by lower case.
PARAMETERS = frozenset(
    {
        "token",
        "access_token",
        "auth_token",
        "api_key",
        "apikey",
        "api-key",
        "key",
        "secret",
        "client_secret",
        "sig",
        "signature",
        "password",
        "pwd",
    }
)
#: A value that only stands for a secret: a variable, a `<...>` or `{...}`
#: slot, letters repeated, or a word that says "put it here".
_PLACEHOLDER = (
    r"(\$\{?[A-Za-z0-9_.:-]*\}?|<[^>]*>|\{[^}]*\}|(.)\2*|\.\.\.|"
    r"(your|my|insert|enter|replace|put)[-_ ].*|.*[-_ ]here|.*(changeme|change[-_]me|replace[-_]?me).*|"
    r"password|passwd|secret|token|key|redacted|placeholder|example|dummy|sample|test|none|null|todo|tbd)"
)
#: What a string must contain for any of the above, looked for in a whole
#: file before any string is: the literals, grouped by their first character
#: (the regex engine finds a literal first character fast, and tries an
#: alternation at each place it could start: one group per character costs
#: half of one alternation of them all, and a `\b` before each, which the
#: patterns above keep, made it twenty times slower). It may let through a
#: string none of them matches (`task-`), never miss one.
_LITERALS = sorted(
    {
        *(literal for _, literals, _ in TOKENS for literal in literals),
        *(literal for _, literal, _ in WEBHOOKS),
    }
)
_BY_FIRST: dict[str, list[str]] = {}
for _literal in _LITERALS:
    _BY_FIRST.setdefault(_literal[0], []).append(_literal)
#: Literals alone in their group: `in`, the fastest search there is.
_ALONE = tuple(group[0] for group in _BY_FIRST.values() if len(group) == 1)
_GROUPS = tuple(
    re.escape(first) + "(?:" + "|".join(re.escape(lit[1:]) for lit in sorted(group, key=len, reverse=True)) + ")"
    for first, group in _BY_FIRST.items()
    if len(group) > 1
)
_USERINFO_OR_QUERY = r"://[^\s\"']*[@?]"


def might_hold(text: str) -> bool:
    """Whether ``text`` (a string, or a whole file) could hold a credential :func:`find` finds."""
    for literal in _ALONE:
        if literal in text:
            return True
    for search in _SEARCHES or _searches():
        if search(text):
            return True
    return "://" in text and _compiled(_USERINFO_OR_QUERY).search(text) is not None


_SEARCHES: tuple[Callable[[str], re.Match[str] | None], ...] = ()


def _searches() -> tuple[Callable[[str], re.Match[str] | None], ...]:
    """The groups' searches, compiled once (on first use: every file asks)."""
    global _SEARCHES
    _SEARCHES = tuple(_compiled(group).search for group in _GROUPS)
    return _SEARCHES


def find(value: str, *, userinfo: bool = True) -> Secret | None:
    """The credential in ``value``, if any. ``userinfo``: also a URL's
    `user:password@` (`callback-url-credentials` says that itself)."""
    if not might_hold(value):
        return None
    for what, literals, pattern in TOKENS:
        if any(literal in value for literal in literals):
            match = _compiled(pattern).search(value)
            if match:
                return Secret(f"what looks like {what}", f"`{match.group(0)[:6]}…`, redacted")
    if "://" not in value:
        return None
    for what, literal, pattern in WEBHOOKS:
        if literal in value:
            match = _compiled(pattern).search(value)
            # the docs' own examples end in `XXXXXXXX`: a placeholder, not a credential
            if match and random_looking(match.group(0).rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1], digits=False):
                scheme = value.rfind("://", 0, match.start() + 1)
                host = value[scheme + 3 :].split("/", 1)[0] if scheme != -1 else match.group(0).split("/", 1)[0]
                return Secret(f"{what}, which is itself the credential", f"`https://{host}/…`, redacted")
    return _in_url(value, userinfo)


def _in_url(value: str, userinfo: bool) -> Secret | None:
    from urllib.parse import parse_qsl, unquote, urlsplit  # only for a string that looks like a URL with a ? or @

    start = value.find("://")
    begin = start
    while begin > 0 and (value[begin - 1].isalnum() or value[begin - 1] in "+.-"):
        begin -= 1
    url = value[begin:].split()[0] if value[begin:].split() else ""
    try:
        parts = urlsplit(url)
        password = parts.password
        host = parts.hostname or ""
    except ValueError:
        return None
    for name, written in parse_qsl(parts.query, keep_blank_values=True):
        if name.lower() in PARAMETERS and random_looking(written):
            shown = f"`{parts.scheme}://{host}{parts.path}?{name}={written[:4]}…`, redacted"
            return Secret(f"a credential in its `{name}` query parameter", shown)
    if userinfo and password and not placeholder(unquote(password)):
        return Secret("a URL with a password in it", f"`{parts.scheme}://{parts.username or ''}:****@{host}…`")
    return None


def random_looking(value: str, *, digits: bool = True) -> bool:
    """Whether a value reads as a generated secret: 16 characters or more, of
    the characters tokens use, with letters and (``digits``) digits, not a
    placeholder, and varied enough (at least 3 bits of entropy a character)."""
    if len(value) < 16 or placeholder(value):
        return False
    if not re.fullmatch(r"[A-Za-z0-9_.~+/=:-]+", value):
        return False  # words and spaces: a sentence, not a token
    if not (any(c.isalpha() for c in value) and (not digits or any(c.isdigit() for c in value))):
        return False
    counts: dict[str, int] = {}
    for char in value:
        counts[char] = counts.get(char, 0) + 1
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy >= 3.0


def placeholder(value: str) -> bool:
    """Whether ``value`` only stands for a secret (`${TOKEN}`, `<token>`, `xxxx`, `changeme`, `your-key-here`)."""
    return _compiled(_PLACEHOLDER, re.IGNORECASE).fullmatch(value) is not None


@cache
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compiled on first use: a file with no string worth a look never compiles them."""
    return re.compile(pattern, flags)
