"""The values that flow between the stages: spans, findings and fixes.

Everything here is immutable: named tuples, which cost a tenth of a frozen
dataclass to define (start-up time is a feature). Rules produce :class:`Hit`
values (what and where, in key-path terms); the engine turns each hit into a
:class:`Finding` by
stamping the rule's code, name and severity and resolving the path to a
:class:`Span`. A rule therefore cannot misreport its own identity or position.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import enum
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

#: A TOML key path: ``("triggers", 2, "configuration", "callbackUrl")``.
KeyPath = tuple[str | int, ...]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Applicability(str, enum.Enum):
    """How safe a fix is, after ruff.

    ``safe`` keeps the meaning the user clearly intended and is applied by
    ``--fix``; ``unsafe`` may change behaviour or delete something and needs
    ``--unsafe-fixes`` as well.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"


class Anchor(str, enum.Enum):
    """Which part of a located entry a hit points at."""

    KEY = "key"  # the key as written (``callbackUrl`` in ``callbackUrl = "…"``)
    VALUE = "value"  # the value, or a table's header
    HEADER = "header"  # the ``[table]`` header that owns the path


class Span(NamedTuple):
    """A 1-based region of the source text.

    Columns count characters (code points), not bytes. ``end_column`` is
    exclusive: it is the column just after the last character, as in LSP and
    SARIF.
    """

    line: int
    column: int
    end_line: int
    end_column: int


# An edit works on a parsed tomlkit document in place. Typed loosely so that
# tomlkit is only imported on the fix path.
Edit = Callable[[Any], None]


class TextEdit(NamedTuple):
    """One replacement in a file's text: what one fix does, as an editor
    (LSP), SARIF or a review tool applies it. ``span`` is in the original
    text; ``new_text`` replaces it (empty: a deletion; an empty span: an
    insertion)."""

    span: Span
    new_text: str


class Fix(NamedTuple):
    """A proposed change. ``edit`` mutates a tomlkit document; ``message`` is the
    ``help:`` text ("Replace `http://` with `https://`"). Two fixes are equal
    when they say and touch the same thing, whatever their edit closures."""

    message: str
    applicability: Applicability
    edit: Edit
    #: Key paths the edit writes to; two fixes that share one conflict.
    touches: tuple[KeyPath, ...] = ()

    def _identity(self) -> tuple[Any, ...]:
        return (self.message, self.applicability, self.touches)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fix) and self._identity() == other._identity()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._identity())

    def __repr__(self) -> str:
        return f"Fix(message={self.message!r}, applicability={self.applicability!r}, touches={self.touches!r})"


class Hit(NamedTuple):
    """What a rule reports: a path, a message, where to point, an optional fix."""

    path: KeyPath
    message: str
    anchor: Anchor = Anchor.VALUE
    fix: Fix | None = None
    #: Overrides the located span (used for syntax errors and whole-file problems).
    span: Span | None = None
    #: Overrides the rule's severity for this hit (a rule whose finding is an
    #: error when the platform misreads the value, a warning when it reads it
    #: as meant); the user's `severity` setting still wins.
    severity: Severity | None = None
    #: Whether this hit replaces the generic rules' hits at its path (a rule
    #: that checks a misspelt key's value leaves `unknown-key` to name it).
    shadows: bool = True


class Finding(NamedTuple):
    """One reported problem. This is the public diagnostic type (immutable;
    a named tuple, because a class per value type costs start-up time)."""

    path: str  # file path as given
    platform: str | None
    rule: str  # e.g. "duplicate-trigger-id"
    code: str  # e.g. "TC101"
    severity: Severity
    message: str
    key: str  # TOML key path rendered, e.g. "triggers[2].configuration.callbackUrl"
    span: Span
    fix: Fix | None = None
    #: The span holds a credential: a report that shows the source masks it
    #: (the message already shows only its first characters).
    redact: bool = False

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def __reduce__(self) -> tuple[Any, ...]:
        # Workers send findings back by the thousand: one flat tuple each,
        # rebuilt by one call (a named tuple, a span and two enums each, the
        # default way: four calls, one of them the slow Enum constructor).
        fix = self.fix
        return (
            _rebuild,
            (
                self.path,
                self.platform,
                self.rule,
                self.code,
                self.severity.value,
                self.message,
                self.key,
                *self.span,
                None if fix is None else (fix.message, fix.applicability.value, fix.edit, fix.touches),
                self.redact,
            ),
        )

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (see ``docs/json-output.md``)."""
        return {
            "path": self.path,
            "platform": self.platform,
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "key": self.key,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "fix": None
            if self.fix is None
            else {"applicability": self.fix.applicability.value, "message": self.fix.message},
        }


_SEVERITIES = {s.value: s for s in Severity}
_APPLICABILITIES = {a.value: a for a in Applicability}


def _rebuild(
    path: str,
    platform: str | None,
    rule: str,
    code: str,
    severity: str,
    message: str,
    key: str,
    line: int,
    column: int,
    end_line: int,
    end_column: int,
    fix: tuple[str, str, Edit, tuple[KeyPath, ...]] | None,
    redact: bool,
) -> Finding:
    """A finding from the flat tuple of :meth:`Finding.__reduce__` (named
    tuples built as tuples: their ``__new__`` only sorts arguments)."""
    return _new(
        Finding,
        (
            path,
            platform,
            rule,
            code,
            _SEVERITIES[severity],
            message,
            key,
            _new(Span, (line, column, end_line, end_column)),
            None if fix is None else _new(Fix, (fix[0], _APPLICABILITIES[fix[1]], fix[2], fix[3])),
            redact,
        ),
    )


_new = tuple.__new__


@lru_cache(maxsize=4096)  # the same paths in file after file (`triggers[3].configuration.timeout`)
def render_path(path: KeyPath) -> str:
    """``("triggers", 2, "configuration")`` → ``triggers[2].configuration``.

    Keys that are not bare TOML keys are quoted, so the result can be pasted
    back into a TOML file.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = part if _is_bare(part) else '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
        out += text if not out else "." + text
    return out


def _is_bare(key: str) -> bool:
    return _BARE.fullmatch(key) is not None


_BARE = re.compile(r"[A-Za-z0-9_-]+")
