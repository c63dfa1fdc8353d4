"""Callback hosts are read as the URL parsers that deliver callbacks read them.

Regression test for issue 9's second defect: numeric host forms reached
127.0.0.1 (or a private network) in WHATWG URL parsing and `inet_aton`, yet
`private-callback-url` let them through.
"""

from __future__ import annotations

import pytest

from triggercfg import check_text

TEMPLATE = 'type = "agent"\n\n[[triggers]]\nid = "a"\ntype = "http-async"\n\n[triggers.configuration]\ncallbackUrl = "{url}"\n'
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
        ("https://0xa9.254.169.254/cb", "`0xa9.254.169.254` is 169.254.169.254, and it is a link-local "
                                        "address (169.254.169.254 is the cloud metadata service)"),
    ],
)
def test_numeric_forms_of_private_hosts_are_reported(url: str, reason: str) -> None:
    text = TEMPLATE.format(url=url)
    findings = [(f.rule, f.line, f.column, f.message) for f in check_text(text, "blaxel").findings]
    host = url.split("/")[2].rstrip(".").lower()
    assert findings == [
        ("private-callback-url", 8, 15,
         f"`callbackUrl` host `{host}` is not reachable from the platform: {reason}"),
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
