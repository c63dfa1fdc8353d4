"""Callback hosts are read as the URL parsers that deliver callbacks read them.

Regression test for issue 9's second defect: numeric host forms reached
127.0.0.1 (or a private network) in WHATWG URL parsing and `inet_aton`, yet
`private-callback-url` let them through.
"""

from __future__ import annotations

import pytest

from triggercfg import check_text

TEMPLATE = (
    'type = "agent"\n\n[[triggers]]\nid = "a"\ntype = "http-async"\n\n[triggers.configuration]\ncallbackUrl = "{url}"\n'
)
LOOPBACK = "it is a loopback address"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://2130706433/cb", f"`2130706433` is 127.0.0.1, and {LOOPBACK}"),  # decimal
        ("https://0x7f.1/cb", f"`0x7f.1` is 127.0.0.1, and {LOOPBACK}"),  # hex, shortened
        ("https://0177.0.0.1/cb", f"`0177.0.0.1` is 127.0.0.1, and {LOOPBACK}"),  # octal
        ("https://127.1/cb", f"`127.1` is 127.0.0.1, and {LOOPBACK}"),  # shortened
        ("https://0x7F000001/cb", f"`0x7f000001` is 127.0.0.1, and {LOOPBACK}"),  # one hex number, any case
        ("https://127.0.0.1./cb", LOOPBACK),  # a trailing dot
        ("https://10.1/cb", "`10.1` is 10.0.0.1, and it is a private (RFC 1918) address"),
        (
            "https://0xa9.254.169.254/cb",
            "`0xa9.254.169.254` is 169.254.169.254, and it is a link-local "
            "address (169.254.169.254 is the cloud metadata service)",
        ),
    ],
)
def test_numeric_forms_of_private_hosts_are_reported(url: str, reason: str) -> None:
    text = TEMPLATE.format(url=url)
    findings = [(f.rule, f.line, f.column, f.message) for f in check_text(text, "blaxel").findings]
    host = url.split("/")[2].rstrip(".").lower()
    assert findings == [
        ("private-callback-url", 8, 15, f"`callbackUrl` host `{host}` is not reachable from the platform: {reason}"),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/cb",
        "https://deadbeef.face/cb",  # hex letters, but the last label is not a number: a domain
        "https://8.8.8.8/cb",
        "https://0x8.0x8.0x8.0x8/cb",  # a public address in hex
        "https://134744072/cb",  # 8.8.8.8 in decimal
    ],
)
def test_public_hosts_stay_clean(url: str) -> None:
    assert check_text(TEMPLATE.format(url=url), "blaxel").findings == ()


PRIVATE = "private-callback-url"
INVALID = "invalid-callback-url"
CREDENTIALS = "callback-url-credentials"


def _private(host: str, reason: str) -> tuple[str, str]:
    return PRIVATE, f"`callbackUrl` host `{host}` is not reachable from the platform: {reason}"


BACKSLASH = (
    "it contains a backslash, which URL parsers read differently (browsers and Node read it as `/`, "
    "Python's urllib as part of the host); write `/`"
)
LOCALHOST = "localhost is the platform's own machine, not yours"

