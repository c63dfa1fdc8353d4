"""Callback URL analysis shared by the ``*-callback-url`` rules.

One parse, several questions: is it a valid absolute http(s) URL, is it
plain http, does it carry credentials, can a platform reach its host?
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    import ipaddress

_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_PRIVATE_SUFFIXES = (".local", ".internal", ".localhost", ".lan", ".home.arpa")


class CallbackUrl(NamedTuple):
    raw: str
    problem: str | None  # why it is not a valid absolute http(s) URL
    scheme: str = ""
    host: str = ""
    has_credentials: bool = False
    unreachable: str | None = None  # why no platform can (or should) reach the host


def analysed(ctx: Any, raw: str) -> CallbackUrl:
    """``analyse(raw)``, once per file however many rules ask: linear in the
    number of URLs even when they outnumber the shared cache."""
    memo: dict[str, CallbackUrl] = ctx.memo.setdefault("callback-urls", {})
    found = memo.get(raw)
    if found is None:
        found = memo[raw] = analyse(raw)
    return found


@lru_cache(maxsize=4096)  # shared across files and, in the language server, across keystrokes
def analyse(raw: str) -> CallbackUrl:
    from urllib.parse import urlsplit  # only for a file with a callback URL: it imports ipaddress (start-up time)

    parts = None
    try:
        problem = _syntax_problem(raw)
        if problem is None:
            parts = urlsplit(raw)
            if not parts.netloc or parts.hostname in (None, ""):
                problem = "it has no host"
    except ValueError:  # urllib refuses unbalanced brackets or a bracketed host that is no IPv6 address
        problem = "its host has unbalanced brackets or is not an IP address in brackets (write `[2001:db8::1]`)"
    if problem or parts is None:
        return CallbackUrl(raw, problem)
    written = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:
        return CallbackUrl(raw, f"the port in {raw!r} is not a number from 0 to 65535")
    if port == 0:
        return CallbackUrl(raw, "port 0 cannot receive a callback")
    host_problem, unreachable = _host(written)
    if host_problem:
        return CallbackUrl(raw, host_problem)
    return CallbackUrl(
        raw,
        None,
        scheme=parts.scheme.lower(),
        host=written,
        has_credentials=parts.username is not None or parts.password is not None,
        unreachable=unreachable,
    )


@lru_cache(maxsize=1024)  # a repository's callbacks go to a few hosts, by many paths
def _host(written: str) -> tuple[str | None, str | None]:
    """What is wrong with a URL's host, or why no platform can reach it."""
    host, problem = _canonical_host(written)
    return (problem, None) if problem else (None, _unreachable(written, host))


#: `$VAR`, `${VAR}`, `${VAR:default}`, `${secrets.NAME}`: Blaxel's variables.
_VARIABLE = r"\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*\b"


def _syntax_problem(raw: str) -> str | None:
    if "$" in raw and re.search(_VARIABLE, raw):
        return (
            "it holds a variable, and Blaxel expands `$VAR` and `${VAR:default}` only in its top-level string "
            "fields (`name`, `type`, `region`, …) and in `[env]`: a trigger's strings go to the API as written, "
            "`$` and all; write the URL itself"
        )
    if raw != raw.strip():
        return "it has leading or trailing spaces"
    if not raw:
        return "it is empty"
    if (not raw.isprintable() or " " in raw) and any(c.isspace() for c in raw):  # whitespace, not control
        return "it contains a space (percent-encode it as %20)"
    if "\\" in raw:
        return (
            "it contains a backslash, which URL parsers read differently (browsers and Node read it as `/`, "
            "Python's urllib as part of the host); write `/`"
        )
    if "://" not in raw:
        if raw.startswith("/"):
            return "it is a relative path; the platform needs an absolute URL such as https://example.com/callback"
        return "it has no scheme; write it as https://…"
    scheme = raw.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        return f"its scheme is `{scheme}`; a callback must be an https:// URL"
    return None


_DOTS = "[.\u3002\uff0e\uff61]"  # the full stops that IDNA and WHATWG split labels on
_MAX_HOST = 253


def _canonical_host(written: str) -> tuple[str, str | None]:
    """The host as the WHATWG URL standard reads it, or why it cannot:
    percent-decoded, mapped as IDNA maps it (full-width digits and dots,
    circled letters, case, soft hyphens), then read as an IPv4 number when
    its last label is a number. ``written`` is ``urlsplit``'s lower-cased
    host, without a trailing dot."""
    if ":" in written:  # an IPv6 literal; ``urlsplit`` has checked its brackets
        return written, None
    host = written
    if "%" in host:
        from urllib.parse import unquote_to_bytes

        try:
            host = unquote_to_bytes(host).decode("utf-8")
        except UnicodeDecodeError:
            return written, f"its host {written!r} is percent-encoded, but not as UTF-8"
        if "%" in host:
            return written, f"its host {written!r} is percent-encoded twice"
    if not host.isascii():
        from encodings.idna import nameprep

        try:
            host = ".".join(nameprep(label) for label in re.split(_DOTS, host)).lower()
        except UnicodeError:
            return written, f"its host {written!r} is not a valid internationalised domain name"
    host = host.rstrip(".")
    if not host:
        return written, "it has no host"
    last = host.rsplit(".", 1)[-1]
    if last and _ipv4_part(last) is not None:  # ends in a number: an IPv4 address or nothing
        value = _whatwg_ipv4(host)
        if value is None:
            return written, f"its host {written!r} ends in a number but is not an IPv4 address"
        return ".".join(str(value >> shift & 255) for shift in (24, 16, 8, 0)), None
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return written, f"its host {written!r} is not a valid internationalised domain name"
    if len(ascii_host) > _MAX_HOST:
        return written, f"its host is {len(ascii_host)} characters long; a host name has at most {_MAX_HOST}"
    for label in ascii_host.split("."):
        if not label or len(label) > 63:
            return written, f"its host {written!r} has an empty or over-long label"
        if not set(label) <= _HOST_CHARS or label.startswith("-") or label.endswith("-"):
            return written, f"its host {written!r} contains characters a host name cannot have"
    return ascii_host, None


