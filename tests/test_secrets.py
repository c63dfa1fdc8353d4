"""The secret pre-check (issue 26 made it fast): `might_hold` may let through
text that holds no credential, never miss text that holds one. Property
tests: every literal a token, a webhook or a URL credential starts with is
found wherever it stands in any text, and every text `find` finds a secret
in passes the pre-check."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from triggercfg.rules import _secrets
from triggercfg.rules._secrets import find, might_hold

LITERALS = sorted(
    {literal for _, literals, _ in _secrets.TOKENS for literal in literals}
    | {literal for _, literal, _ in _secrets.WEBHOOKS}
)
TEXT = st.text(alphabet=string.printable + "éü🚀", max_size=200)


@settings(max_examples=300, deadline=None)
@given(before=TEXT, literal=st.sampled_from(LITERALS), after=TEXT)
def test_every_literal_is_found_wherever_it_stands(before: str, literal: str, after: str) -> None:
    assert might_hold(before + literal + after)


@settings(max_examples=300, deadline=None)
@given(before=TEXT, after=TEXT, user=st.text(alphabet=string.ascii_letters, min_size=1, max_size=8))
def test_a_url_with_user_info_or_a_query_passes(before: str, after: str, user: str) -> None:
    assert might_hold(f"{before}https://{user}:pw@host/{after}")
    assert might_hold(f"{before}https://host/cb?{user}={after}")


EXAMPLES = [
    "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5",
    "sk-proj-" + "Zq8Kx2Lm9Wn4Rt7Yb1Vc6Hd3Jf5Gs0Pa",
    "AKIA" + "IOSFODNN7EXAMPLQ",
    "xoxb-" + "2048-1024-aZ9bY8cX7dW6eV5fU4gT3hS2",
    "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "https://hooks.slack.com/services/T024BE7LD/B01ABCD2EFG/" + "q9Zr7Xw3Vt5Us1Pm8Ln6Kj4H",
    "https://api.example.com/cb?access_token=" + "Zq8Kx2Lm9Wn4Rt7Yb1Vc6Hd3Jf5Gs0Pa",
]


def test_every_secret_found_passes_the_pre_check() -> None:
    for example in EXAMPLES:
        assert find(example) is not None, example
        for text in (example, f'x = "{example}"\n', f"# before\nkey = '{example}'  # after\n"):
            assert might_hold(text), text
