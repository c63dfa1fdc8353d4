"""Locate stage: key path → exact spans in the source text.

This is the only place that knows about lines and columns. It scans text that
the parse stage has already accepted, so it needs no error handling of its own: it
only follows TOML's grammar far enough to know where every key, value, table
header and array element starts and ends. Rules ask for a span by key path and
never count lines themselves.

Why not tomlkit or a Rust parser: tomlkit records no positions (STYLE.md §7.1),
and a second parser dependency would only move this same path bookkeeping
elsewhere. Columns count characters, ``end_column`` is exclusive, and CRLF,
multi-line strings and arrays, inline tables, dotted and quoted keys are
handled by the scan itself.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

from .diagnostics import Anchor, KeyPath, Span

#: The tokens the scanner steps over, each matched at a position in one call
#: (a character at a time in Python costs ten times as much).
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]*")
_SCALAR = re.compile(r"[^ \t\r\n,\]}#]*")
_BLANKS = re.compile(r"[ \t]*")
_BLANKS_AND_NEWLINES = re.compile(r"[ \t\r\n]*")
#: A one-line basic string's body up to its closing quote, or up to its first escape.
_BASIC_BODY = re.compile(r'[^"\\]*')
#: A multi-line basic string's body up to a quote or an escape.
_MULTI_BODY = re.compile(r'[^"\\]*')
#: The lines most files are made of, each read in one match: `key = value`
#: with a bare key and a string without escapes, or a word (a number, a
#: boolean, a date), up to a comment or the end of the line; and a `[table]`
#: or `[[array]]` header of bare names. Anything else takes the general scan.
_SIMPLE_KEYVAL = re.compile(
    r"""(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*"""
    r"""(?P<value>"[^"\\\n]*"(?!")|'[^'\n]*'(?!')|[A-Za-z0-9_.+-]+)[ \t]*(?=#|\r?\n|$)"""
)
_SIMPLE_HEADER = re.compile(
    r"(?P<open>\[\[?)(?P<name>[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)(?P<close>\]\]?)[ \t]*(?=#|\r?\n|$)"
)
#: Blank lines, then a line of either form: most lines of most files in one match.
_SIMPLE_LINE = re.compile(rf"[ \t\r\n]*(?:{_SIMPLE_KEYVAL.pattern}|{_SIMPLE_HEADER.pattern})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b", '"': '"', "\\": "\\"}
#: A time of day without seconds (TOML 1.1), alone or after a date: the minutes end the token or meet an offset.
_NO_SECONDS = re.compile(r"(?:\d{4}-\d{2}-\d{2}[Tt ])?\d{2}:\d{2}(?=$|[Zz+-])")

#: The constructs TOML 1.1 added to 1.0, by the names platforms and findings use.
NEWER = {
    "multi-line-inline-table": "an inline table written over several lines",
    "inline-table-trailing-comma": "a trailing comma in an inline table",
    "escape-x": "the escape `\\xHH`",
    "escape-e": "the escape `\\e`",
    "time-without-seconds": "a time without seconds",
}


class Construct(NamedTuple):
    """One use of TOML 1.1 syntax: its kind (a key of ``NEWER``), where it is,
    and the text replacements (offsets in the text) that write it as TOML 1.0,
    or None when no mechanical rewrite keeps the file's meaning."""

    kind: str
    span: Span
    written: str
    replacements: tuple[tuple[int, int, str], ...] | None


class _Span:
    """An :class:`Entry` field kept as packed offsets until read (then a Span)."""

    def __init__(self, slot: str) -> None:
        self.slot = slot

    def __get__(self, entry: "Entry", owner: type | None = None) -> Span | None:
        raw = getattr(entry, self.slot)
        if raw.__class__ is int:
            raw = _span_of(entry._lines, raw)  # type: ignore[arg-type]  # offsets come with their lines
            setattr(entry, self.slot, raw)
        return raw  # type: ignore[no-any-return]  # a Span or None once resolved

    def __set__(self, entry: "Entry", span: Span | None) -> None:
        setattr(entry, self.slot, span)