# The known server-side request forgery tricks (issue 9's security table): each
# gets the rule a user needs, with the address it hides named.
SSRF_TABLE = [
    # IPv4 inside IPv6
    (
        "https://[::ffff:127.0.0.1]/cb",
        [_private("::ffff:127.0.0.1", f"it is 127.0.0.1 mapped into IPv6, and {LOOPBACK}")],
    ),
    ("https://[::ffff:7f00:1]/cb", [_private("::ffff:7f00:1", f"it is 127.0.0.1 mapped into IPv6, and {LOOPBACK}")]),
    (
        "https://[::ffff:a9fe:a9fe]/cb",
        [
            _private(
                "::ffff:a9fe:a9fe",
                "it is 169.254.169.254 mapped into IPv6, and it is a "
                "link-local address (169.254.169.254 is the cloud metadata service)",
            )
        ],
    ),
    (
        "https://[::127.0.0.1]/cb",
        [_private("::127.0.0.1", f"it is 127.0.0.1 written as an IPv4-compatible IPv6 address, and {LOOPBACK}")],
    ),
    (
        "https://[::7f00:1]/cb",
        [_private("::7f00:1", f"it is 127.0.0.1 written as an IPv4-compatible IPv6 address, and {LOOPBACK}")],
    ),
    ("https://[64:ff9b::7f00:1]/cb", [_private("64:ff9b::7f00:1", f"it is 127.0.0.1 through NAT64, and {LOOPBACK}")]),
    (
        "https://[64:ff9b::a00:1]/cb",
        [_private("64:ff9b::a00:1", "it is 10.0.0.1 through NAT64, and it is a private (RFC 1918) address")],
    ),
    ("https://[64:ff9b:1::5]/cb", [_private("64:ff9b:1::5", "it is a local-use NAT64 address")]),
    (
        "https://[2002:a00:1::1]/cb",
        [_private("2002:a00:1::1", "it is 10.0.0.1 through 6to4, and it is a private (RFC 1918) address")],
    ),
    ("https://[2002:7f00:1::]/cb", [_private("2002:7f00:1::", f"it is 127.0.0.1 through 6to4, and {LOOPBACK}")]),
    (
        "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/cb",
        [_private("2001:0:4136:e378:8000:63bf:80ff:fffe", f"it is 127.0.0.1 as a Teredo client, and {LOOPBACK}")],
    ),
    ("https://[fe80::1%25eth0]/cb", [_private("fe80::1%25eth0", "it is a link-local address")]),
    ("https://[fd00::1]/cb", [_private("fd00::1", "it is a unique-local IPv6 address")]),
    # localhost, spelled any way
    ("https://localhost./cb", [_private("localhost", LOCALHOST)]),
    ("https://LocalHost:8443/cb", [_private("localhost", LOCALHOST)]),
    ("https://api.LOCALHOST./cb", [_private("api.localhost", LOCALHOST)]),
    # percent-encoded hosts are decoded first, as the WHATWG URL standard does
    ("https://%31%32%37.0.0.1/cb", [_private("%31%32%37.0.0.1", f"`%31%32%37.0.0.1` is 127.0.0.1, and {LOOPBACK}")]),
    ("https://local%68ost/cb", [_private("local%68ost", f"`local%68ost` is localhost, and {LOCALHOST}")]),
    (
        "https://%ff.example.com/cb",
        [
            (
                INVALID,
                '`callbackUrl` "https://%ff.example.com/cb" is not a valid URL: its host '
                "'%ff.example.com' is percent-encoded, but not as UTF-8",
            )
        ],
    ),
    (
        "https://%2531.0.0.1/cb",
        [
            (
                INVALID,
                '`callbackUrl` "https://%2531.0.0.1/cb" is not a valid URL: its host '
                "'%2531.0.0.1' is percent-encoded twice",
            )
        ],
    ),
    # user information is not the host
    (
        "https://good.example.com@10.0.0.1/cb",
        [
            _private("10.0.0.1", "it is a private (RFC 1918) address"),
            (
                CREDENTIALS,
                "`callbackUrl` contains a user name or password (`https://****@10.0.0.1`); verify the "
                "`X-Blaxel-Signature` header instead",
            ),
        ],
    ),
    (
        "https://10.0.0.1@good.example.com/cb",
        [
            (
                CREDENTIALS,
                "`callbackUrl` contains a user name or password (`https://****@good.example.com`); verify the "
                "`X-Blaxel-Signature` header instead",
            )
        ],
    ),
    # backslashes (escaped for TOML): parsers disagree, so the URL is refused wherever it has one
    (
        "https://good.example.com\\\\@10.0.0.1/cb",
        [(INVALID, '`callbackUrl` "https://good.example.com\\@10.0.0.1/cb" is not a valid URL: ' + BACKSLASH)],
    ),
    (
        "https:\\\\\\\\127.0.0.1/cb",
        [(INVALID, '`callbackUrl` "https:\\\\127.0.0.1/cb" is not a valid URL: ' + BACKSLASH)],
    ),
    # what IDNA maps to ASCII
    (
        "https://１２７。０。０。１/cb",
        [_private("１２７。０。０。１", f"`１２７。０。０。１` is 127.0.0.1, and {LOOPBACK}")],
    ),
    ("https://127．0．0．1/cb", [_private("127．0．0．1", f"`127．0．0．1` is 127.0.0.1, and {LOOPBACK}")]),
    ("https://ⓛocalhost/cb", [_private("ⓛocalhost", f"`ⓛocalhost` is localhost, and {LOCALHOST}")]),
    ("https://local\u00adhost/cb", [_private("local\u00adhost", f"`local\u00adhost` is localhost, and {LOCALHOST}")]),
    ("https://lоcalhost/cb", []),  # a Cyrillic о: another, public name (documented)
    # unspecified addresses
    ("https://0.0.0.0/cb", [_private("0.0.0.0", "it is the unspecified address")]),
    ("https://0/cb", [_private("0", "`0` is 0.0.0.0, and it is the unspecified address")]),
    ("https://[::]/cb", [_private("::", "it is the unspecified address")]),
    # other ranges the platform cannot reach
    (
        "https://100.64.0.1/cb",
        [_private("100.64.0.1", "it is in the shared address space of carrier-grade NAT (RFC 6598)")],
    ),
    ("https://198.18.0.1/cb", [_private("198.18.0.1", "it is reserved for benchmarking")]),
    ("https://192.0.2.10/cb", [_private("192.0.2.10", "it is reserved for documentation")]),
    ("https://[2001:db8::1]/cb", [_private("2001:db8::1", "it is reserved for documentation")]),
    ("https://239.1.1.1/cb", [_private("239.1.1.1", "it is a multicast address")]),
    # hosts that end in a number but are no address
    (
        "https://256.1.1.1/cb",
        [
            (
                INVALID,
                '`callbackUrl` "https://256.1.1.1/cb" is not a valid URL: its host '
                "'256.1.1.1' ends in a number but is not an IPv4 address",
            )
        ],
    ),
    (
        "https://1.2.3.4.5/cb",
        [
            (
                INVALID,
                '`callbackUrl` "https://1.2.3.4.5/cb" is not a valid URL: its host '
                "'1.2.3.4.5' ends in a number but is not an IPv4 address",
            )
        ],
    ),
    # brackets that urllib refuses
    (
        "https://[[fd00::1]/cb",
        [
            (
                INVALID,
                '`callbackUrl` "https://[[fd00::1]/cb" is not a valid URL: its host has '
                "unbalanced brackets or is not an IP address in brackets (write "
                "`[2001:db8::1]`)",
            )
        ],
    ),
    (
        "http://[hooks.example.com/cb",
        [
            (
                INVALID,
                '`callbackUrl` "http://[hooks.example.com/cb" is not a valid URL: '
                "its host has unbalanced brackets or is not an IP address in "
                "brackets (write `[2001:db8::1]`)",
            )
        ],
    ),
    # very long URLs
    ("https://hooks.example.com/" + "x" * 100_000, []),
    (
        "https://" + ("a" * 63 + ".") * 4 + "com/cb",
        [
            (
                INVALID,
                '`callbackUrl` "https://' + "a" * 49 + '..." is not a '
                "valid URL: its host is 259 characters long; a host name has at "
                "most 253",
            )
        ],
    ),
    # public addresses stay clean, however written
    ("https://[64:ff9b::808:808]/cb", []),
    ("https://[2002:808:808::1]/cb", []),
    ("https://[::ffff:8.8.8.8]/cb", []),
    ("https://[2606:4700:4700::1111]/cb", []),
    ("https://bücher.example/cb", []),
]


@pytest.mark.parametrize(("url", "expected"), SSRF_TABLE, ids=[url[:48] for url, _ in SSRF_TABLE])
def test_ssrf_tricks_get_the_right_rule(url: str, expected: list[tuple[str, str]]) -> None:
    findings = check_text(TEMPLATE.format(url=url), "blaxel").findings
    assert [(f.rule, f.message) for f in findings] == expected
    assert all((f.line, f.column) == (8, 15) for f in findings)
