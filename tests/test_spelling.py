""" "Did you mean": a guess is the word meant, or nothing, and a fix from it is
safe only when it can mean nothing else (issue 24).

The property: for every enumerated value and every known key of both
platforms, every single-edit typo (a deletion, an insertion, a substitution,
two adjacent letters swapped) gets the original as its guess, or no guess;
never another valid candidate. A typo that is itself another valid value (in
any case, with `_` or `-`) is not a typo, and is left out.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triggercfg import check_text, fix_text
from triggercfg.limits import COMPUTE, LEGACY_COMPUTE
from triggercfg.rules.invalid_trigger_type import suggestion as trigger_type
from triggercfg.rules.invalid_value import suggestion as enum_value
from triggercfg.rules.unknown_compute import suggestion as compute
from triggercfg.shape import _nodes, root
from triggercfg.spelling import SAME, SPELLING, distance, guess, norm

ALPHABET = string.ascii_lowercase + string.digits + "_-"


def typos(word: str) -> Iterator[str]:
    """Every word one edit away from ``word``."""
    letters = ALPHABET + "".join(sorted({c for c in word if c not in ALPHABET}))
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]  # a deletion
        if i + 1 < len(word) and word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # a swap
        for letter in letters:
            if letter != word[i]:
                yield word[:i] + letter + word[i + 1 :]  # a substitution
    for i in range(len(word) + 1):
        for letter in letters:
            yield word[:i] + letter + word[i:]  # an insertion


def _enumerations() -> list[tuple[str, ...]]:
    """Every enumeration of the models of both platforms (the literal values of a field)."""
    found = {
        tuple(node["values"])
        for platform in ("blaxel", "cerebrium")
        for node in _nodes(root(platform))
        if node["t"] == "literal" and all(isinstance(v, str) for v in node["values"])
    }
    return sorted(found)


def _key_sets() -> list[tuple[str, ...]]:
    """The keys of every table of both platforms' models (what unknown-key guesses from)."""
    found = {
        tuple(node["fields"])
        for platform in ("blaxel", "cerebrium")
        for node in _nodes(root(platform))
        if node["t"] == "table" and len(node["fields"]) > 1
    }
    return sorted(found)


def wrong_guesses(candidates: tuple[str, ...], guesser: Callable[[str], str | None]) -> list[tuple[str, str, str]]:
    others = {norm(c): c for c in candidates}
    wrong = []
    for word in candidates:
        for typo in typos(word):
            if norm(typo) in others and others[norm(typo)] != word:
                continue  # another valid value, not a typo
            found = guesser(typo)
            if found is not None and found != word:
                wrong.append((word, typo, found))
    return wrong


@pytest.mark.parametrize("candidates", _enumerations(), ids=lambda c: "|".join(c)[:40])
def test_a_typo_of_an_enumerated_value_is_guessed_as_itself_or_not_at_all(candidates: tuple[str, ...]) -> None:
    assert wrong_guesses(candidates, lambda typo: enum_value(typo, candidates)) == []


@pytest.mark.parametrize("candidates", _key_sets(), ids=lambda c: "|".join(c)[:40])
def test_a_typo_of_a_known_key_is_guessed_as_itself_or_not_at_all(candidates: tuple[str, ...]) -> None:
    def key(typo: str) -> str | None:
        found = guess(typo, candidates)
        return found.word if found is not None else None

    assert wrong_guesses(candidates, key) == []


def test_a_typo_of_a_trigger_type_is_guessed_as_itself_or_not_at_all() -> None:
    types = ("http", "http-async", "cron")
    assert wrong_guesses(types, lambda typo: g.word if (g := trigger_type(typo)) is not None else None) == []


def test_a_typo_of_a_compute_type_is_guessed_as_itself_or_not_at_all() -> None:
    """unknown-compute also knows the GPUs' own names (`L4`, `A100`, `A10G`):
    a typo that is one of them is another valid value, and a legacy name's
    guess is its replacement (`t4` is `TURING_T4`, which `T4` was renamed)."""
    from triggercfg.rules.unknown_compute import _ALIASES

    def meant(word: str) -> set[str]:
        return {word, LEGACY_COMPUTE.get(word) or word}

    wrong = []
    for word in (*COMPUTE, *LEGACY_COMPUTE):
        for typo in typos(word):
            key = "".join(c for c in typo.lower() if c.isalnum())
            if key in _ALIASES or any(
                key == "".join(c for c in o.lower() if c.isalnum()) for o in (*COMPUTE, *LEGACY_COMPUTE) if o != word
            ):
                continue  # a GPU's own name, or another identifier: not a typo
            found = compute(typo)
            if found is not None and found not in meant(word):
                wrong.append((word, typo, found))
    assert wrong == []


def test_the_sets_are_the_models() -> None:
    """The property runs over real sets (a change to the models that emptied them would pass it silently)."""
    enumerations, keys = _enumerations(), _key_sets()
    assert ("http", "http-async", "cron") not in enumerations  # the trigger type is a tagged union, tested above
    assert any("concurrency_utilization" in e for e in enumerations)
    assert any("interruptible" in e for e in enumerations)
    assert any("callbackUrl" in k for k in keys) and any("response_grace_period" in k for k in keys)
    assert len(keys) >= 15