class Entry:
    """Where one key path is written: its key as written (for a table: its
    name in the header), its value (for a table: its header), and its
    `[table]` / `[[array]]` header, when it has one.

    The scan records them as offsets; each becomes a :class:`Span` (a line
    look-up) only when asked for: most entries of a file with findings are
    never looked at."""

    __slots__ = ("_header", "_key", "_lines", "_value")
    key = _Span("_key")
    value = _Span("_value")
    header = _Span("_header")

    def __init__(self, lines: list[int] | None = None) -> None:
        self._key: Span | int | None = None
        self._value: Span | int | None = None
        self._header: Span | int | None = None
        self._lines = lines

    def __repr__(self) -> str:
        return f"Entry(key={self.key!r}, value={self.value!r}, header={self.header!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return False
        return (self.key, self.value, self.header) == (other.key, other.value, other.header)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was


#: Offsets packed in one int (start in the high bits): what an entry keeps until asked.
_SHIFT = 32
_LOW = (1 << _SHIFT) - 1


def _span_of(lines: list[int], packed: int) -> Span:
    start, end = packed >> _SHIFT, packed & _LOW
    line = bisect.bisect_right(lines, start)
    end_line = bisect.bisect_right(lines, end)
    return Span(line, start - lines[line - 1] + 1, end_line, end - lines[end_line - 1] + 1)