def _whatwg_ipv4(host: str) -> int | None:
    """The WHATWG URL standard's IPv4 parser: decimal (`2130706433`), hex
    (`0x7f.1`), octal (`0177.0.0.1`) and shortened (`127.1`) forms, as
    `inet_aton` reads them too; None when the numbers do not fit."""
    parts = host.split(".")
    if len(parts) > 4:
        return None
    numbers: list[int] = []
    for part in parts:
        number = _ipv4_part(part)
        if number is None:
            return None
        numbers.append(number)
    *leading, last = numbers
    if any(number > 255 for number in leading) or last >= 256 ** (5 - len(numbers)):
        return None
    return sum(n << (8 * (3 - i)) for i, n in enumerate(leading)) + last


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


def _unreachable(written: str, host: str) -> str | None:
    """Why no platform can (or should) reach ``host``, the canonical form of
    the ``written`` host; a disguised form names the address it denotes."""
    reason = _unreachable_reason(host)
    if reason and host != written and ":" not in host:
        reason = f"`{written}` is {host}, and {reason}"
    return reason


def _unreachable_reason(host: str) -> str | None:
    if host == "localhost" or host.endswith(".localhost"):
        return "localhost is the platform's own machine, not yours"
    if ":" not in host and not host.replace(".", "").isdigit():
        for suffix in _PRIVATE_SUFFIXES:
            if host.endswith(suffix):
                return f"`{suffix}` names only resolve inside a private network"
        return None
    import ipaddress

    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    return _address_reason(address)


# Ranges no platform reaches on the public internet, with what each one is.
# Listed here rather than taken from `is_private`/`is_global`, whose answers
# change between Python releases.
_IPV4_RANGES = (
    ("0.0.0.0/32", "it is the unspecified address"),
    ("0.0.0.0/8", "it is in 0.0.0.0/8, which means this host"),
    ("127.0.0.0/8", "it is a loopback address"),
    ("169.254.169.254/32", "it is a link-local address (169.254.169.254 is the cloud metadata service)"),
    ("169.254.0.0/16", "it is a link-local address"),
    ("10.0.0.0/8", "it is a private (RFC 1918) address"),
    ("172.16.0.0/12", "it is a private (RFC 1918) address"),
    ("192.168.0.0/16", "it is a private (RFC 1918) address"),
    ("100.64.0.0/10", "it is in the shared address space of carrier-grade NAT (RFC 6598)"),
    ("192.0.0.0/24", "it is reserved for IETF protocol assignments"),
    ("192.0.2.0/24", "it is reserved for documentation"),
    ("198.51.100.0/24", "it is reserved for documentation"),
    ("203.0.113.0/24", "it is reserved for documentation"),
    ("198.18.0.0/15", "it is reserved for benchmarking"),
    ("224.0.0.0/4", "it is a multicast address"),
    ("255.255.255.255/32", "it is the broadcast address"),
    ("240.0.0.0/4", "it is in the reserved range 240.0.0.0/4"),
)
_IPV6_RANGES = (
    ("::/128", "it is the unspecified address"),
    ("::1/128", "it is a loopback address"),
    ("fe80::/10", "it is a link-local address"),
    ("fc00::/7", "it is a unique-local IPv6 address"),
    ("fec0::/10", "it is a site-local IPv6 address"),
    ("ff00::/8", "it is a multicast address"),
    ("64:ff9b:1::/48", "it is a local-use NAT64 address"),
    ("100::/64", "it is a discard-only address"),
    ("2001:db8::/32", "it is reserved for documentation"),
)


@lru_cache(maxsize=2)
def _ranges(version: int) -> "tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...]":
    import ipaddress

    table = _IPV4_RANGES if version == 4 else _IPV6_RANGES
    return tuple((ipaddress.ip_network(network), reason) for network, reason in table)


def _address_reason(address: "ipaddress.IPv4Address | ipaddress.IPv6Address") -> str | None:
    import ipaddress

    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            form, ipv4 = embedded
            reason = _address_reason(ipv4)
            return reason and f"it is {ipv4} {form}, and {reason}"
    for network, reason in _ranges(address.version):
        if address in network:
            return reason
    return None


def _embedded_ipv4(address: "ipaddress.IPv6Address") -> "tuple[str, ipaddress.IPv4Address] | None":
    """The IPv4 address an IPv6 address carries, and how: IPv4-mapped
    (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`),
    6to4 (`2002::/16`) or Teredo (`2001::/32`, the client's address)."""
    import ipaddress

    value = int(address)
    if address.ipv4_mapped is not None:
        return "mapped into IPv6", address.ipv4_mapped
    if value >> 32 == 0 and value > 1:
        return "written as an IPv4-compatible IPv6 address", ipaddress.IPv4Address(value & 0xFFFFFFFF)
    if value >> 32 == 0x64FF9B << 64:
        return "through NAT64", ipaddress.IPv4Address(value & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return "through 6to4", address.sixtofour
    if address.teredo is not None:
        return "as a Teredo client", address.teredo[1]
    return None
