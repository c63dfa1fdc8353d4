"""Decode stage: what each platform's CLI reads from a parsed file.

Between parsing and the rules: the parsed TOML data goes in, and out comes a
:class:`Reading`: whether the CLI's own client-side decoding and checks
accept the file, the values it holds afterwards (``read``, nested by the
file's own keys in canonical spelling, as ``triggercfg show`` prints them and
``docs/show-output.md`` specifies), and for every value it read, where in the
file it came from and how it was converted.

One module per platform holds that platform's reading (``blaxel.py``,
``cerebrium.py``); rules ask the reading, and never re-implement it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..diagnostics import KeyPath


class Origin(NamedTuple):
    """Where a read value came from, and how the CLI changed it on the way."""

    #: The key path of the value in the file as written (original spelling);
    #: () for a value the CLI fills in itself.
    source: KeyPath
    #: What the CLI did ("written \"30\"", "split at commas", "filled in by the
    #: CLI", ...); None when it read the value exactly as written.
    how: str | None = None


class Reading(NamedTuple):
    platform: str
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


class Refused(Exception):
    """The CLI's own refusal, in its words, and the key it points at (as written)."""

    def __init__(self, message: str, source: KeyPath | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source


def run(platform: str, reader: Any, data: dict[str, Any]) -> Reading:
    """A platform reader's ``read(data)``, as a Reading: accepted, or the refusal."""
    try:
        read = reader.read(data)
    except Refused as refused:
        return Reading(platform, False, refused.message, None, {}, refused.source)
    return Reading(platform, True, "", read, reader.origins, ambiguous=getattr(reader, "ambiguous", None) or None)


def decode(platform: str, data: dict[str, Any]) -> Reading:
    """What ``platform``'s CLI reads from ``data`` (the parsed file)."""
    if platform == "blaxel":
        from .blaxel import decode as read
    else:
        from .cerebrium import decode as read
    return read(data)


__all__ = ["Origin", "Reading", "Refused", "decode"]
