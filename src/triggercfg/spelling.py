"""Guesses at what a misspelt word was meant to be ("did you mean").

A guess is only offered when exactly one candidate is clearly closest, and
it says how it was made, so that a rule can decide whether a fix from it is
safe:

1. the same letters in another case, or with ``_`` and ``-`` changed
   (``callbackURL``, ``http_async``): the word can only mean that one;
2. a close spelling: an edit distance (insertions, deletions, substitutions
   and swaps of two adjacent letters) that grows with the word's length, and
   no other candidate as close (``http-asnyc`` is ``http-async``; ``v3`` is
   neither ``v1`` nor ``v2``);
3. a known word that the word extends (``cooldown_period``), or, where the
   caller asks for it, the one known word that the word abbreviates (``cpu``
   for ``cpu_utilization``), when no spelling is close.

A close spelling always wins over a prefix: ``http-asnyc`` starts with
``http``, but is one swap from ``http-async``. Only the first kind of guess
cannot change what a file does in another valid way; the rules' fixes from
the others are unsafe.

Depends on nothing else of triggercfg: the rules, the shape walk and the
command line all use it.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

#: How a guess was made (see the module's documentation).
SAME = "same letters"
SPELLING = "spelling"
PREFIX = "prefix"
#: Another word for it (`async` for `http-async`), from a table the caller gives.
ALIAS = "alias"


class Guess(NamedTuple):
    word: str
    how: str

    @property
    def certain(self) -> bool:
        """The written word can only mean this one (another case, `_` or `-`)."""
        return self.how == SAME


def norm(word: str) -> str:
    """A word without case, ``_`` and ``-``."""
    return word.replace("_", "").replace("-", "").casefold()


def guess(
    word: str,
    candidates: Iterable[str],
    aliases: Mapping[str, str] | None = None,
    *,
    abbreviations: bool = False,
) -> Guess | None:
    """The one candidate ``word`` was probably meant to be, and how that was
    decided; None when none is close, or two are equally close. ``aliases``:
    other words for some candidates, by lower case (tried after the same
    letters). ``abbreviations``: a word of three letters or more that starts
    exactly one candidate means that one (an enumeration's values)."""
    if aliases is None and isinstance(candidates, frozenset):  # a table's known keys: the same in file after file
        return _guess_among(word, candidates, abbreviations)
    return _guess(word, candidates, aliases, abbreviations)


@lru_cache(maxsize=2048)
def _guess_among(word: str, candidates: frozenset[str], abbreviations: bool) -> Guess | None:
    return _guess(word, sorted(candidates), None, abbreviations)


def _guess(
    word: str, candidates: Iterable[str], aliases: Mapping[str, str] | None, abbreviations: bool
) -> Guess | None:
    pool = [c for c in dict.fromkeys(candidates) if c != word]
    if not pool:
        return None
    written = norm(word)
    same = [c for c in pool if norm(c) == written]
    if same:
        return Guess(same[0], SAME) if len(same) == 1 else None
    alias = (aliases or {}).get(word.strip().lower())
    if alias is not None:
        return Guess(alias, ALIAS)
    limit = allowed_distance(written)
    scored = sorted(
        (d, c) for c in pool if (d := distance(written, norm(c), limit)) <= limit
    )  # (distance, candidate) of the close ones
    if scored:
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None  # two as close: no guess
        return Guess(scored[0][1], SPELLING)
    longer = [c for c in pool if len(norm(c)) >= 4 and written.startswith(norm(c)) and len(written) > len(norm(c))]
    if len(longer) == 1:
        return Guess(longer[0], PREFIX)
    if abbreviations and not longer and len(word) >= 3:
        shorter = [c for c in pool if c.lower().startswith(word.lower())]
        if len(shorter) == 1:
            return Guess(shorter[0], PREFIX)
    return None


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate :func:`guess` makes of ``word``, however it made it."""
    found = guess(word, candidates)
    return found.word if found is not None else None


def allowed_distance(word: str) -> int:
    """How many edits a word of this length may be off: 1 up to 8 letters,
    2 up to 15, then 3 (so that `timout` is `timeout`, and `dependancy` is
    `dependency`, but `cpu` is not `gpu`'s neighbour by chance: see `guess`)."""
    return 1 if len(word) <= 8 else 2 if len(word) <= 15 else 3


def distance(a: str, b: str, limit: int) -> int:
    """The edit distance of ``a`` and ``b`` (optimal string alignment: a swap
    of two adjacent letters is one edit), or ``limit + 1`` once it is over
    ``limit``. Only the band of cells within ``limit`` of the diagonal is
    computed: a guess calls this for every candidate."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    over = limit + 1
    width = len(b)
    previous2 = [over] * (width + 1)
    previous = [j if j <= limit else over for j in range(width + 1)]
    for i in range(1, len(a) + 1):
        current = [over] * (width + 1)
        if i <= limit:
            current[0] = i
        first, last = max(1, i - limit), min(width, i + limit)
        lowest = current[0] if first == 1 else over
        char = a[i - 1]
        for j in range(first, last + 1):
            value = previous[j - 1] + (char != b[j - 1])
            if previous[j] + 1 < value:
                value = previous[j] + 1
            if current[j - 1] + 1 < value:
                value = current[j - 1] + 1
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == b[j - 1] and previous2[j - 2] + 1 < value:
                value = previous2[j - 2] + 1
            current[j] = value
            if value < lowest:
                lowest = value
        if lowest > limit:
            return over
        previous2, previous = previous, current
    return previous[width] if previous[width] <= limit else over
