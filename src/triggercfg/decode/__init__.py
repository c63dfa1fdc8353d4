"""Decode stage: what each platform reads from a parsed file.

Between parsing and the rules: the parsed TOML data goes in, and out comes a
:class:`Reading`, the one account of the file that ``triggercfg show``
prints and every rule judges (the semantic model, as ruff's checker builds
one for its rules):

- ``entries``: one :class:`Entry` per key the file writes, tables included,
  in document order: where it is written, where the platform reads it (its
  canonical path), the value as written and as read and how it was
  converted, or why the platform refuses or ignores it;
- ``view``: the values the platform reads, nested by canonical path (what
  the models validate and the value rules judge, whatever the spelling);
- whether the CLI's own client-side decoding and checks accept the file,
  and ``read``, what it holds afterwards (``docs/show-output.md``).

One module per platform holds that platform's reading (``blaxel.py``,
``cerebrium.py``); rules ask the reading, and never re-implement it.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
from collections.abc import Callable
from typing import Any, NamedTuple

from ..diagnostics import KeyPath


class _Unread:
    """The read value of a key the platform does not read, or refuses."""

    def __repr__(self) -> str:
        return "UNREAD"

    def __bool__(self) -> bool:
        return False


UNREAD: Any = _Unread()
_MISSING = object()


class Origin(NamedTuple):
    """Where a read value came from, and how the CLI changed it on the way."""

    #: The key path of the value in the file as written (original spelling);
    #: () for a value the CLI fills in itself.
    source: KeyPath
    #: What the CLI did ("written \"30\"", "split at commas", "filled in by the
    #: CLI", ...); None when it read the value exactly as written.
    how: str | None = None


class Ignored(NamedTuple):
    """Why the platform does not read, or may not use, a key the file writes."""

    #: ``unknown`` (no such key), ``undocumented`` (passed on to an API that
    #: does not document it), ``misplaced`` (a key of another table),
    #: ``legacy`` (no longer read), ``collision`` (another spelling of the
    #: key wins), ``unused`` (read only in another setting: the second
    #: partner runtime, a callback URL on a trigger that is not async).
    reason: str
    #: False where the platform may still read it (Blaxel's random choice of
    #: a spelling; a key the CLI passes on to an API that does not document it).
    certain: bool
    #: In words, for ``triggercfg show`` ("a `[cerebrium.scaling]` key").
    why: str
    #: ``misplaced``: the canonical path of the table it belongs in;
    #: ``collision``: the written path of the spelling that wins.
    home: KeyPath | None = None
    #: ``unknown`` and ``undocumented``: the keys its table knows.
    known: frozenset[str] = frozenset()


class Entry:
    """One key the file writes, and what the platform makes of it. The
    readers fill it in; once the reading is made, nothing changes it (rules
    only read it)."""

    __slots__ = (
        "how",
        "ignored",
        "kind",
        "lost_to",
        "path",
        "read",
        "refused",
        "uploaded",
        "value",
        "variable",
        "written",
    )

    def __init__(self, written: KeyPath, path: KeyPath, value: Any) -> None:
        #: The key path as written (spans and fixes use it).
        self.written = written
        #: Where the platform reads it: the canonical spelling (Cerebrium's lower
        #: case; Blaxel's own field names). For a key it does not read, the
        #: canonical form of where it is written.
        self.path = path
        #: The value as written (a table's dict, an array's list).
        self.value = value
        #: What the platform reads (converted: `"30"` is 30); ``UNREAD`` when it
        #: does not read the key or refuses its value.
        self.read: Any = UNREAD
        #: What the conversion did, in words; None when read as written.
        self.how: str | None = None
        #: The CLI's own words when it cannot read the value.
        self.refused: str | None = None
        #: Why the platform does not read it (or may not); None when it does.
        self.ignored: Ignored | None = None
        #: The kind of value the platform reads here (``int``, ``list``, ...;
        #: the platform module's names); None for a key it does not type.
        self.kind: str | None = None
        #: The written path of another spelling of this key in the same table
        #: that the platform takes instead (set whatever the two values).
        self.lost_to: KeyPath | None = None
        #: The platform reads the value, but not its CLI (Cerebrium's
        #: `[cerebrium.experimental]`, Blaxel's `[build] slim`: the uploaded file).
        self.uploaded = False
        #: The read value depends on the deploy environment (Blaxel's `$VAR`).
        self.variable = False

    @property
    def in_view(self) -> bool:
        """Whether the value stands in the view: what the CLI reads (or
        refuses, as written) and what the platform reads from the uploaded
        file, unless another spelling wins (or a table around it is left out)."""
        return self.lost_to is None and (self.read is not UNREAD or self.refused is not None or self.uploaded)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in ("written", "path", "value", "read", "how"))
        return f"Entry({fields}, refused={self.refused!r}, ignored={self.ignored!r}, lost_to={self.lost_to!r})"


class Whole(NamedTuple):
    """What the CLI holds of the whole file after its decoding and checks
    (``triggercfg show``): assembled from the entries, on first use."""

    accepted: bool
    #: The CLI's own refusal, in its words ("" when accepted).
    error: str
    #: What the CLI holds after decoding; None when it does not accept the file.
    read: dict[str, Any] | None
    #: By path in ``read``: where each value came from (containers included).
    origins: dict[KeyPath, Origin]
    #: Where the refusal points in the file, when it points anywhere.
    error_source: KeyPath | None = None
    #: By path in ``read``: values the CLI may read instead of the one in
    #: ``read``. The Blaxel CLI takes two spellings of one of its keys in Go's
    #: map order, which is random: either value can win, run by run.
    ambiguous: dict[KeyPath, tuple[Any, ...]] | None = None


class Reading:
    """The decode stage's account of one file. ``entries``, ``view`` and the
    indexes are what every check uses; ``accepted``, ``error``, ``read``,
    ``origins`` and ``ambiguous`` (what ``show`` prints) are assembled from
    them on first use."""

    __slots__ = (
        "_assemble",
        "_by_written",
        "_ignored",
        "_whole",
        "by_path",
        "converted",
        "entries",
        "lost",
        "platform",
        "renamed",
        "view",
    )

    def __init__(
        self,
        platform: str,
        entries: tuple[Entry, ...],
        view: dict[str, Any],
        by_path: dict[KeyPath, Entry],
        assemble: "Callable[[Reading], Whole]",
        converted: tuple[Entry, ...] = (),
        renamed: tuple[Entry, ...] = (),
        lost: tuple[Entry, ...] = (),
    ) -> None:
        self.platform = platform
        #: Every key the file writes, in document order.
        self.entries = entries
        #: The values read, nested by canonical path: a refused value as written,
        #: a variable's text as written; keys not read are left out.
        self.view = view
        #: Canonical path → the entry the platform reads there.
        self.by_path = by_path
        #: The entries whose value the platform converts (``how`` says how), in document order.
        self.converted = converted
        #: The entries written in another spelling than the canonical one (`Cooldown`, `[Cerebrium.Scaling]`).
        self.renamed = renamed
        #: The entries another spelling of the same key replaces (``lost_to``).
        self.lost = lost
        self._assemble = assemble
        self._whole: Whole | None = None
        self._by_written: dict[KeyPath, Entry] | None = None
        self._ignored: tuple[Entry, ...] | None = None

    @property
    def whole(self) -> Whole:
        if self._whole is None:
            self._whole = self._assemble(self)
        return self._whole

    @property
    def accepted(self) -> bool:
        return self.whole.accepted

    @property
    def error(self) -> str:
        return self.whole.error

    @property
    def read(self) -> dict[str, Any] | None:
        return self.whole.read

    @property
    def origins(self) -> dict[KeyPath, Origin]:
        return self.whole.origins

    @property
    def error_source(self) -> KeyPath | None:
        return self.whole.error_source

    @property
    def ambiguous(self) -> dict[KeyPath, tuple[Any, ...]] | None:
        return self.whole.ambiguous

    def entry(self, path: KeyPath) -> Entry | None:
        """The entry the platform reads at canonical ``path``."""
        return self.by_path.get(path)

    def written(self, path: KeyPath) -> Entry | None:
        """The entry of the key written at ``path`` (as written)."""
        if self._by_written is None:
            self._by_written = {entry.written: entry for entry in self.entries}
        return self._by_written.get(path)

    def where(self, path: KeyPath) -> KeyPath:
        """The written path of canonical ``path`` (of its longest prefix the
        file writes: `("cerebrium", "scaling", "cooldown")` is
        `("Cerebrium", "Scaling", "cooldown")` in a file that writes that;
        an index into a string read as a list is the string's key)."""
        index = self.by_path
        found = index.get(path)
        if found is not None:  # the usual case: the file writes the key itself
            return found.written
        for end in range(len(path) - 1, 0, -1):
            found = index.get(path[:end])
            if found is not None:
                rest = path[end:]
                if rest and isinstance(rest[0], int) and not isinstance(found.value, list):
                    rest = ()
                return found.written + rest
        return path

    def value(self, path: KeyPath, default: Any = None) -> Any:
        """The value read at canonical ``path`` (from the view), or ``default``."""
        node: Any = self.view
        for part in path:
            if isinstance(node, dict) and isinstance(part, str):
                node = node.get(part, _MISSING)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return default
            if node is _MISSING:
                return default
        return node

    def ignored(self) -> tuple[Entry, ...]:
        """The entries the platform ignores, outermost only (a table ignored
        whole is one entry, not one per key), in document order."""
        if self._ignored is None:
            out = []
            covered: KeyPath | None = None
            for entry in self.entries:
                if covered is not None and entry.written[: len(covered)] == covered:
                    continue
                covered = None
                if entry.ignored is not None:
                    out.append(entry)
                    if isinstance(entry.value, (dict, list)):
                        covered = entry.written
            self._ignored = tuple(out)
        return self._ignored


class Refused(Exception):
    """The CLI's own refusal, in its words, and the key it points at (as written)."""

    def __init__(self, message: str, source: KeyPath | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source


def reading(platform: str, walk: Any) -> Reading:
    """The Reading a platform's walk made (its entries, view and the lists the rules ask for)."""
    return Reading(
        platform,
        tuple(walk.entries),
        walk.view,
        walk.by_path,
        walk.assemble,
        tuple(walk.converted),
        tuple(walk.renamed),
        tuple(walk.lost),
    )


def decode(platform: str, data: dict[str, Any]) -> Reading:
    """What ``platform``'s CLI reads from ``data`` (the parsed file)."""
    read = _READERS.get(platform)
    if read is None:  # each platform's reader is imported on first use (start-up time)
        import importlib

        read = _READERS[platform] = importlib.import_module(f"{__name__}.{platform}").decode
    return read(data)


_READERS: dict[str, Callable[[dict[str, Any]], Reading]] = {}


__all__ = ["UNREAD", "Entry", "Ignored", "Origin", "Reading", "Refused", "Whole", "decode"]