class Locations:
    """Spans of every key path of one document, plus its comments by line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entries: dict[KeyPath, Entry] = {}
        self.comments: dict[int, str] = {}
        self.comment_columns: dict[int, int] = {}  # line → column of its `#`
        #: Keys written as `[[name]]` (arrays of tables), by resolved path.
        self.table_arrays: set[KeyPath] = set()
        #: Every use of TOML 1.1 syntax, in the order of the text.
        self.newer: list[Construct] = []
        _Scanner(text, self).run()

    def span(self, path: KeyPath, anchor: Anchor = Anchor.VALUE) -> Span:
        """The span of ``path``; falls back to the nearest located ancestor."""
        for prefix in _prefixes(path):
            entry = self.entries.get(prefix)
            if entry is None:
                continue
            if anchor is Anchor.KEY and entry.key:
                return entry.key
            if anchor is Anchor.HEADER and prefix == path and entry.header:
                return entry.header
            if entry.value or entry.key:
                return entry.value or entry.key  # type: ignore[return-value]  # one of them is set: checked just above
        return self._start()

    def header(self, path: KeyPath) -> Span:
        """Where the table at ``path`` is introduced: its header, or its inline value."""
        for prefix in _prefixes(path):
            entry = self.entries.get(prefix)
            if entry is not None and (entry.header or entry.value):
                return entry.header or entry.value  # type: ignore[return-value]  # one of them is set: checked just above
        return self._start()

    def _start(self) -> Span:
        """Where a finding about the whole file goes: the first thing written in it."""
        for number, line in enumerate(self.text.split("\n"), 1):
            if line.strip():
                start = len(line) - len(line.lstrip()) + 1
                return Span(number, start, number, len(line.rstrip()) + 1)
        return Span(1, 1, 1, 2)


def _prefixes(path: KeyPath) -> Iterator[KeyPath]:
    for end in range(len(path), -1, -1):
        yield path[:end]


class _Scanner:
    def __init__(self, text: str, out: Locations) -> None:
        self.s = text
        self.n = len(text)
        self.i = 0
        self.out = out
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.arrays: dict[KeyPath, int] = {}  # array-of-tables path → element count

    # -- positions ---------------------------------------------------------
    def span(self, start: int, end: int) -> Span:
        line = bisect.bisect_right(self.line_starts, start)
        end_line = bisect.bisect_right(self.line_starts, end)
        return Span(
            line,
            start - self.line_starts[line - 1] + 1,
            end_line,
            end - self.line_starts[end_line - 1] + 1,
        )

    def entry(self, path: KeyPath) -> Entry:
        found = self.out.entries.get(path)
        if found is None:
            found = self.out.entries[path] = Entry(self.line_starts)
        return found

    # -- top level ---------------------------------------------------------
    def run(self) -> None:
        table: KeyPath = ()
        text = self.s
        entries, line_starts, simple_line = self.out.entries, self.line_starts, _SIMPLE_LINE.match
        while True:
            line = simple_line(text, self.i)
            if line is not None:  # the usual line, read in one match
                key = line["key"]
                if key is not None:
                    path = (*table, key)
                    entry = entries.get(path)
                    if entry is None:
                        entry = entries[path] = Entry(line_starts)
                    a, b = line.span("key")
                    c, d = line.span("value")
                    entry._key = (a << _SHIFT) | b
                    entry._value = (c << _SHIFT) | d
                    self.i = line.end()
                    continue
                if len(line["open"]) == len(line["close"]):
                    table = self.simple_header(line)
                    continue
            self.skip_blank(newlines=True)  # a comment, or a line of another form
            if self.i >= self.n:
                return
            if text[self.i] == "[":
                simple = _SIMPLE_HEADER.match(text, self.i)
                if simple is not None and len(simple["open"]) == len(simple["close"]):
                    table = self.simple_header(simple)
                else:
                    table = self.header()
            else:
                simple = _SIMPLE_KEYVAL.match(text, self.i)
                if simple is not None:
                    entry = self.entry((*table, simple["key"]))
                    a, b = simple.span("key")
                    c, d = simple.span("value")
                    entry._key = (a << _SHIFT) | b
                    entry._value = (c << _SHIFT) | d
                    self.i = simple.end()
                else:
                    self.keyval(table)

    def simple_header(self, match: re.Match[str]) -> KeyPath:
        keys = []
        offset = match.start("name")
        for name in match["name"].split("."):
            keys.append((name, offset, offset + len(name)))
            offset += len(name) + 1
        self.i = match.end("close")
        return self.table(keys, len(match["open"]) == 2, match.start("open"))

    def header(self) -> KeyPath:
        start = self.i
        is_array = self.s.startswith("[[", self.i)
        self.i += 2 if is_array else 1
        keys = self.key()
        self.skip_blank()
        self.i += 2 if is_array else 1
        return self.table(keys, is_array, start)

    def table(self, keys: list[tuple[str, int, int]], is_array: bool, start: int) -> KeyPath:
        """The path a header at ``start`` (up to ``self.i``) opens, its parts recorded."""
        header = (start << _SHIFT) | self.i  # spans as packed offsets (see Entry)
        resolved: KeyPath = ()
        for index, (name, a, b) in enumerate(keys):
            resolved = (*resolved, name)
            key_span = (a << _SHIFT) | b
            last = index == len(keys) - 1
            if not last:
                parent = self.entry(resolved)
                if parent._key is None:
                    parent._key = key_span
                if resolved in self.arrays:
                    resolved = (*resolved, self.arrays[resolved] - 1)
                continue
            if is_array:
                array = self.entry(resolved)
                if array._key is None:
                    array._key = key_span
                if array._value is None:
                    array._value = header
                self.out.table_arrays.add(resolved)
                count = self.arrays.get(resolved, 0)
                self.arrays[resolved] = count + 1
                resolved = (*resolved, count)
            element = self.entry(resolved)
            element._key, element._value, element._header = key_span, header, header
        return resolved

    def keyval(self, base: KeyPath) -> None:
        keys = self.key()
        self.skip_blank()
        self.i += 1  # '='
        self.skip_blank()
        path = base
        for index, (name, a, b) in enumerate(keys):
            path = (*path, name)
            entry = self.entry(path)
            if index == len(keys) - 1 or entry._key is None:
                entry._key = (a << _SHIFT) | b
        start = self.i
        self.value(path)
        self.entry(path)._value = (start << _SHIFT) | self.i

    # -- keys --------------------------------------------------------------
    def key(self) -> list[tuple[str, int, int]]:
        parts = []
        while True:
            self.skip_blank()
            start = self.i
            char = self.s[self.i]
            if char == '"':
                self.basic_string()
                name = _unescape(self.s[start + 1 : self.i - 1])
            elif char == "'":
                self.literal_string()
                name = self.s[start + 1 : self.i - 1]
            else:
                self.i = _BARE_KEY.match(self.s, start).end()  # type: ignore[union-attr]  # a starred pattern always matches
                name = self.s[start : self.i]
            parts.append((name, start, self.i))
            self.skip_blank()
            if self.i < self.n and self.s[self.i] == ".":
                self.i += 1
                continue
            return parts

    # -- values ------------------------------------------------------------
    def value(self, path: KeyPath) -> None:
        char = self.s[self.i]
        if char == '"':
            self.basic_string()
        elif char == "'":
            self.literal_string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            self.scalar()

    def array(self, path: KeyPath) -> None:
        self.i += 1
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.s[self.i] == "]":
                self.i += 1
                return
            start = self.i
            element = (*path, index)
            self.value(element)
            self.entry(element)._value = (start << _SHIFT) | self.i
            index += 1
            self.skip_blank(newlines=True)
            if self.s[self.i] == ",":
                self.i += 1

    def inline_table(self, path: KeyPath) -> None:
        opening = self.i
        self.i += 1
        runs: list[tuple[int, int]] = []  # the table's own blanks that hold a newline or a comment
        comma = -1  # the offset of the last comma, while nothing but blanks follows it
        while True:
            self.inline_blank(runs)
            if self.s[self.i] == "}":
                break
            comma = -1
            self.keyval(path)
            self.inline_blank(runs)
            if self.s[self.i] == ",":
                comma = self.i
                self.i += 1
        self.i += 1
        if runs:
            text = self.s
            fixable = not any("#" in text[a:b] for a, b in runs)
            replacements = tuple(
                (a, b, "" if text[b] == "," or (text[b] == "}" and text[a - 1] == "{") else " ") for a, b in runs
            )
            self.construct("multi-line-inline-table", opening, self.i, replacements if fixable else None)
        if comma != -1:
            self.construct("inline-table-trailing-comma", comma, comma + 1, ((comma, comma + 1, ""),))

    def inline_blank(self, runs: list[tuple[int, int]]) -> None:
        start = self.i
        self.skip_blank(newlines=True)
        if self.i > start and ("\n" in self.s[start : self.i] or "#" in self.s[start : self.i]):
            runs.append((start, self.i))

    def construct(self, kind: str, start: int, end: int, replacements: tuple[tuple[int, int, str], ...] | None) -> None:
        self.out.newer.append(Construct(kind, self.span(start, end), self.s[start:end], replacements))

    def scalar(self) -> None:
        start = self.i
        self.i = _SCALAR.match(self.s, start).end()  # type: ignore[union-attr]  # a starred pattern always matches
        if ":" in self.s[start : self.i] and (match := _NO_SECONDS.match(self.s, start, self.i)):
            # `2024-01-01 10:30` arrives here in two calls; the time is the second.
            end = match.end()
            self.construct("time-without-seconds", start, end, ((end, end, ":00"),))
        # A local date-time may separate date and time with one space.
        if (
            _DATE.match(self.s[start : self.i])
            and self.s[self.i : self.i + 1] == " "
            and re.match(r"\d{2}:", self.s[self.i + 1 : self.i + 4])
        ):
            self.i += 1
            self.scalar()

    def basic_string(self) -> None:
        text = self.s
        if text.startswith('"""', self.i):
            self.i += 3
            while True:
                self.i = _MULTI_BODY.match(text, self.i).end()  # type: ignore[union-attr]  # a starred pattern always matches
                if text[self.i] == "\\":
                    self.escape()
                elif text.startswith('"""', self.i):
                    self.i += self._quote_run('"')
                    return
                else:
                    self.i += 1  # one or two quotes inside the string
        self.i += 1
        while True:
            self.i = _BASIC_BODY.match(text, self.i).end()  # type: ignore[union-attr]  # a starred pattern always matches
            if text[self.i] == '"':
                self.i += 1
                return
            self.escape()

    def escape(self) -> None:
        start = self.i
        self.i += 2
        char = self.s[start + 1]
        if char == "x":
            self.i += 2
            self.construct("escape-x", start, self.i, ((start, self.i, "\\u00" + self.s[start + 2 : self.i]),))
        elif char == "e":
            self.construct("escape-e", start, self.i, ((start, self.i, "\\u001b"),))

    def literal_string(self) -> None:
        if self.s.startswith("'''", self.i):
            self.i = self.s.index("'''", self.i + 3)
            self.i += self._quote_run("'")
            return
        self.i = self.s.index("'", self.i + 1) + 1

    def _quote_run(self, quote: str) -> int:
        # A multi-line string may end with up to two quotes before its closing three.
        run = 0
        while self.i + run < self.n and self.s[self.i + run] == quote and run < 5:
            run += 1
        return run

    # -- blanks and comments -------------------------------------------------
    def skip_blank(self, newlines: bool = False) -> None:
        blanks = _BLANKS_AND_NEWLINES if newlines else _BLANKS
        while True:
            self.i = blanks.match(self.s, self.i).end()  # type: ignore[union-attr]  # a starred pattern always matches
            if self.i >= self.n:
                return
            if self.s[self.i] == "#":
                end = self.s.find("\n", self.i)
                end = self.n if end == -1 else end
                line = bisect.bisect_right(self.line_starts, self.i)
                self.out.comments[line] = self.s[self.i + 1 : end].rstrip("\r")
                self.out.comment_columns[line] = self.i - self.line_starts[line - 1] + 1
                self.i = end
            else:
                return


def _unescape(raw: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, code)

    return _ESCAPE.sub(replace, raw)


__all__ = ["NEWER", "Construct", "Entry", "Locations"]