@pytest.mark.parametrize(
    ("word", "candidates", "expected"),
    [
        ("http-asnyc", ("http", "http-async", "cron"), ("http-async", SPELLING)),  # a swap, not the prefix `http`
        ("http_async", ("http", "http-async", "cron"), ("http-async", SAME)),
        ("HTTP-ASYNC", ("http", "http-async", "cron"), ("http-async", SAME)),
        ("v3", ("v1", "v2"), None),  # as close to both: no guess
        ("timout", ("timeout", "path", "retry"), ("timeout", SPELLING)),
        ("cooldown_period", ("cooldown", "min_replicas"), ("cooldown", "prefix")),
        ("dependancies", ("dependencies", "deployment"), ("dependencies", SPELLING)),
        ("gpu", ("cpu", "memory"), ("cpu", SPELLING)),
        ("xyz", ("cpu", "gpu"), None),
    ],
)
def test_guesses(word: str, candidates: tuple[str, ...], expected: tuple[str, str] | None) -> None:
    found = guess(word, candidates)
    assert (tuple(found) if found is not None else None) == expected


def test_distance_counts_a_swap_as_one_edit() -> None:
    assert distance("httpasnyc", "httpasync", 2) == 1
    assert distance("abc", "abc", 1) == 0
    assert distance("kitten", "sitting", 5) == 3
    assert distance("kitten", "sitting", 1) == 2  # over the limit: limit + 1


# -- what the rules do with a guess --------------------------------------------------------------


def test_a_misspelt_async_type_is_never_fixed_into_another_type_without_unsafe_fixes() -> None:
    """`http-asnyc` was "fixed" into `http` by --fix: a synchronous trigger, which cuts a long task off."""
    text = 'type = "agent"\n[[triggers]]\nid = "a"\ntype = "http-asnyc"\n'
    (finding,) = [f for f in check_text(text, "blaxel").findings if f.rule == "invalid-trigger-type"]
    assert finding.message == 'trigger type "http-asnyc" does not exist; did you mean `http-async`?'
    assert finding.fix is not None and finding.fix.applicability.value == "unsafe"
    assert fix_text(text, "blaxel").new_content == text.encode()  # --fix alone leaves it
    assert fix_text(text, "blaxel", unsafe=True).new_content == text.replace("http-asnyc", "http-async").encode()


def test_the_same_letters_are_fixed_safely() -> None:
    text = 'type = "agent"\n[[triggers]]\nid = "a"\ntype = "http_async"\n'
    assert fix_text(text, "blaxel").new_content == text.replace("http_async", "http-async").encode()


@pytest.mark.parametrize(
    ("written", "safe"),
    [("callbackURL", True), ("callback_url", True), ("callbakUrl", False)],
)
def test_a_misspelt_key_is_renamed_safely_only_when_it_can_mean_nothing_else(written: str, safe: bool) -> None:
    text = (
        'type = "agent"\n[[triggers]]\nid = "a"\ntype = "http-async"\n[triggers.configuration]\n'
        f'{written} = "https://hooks.example.com/done"\n'
    )
    (finding,) = [f for f in check_text(text, "blaxel").findings if f.rule == "unknown-key"]
    assert finding.message.endswith("did you mean `callbackUrl`?")
    assert finding.fix is not None and finding.fix.applicability.value == ("safe" if safe else "unsafe")


def test_a_misspelt_array_of_tables_is_named_a_table_and_never_removed() -> None:
    """`[[riggers]]` beside `[triggers.configuration]` was "a leftover duplicate"
    of `triggers`, and --unsafe-fixes removed the trigger it holds (the fuzzer
    found it): it is a table, and tables are not removed or renamed by a fix."""
    text = (
        'type = "agent"\n\n[[riggers]]\nid = "async"\ntype = "http-async"\n\n'
        '[triggers.configuration]\ncallbackUrl = "https://hooks.example.com/done"\n'
    )
    (finding,) = [f for f in check_text(text, "blaxel").findings if f.rule == "unknown-key"]
    assert (finding.line, finding.column) == (3, 3)
    assert finding.message == "unknown table `[[riggers]]`: Blaxel does not read it; did you mean `triggers`?"
    assert finding.fix is None
    assert fix_text(text, "blaxel", unsafe=True).new_content == text.encode()


def _plain_distance(a: str, b: str) -> int:
    """The textbook optimal-string-alignment distance, the whole table, to check the banded one against."""
    table = [[max(i, j) if not (i and j) else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[len(a)][len(b)]


@given(st.text("abc_", max_size=9), st.text("abc_", max_size=9), st.integers(1, 3))
def test_the_banded_distance_is_the_distance(a: str, b: str, limit: int) -> None:
    plain = _plain_distance(a, b)
    assert distance(a, b, limit) == (plain if plain <= limit else limit + 1)
