"""Callback URL analysis shared by the ``*-callback-url`` rules.

One parse, several questions: is it a valid absolute http(s) URL, is it
plain http, does it carry credentials, can a platform reach its host?
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    import ipaddress
from urllib.parse import urlsplit

_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_PRIVATE_SUFFIXES = (".local", ".internal", ".localhost", ".lan", ".home.arpa")


class CallbackUrl(NamedTuple):
    raw: str
    problem: str | None  # why it is not a valid absolute http(s) URL
    scheme: str = ""
    host: str = ""
    has_credentials: bool = False
    unreachable: str | None = None  # why no platform can (or should) reach the host


@lru_cache(maxsize=256)
def analyse(raw: str) -> CallbackUrl:
    problem = _syntax_problem(raw)
    if problem:
        return CallbackUrl(raw, problem)
    parts = urlsplit(raw)
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:
        return CallbackUrl(raw, f"the port in {raw!r} is not a number from 0 to 65535")
    if port == 0:
        return CallbackUrl(raw, "port 0 cannot receive a callback")
    host_problem = _host_problem(host, raw)
    if host_problem:
        return CallbackUrl(raw, host_problem)
    return CallbackUrl(
        raw,
        None,
        scheme=parts.scheme.lower(),
        host=host,
        has_credentials=parts.username is not None or parts.password is not None,
        unreachable=_unreachable(host),
    )


def _syntax_problem(raw: str) -> str | None:
    if raw != raw.strip():
        return "it has leading or trailing spaces"
    if not raw:
        return "it is empty"
    if any(c.isspace() for c in raw):
        return "it contains a space (percent-encode it as %20)"
    if "://" not in raw:
        if raw.startswith("/"):
            return "it is a relative path; the platform needs an absolute URL such as https://example.com/callback"
        return "it has no scheme; write it as https://…"
    scheme = raw.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        return f"its scheme is `{scheme}`; a callback must be an https:// URL"
    if not urlsplit(raw).netloc or urlsplit(raw).hostname in (None, ""):
        return "it has no host"
    return None


def _host_problem(host: str, raw: str) -> str | None:
    if _ip(host) is not None:
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return f"its host {host!r} is not a valid internationalised domain name"
    labels = ascii_host.lower().split(".")
    for label in labels:
        if not label or len(label) > 63:
            return f"its host {host!r} has an empty or over-long label"
        if not set(label) <= _HOST_CHARS or label.startswith("-") or label.endswith("-"):
            return f"its host {host!r} contains characters a host name cannot have"
    return None


_NUMERIC_HOST = frozenset("0123456789abcdefxABCDEFX.")


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host denotes, read as the URL parsers that deliver
    callbacks read it: besides the usual forms, an IPv4 address written in
    decimal (`2130706433`), hex (`0x7f.1`), octal (`0177.0.0.1`) or shortened
    (`127.1`), as WHATWG URL parsing and `inet_aton` accept."""
    bare = host.strip("[]")
    if ":" not in bare and not set(bare) <= _NUMERIC_HOST:
        return None  # a host name: no need to load ipaddress
    import ipaddress

    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if ":" in bare:
        return None
    value = _whatwg_ipv4(bare)
    return None if value is None else ipaddress.IPv4Address(value)


def _whatwg_ipv4(host: str) -> int | None:
    """The WHATWG URL standard's IPv4 parser: the host's number, or None when
    the host does not end in a number (then it is a domain name)."""
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()  # one trailing dot is allowed
    if not parts or len(parts) > 4 or _ipv4_part(parts[-1]) is None:
        return None
    numbers = [_ipv4_part(part) for part in parts]
    if any(number is None for number in numbers):
        return None
    *leading, last = numbers
    if any(number > 255 for number in leading) or last >= 256 ** (5 - len(numbers)):  # type: ignore[operator]
        return None
    return sum(n * 256 ** (3 - i) for i, n in enumerate(leading)) + last  # type: ignore[operator]


def _ipv4_part(part: str) -> int | None:
    if part[:2].lower() == "0x":
        digits, base, allowed = part[2:], 16, "0123456789abcdefABCDEF"
    elif len(part) > 1 and part[0] == "0":
        digits, base, allowed = part[1:], 8, "01234567"
    else:
        digits, base, allowed = part, 10, "0123456789"
    if not part or any(c not in allowed for c in digits):
        return None
    return int(digits, base) if digits else 0


def _unreachable(host: str) -> str | None:
    reason = _unreachable_reason(host)
    address = _ip(host.lower())
    if reason and address is not None and ":" not in host and host.lower() != str(address):
        reason = f"`{host}` is {address}, and {reason}"  # a numeric form in disguise
    return reason


def _unreachable_reason(host: str) -> str | None:
    lowered = host.lower()
    if lowered == "localhost" or lowered.endswith(".localhost"):
        return "localhost is the platform's own machine, not yours"
    address = _ip(lowered)
    if address is None:
        for suffix in _PRIVATE_SUFFIXES:
            if lowered.endswith(suffix):
                return f"`{suffix}` names only resolve inside a private network"
        return None
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped  # type: ignore[union-attr]
    if address.is_loopback:
        return "it is a loopback address"
    if address.is_link_local:
        extra = " (169.254.169.254 is the cloud metadata service)" if str(address) == "169.254.169.254" else ""
        return f"it is a link-local address{extra}"
    if address.is_unspecified:
        return "it is the unspecified address"
    import ipaddress

    if address.version == 6 and address in ipaddress.ip_network("fc00::/7"):
        return "it is a unique-local IPv6 address"
    if address.is_private:
        return "it is a private (RFC 1918) address"
    return None
