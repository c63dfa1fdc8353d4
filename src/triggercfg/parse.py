"""Parse stage: text → plain data, read with the TOML version its platform's
CLI reads, or a syntax problem with a position.

- A Blaxel file is TOML 1.1 (the Blaxel CLI's parser reads 1.1).
- A Cerebrium file is TOML 1.0, plus the ``\\e`` escape (``Platform.toml_extras``),
  which the Cerebrium CLI's parser accepts. A Cerebrium file that only TOML 1.1
  can read is still read, so that every other rule can check it, and the
  constructs the CLI refuses come back in ``Parsed.newer``: the ``toml-syntax``
  rule reports each at its place, with the rewrite into TOML 1.0 as its fix.

The parser is toml-rs (the Rust ``toml`` crate), asked for one exact TOML
version, so that no verdict depends on the running Python's ``tomllib`` (which
reads TOML 1.1 from Python 3.15 on). README.md, "Dependencies", says why this
parser and what it costs.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from .diagnostics import Span
from .source import ReadProblem

if TYPE_CHECKING:  # pragma: no cover
    from .locate import Construct, Locations
else:  # locate is imported on first use: Parsed's fields are typed for the checker only
    Construct = Locations = Any

TOO_DEEP = "values are nested too deeply to check (arrays or tables inside each other, hundreds of levels)"

#: Deeper nesting than this is refused before the parser sees it: the Rust
#: parser recurses without a limit and would overflow the stack (a crash, not
#: an error) somewhere past a few thousand levels; a configuration file nests
#: a handful.
MAX_DEPTH = 128

# Patterns of the error path are compiled on first use (re caches them), so a
# file that parses never pays for them.
_AT = r"^TOML parse error at line (\d+), column (\d+)"
_BRACKETS = r"[^\[\]{}]+"


class Parsed(NamedTuple):
    data: dict[str, Any]
    #: TOML 1.1 constructs that the platform's CLI refuses (a Cerebrium file
    #: written in TOML 1.1), in the order of the text; empty for almost every file.
    newer: tuple[Construct, ...] = ()
    #: The scan that found them, for the rules to reuse.
    locations: Locations | None = None


_loads: Any = None


def _loader() -> Any:
    """toml-rs's parse function, from its extension module alone (see
    :mod:`triggercfg._extension`: the package's wrapper imports pathlib and
    typing helpers that a check never needs; start-up time is a feature)."""
    global _loads
    from ._extension import extension

    _loads = extension("toml_rs", "_toml_rs")._loads
    return _loads


def parse(text: str, toml: str = "1.1.0", extras: frozenset[str] = frozenset()) -> Parsed | ReadProblem:
    """Read ``text`` as TOML version ``toml`` ("1.1.0" or "1.0.0"), accepting
    besides the TOML 1.1 constructs named in ``extras``."""
    if (text.count("[") + text.count("{") > MAX_DEPTH) and _too_deep(text):
        return ReadProblem(TOO_DEEP, Span(1, 1, 1, 2))
    if text.startswith("\ufeff"):  # the parser would skip it; the text arrives without the file's own
        return ReadProblem("invalid TOML: a second byte-order mark (U+FEFF) at the start of the file", Span(1, 1, 1, 2))
    loads = _loads or _loader()
    try:
        data = loads(text, parse_float=float, toml_version=toml)
    except ValueError as exc:
        if toml == "1.1.0":
            return _problem(exc, text, toml)
        return _newer(text, toml, extras, exc, loads)
    problem = _too_large(text, data)  # a walk of the data costs less than a regex over the text
    if problem is not None:
        return problem
    return Parsed(data)


def _newer(text: str, toml: str, extras: frozenset[str], first: ValueError, loads: Any) -> Parsed | ReadProblem:
    """A file the older TOML refuses: if TOML 1.1 reads it, the constructs
    that make the difference (all of them accepted in ``extras``: the file is
    fine); otherwise the first real error."""
    try:
        data = loads(text, parse_float=float, toml_version="1.1.0")
    except ValueError as exc:
        # The older grammar stops at the first 1.1 construct, the newer at the
        # first real error: report the earlier, unless it is one the platform accepts.
        older, newer = _position(first), _position(exc)
        if older < newer and _construct_at(text, older) not in extras:
            return _problem(first, text, toml)
        return _problem(exc, text, toml)
    from .locate import Locations

    locations = Locations(text)
    refused = tuple(sorted((c for c in locations.newer if c.kind not in extras), key=lambda c: c.span))
    if not refused:
        if any(c.kind in extras for c in locations.newer):
            return Parsed(data, (), locations)
        return _problem(first, text, toml)  # not a difference this scan knows: the parser's word
    return Parsed(data, refused, locations)


def _position(exc: ValueError) -> tuple[int, int]:
    match = re.match(_AT, _message(exc))
    return (int(match.group(1)), int(match.group(2))) if match else (1, 1)


def _inside(text: str, line: int, column: int) -> tuple[int, int]:
    """The position clamped into the text (the parser may point one past its end)."""
    rows = text.split("\n")
    line = min(max(line, 1), len(rows))
    return line, min(max(column, 1), len(rows[line - 1].rstrip("\r")) + 1)


def _backslash(text: str, line: int, column: int) -> int:
    """The column of an escape's backslash: the parser points at the letter after it."""
    rows = text.split("\n")
    row = rows[line - 1] if 0 < line <= len(rows) else ""
    return column - 1 if column > 1 and row[column - 2 : column - 1] == "\\" else column


def _message(exc: ValueError) -> str:
    return str(getattr(exc, "msg", None) or (exc.args[0] if exc.args else exc))


def _construct_at(text: str, position: tuple[int, int]) -> str | None:
    """The TOML 1.1 construct that the older grammar stopped at, judged from the text there."""
    line, column = position
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    at = lines[line - 1][_backslash(text, line, column) - 1 :]
    if at.startswith("\\x"):
        return "escape-x"
    if at.startswith("\\e"):
        return "escape-e"
    return None


def _problem(exc: ValueError, text: str, toml: str) -> ReadProblem:
    full = _message(exc)
    lines = full.split("\n")
    line, column = _inside(text, *_position(exc))
    # toml-rs: "TOML parse error at line L, column C", the source line and a caret, then the reason.
    reason = " ".join(part.strip() for part in lines[4:] if part.strip()) or lines[0]
    if reason.startswith("missing escaped value"):
        column = _backslash(text, line, column)
    message = _explain(reason, text, line, column, toml)
    span = Span(line, column, line, column + 1)
    if reason == "duplicate key":
        key, span = _defined_key(text, line, span)
        if key and key.startswith("["):
            message = f"table `{key}` is already defined (a table can be defined only once)"
        elif key:
            message = f"`{key}` is already defined (a key can be set only once per table)"
    if not message.startswith("invalid"):
        message = f"invalid TOML: {message}"
    return ReadProblem(message, span)


_REFUSED_11 = "is TOML 1.1; the Cerebrium CLI reads TOML 1.0 and refuses the file"


def _explain(reason: str, text: str, line: int, column: int, toml: str) -> str:
    """The parser's reason in the words of the file's author."""
    lines = text.split("\n")
    row = lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""
    rest = row[column - 1 :]
    if toml == "1.0.0":  # the constructs of TOML 1.1, where the parser stopped at them
        if reason.startswith("trailing commas are not supported in inline tables"):
            return f"a trailing comma in an inline table {_REFUSED_11}: remove the comma"
        if reason.startswith("newlines are unsupported in inline tables"):
            return f"an inline table written over several lines {_REFUSED_11}: write it on one line"
        if reason.startswith("invalid time, expected `:` (MM:SS)"):
            return f"a time without seconds {_REFUSED_11}: add `:00`"
        if rest.startswith("\\x"):
            return f"the escape `{rest[:4]}` {_REFUSED_11}: write it as `\\u00{rest[2:4]}`"
    if reason.startswith(("invalid basic string", "invalid literal string")) and not rest.strip():
        return "the line ends inside a string (is a closing quote missing?)"
    if reason.startswith("missing escaped value"):
        valid = '\\b \\t \\n \\f \\r \\" \\\\ \\uXXXX \\UXXXXXXXX'
        if toml == "1.1.0":
            valid += " \\e \\xHH"
        return f"invalid escape `{rest[:2]}` in a string (the escapes are {valid})"
    if reason.startswith("string values must be quoted") and not rest.split("#", 1)[0].strip():
        return "a value is missing after `=`"
    return reason


_KEY = r"^(\s*)(\[{1,2})?\s*([A-Za-z0-9_.\s-]+|\"[^\"]*\"|'[^']*')"


def _defined_key(text: str, line: int, fallback: Span) -> tuple[str | None, Span]:
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None, fallback
    row = lines[line - 1]
    match = re.match(_KEY, row)
    if not match:
        return None, fallback
    name = match.group(3).strip()
    if match.group(2):  # a table header: the whole header
        end = row.find("]", match.end(3))
        end = len(row.rstrip()) if end == -1 else end + len(match.group(2))
        start = len(match.group(1)) + 1
        return row[start - 1 : end].strip(), Span(line, start, line, end + 1)
    name = re.split(r"\s*[.=]", name, maxsplit=1)[0].strip() if not name.startswith(('"', "'")) else name
    start = len(match.group(1)) + 1
    return name, Span(line, start, line, start + len(name))


def _too_deep(text: str) -> bool:
    """Whether brackets and braces nest deeper than ``MAX_DEPTH``. Pairs
    written next to each other are cancelled in passes (C string operations:
    a 20,000-trigger file takes a few of them); only a file that nests deep,
    or leaves brackets open, has its strings and comments told apart."""
    brackets = re.sub(_BRACKETS, "", text)
    for _ in range(MAX_DEPTH):
        shorter = brackets.replace("[]", "").replace("{}", "")
        if shorter == brackets:
            break
        brackets = shorter
    if not brackets:
        return False
    return _depth(text) > MAX_DEPTH


_TOKEN = r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'


def _depth(text: str) -> int:
    depth = deepest = 0
    for match in re.finditer(_TOKEN, text, re.DOTALL):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth = max(depth - 1, 0)
    return deepest


_INT64 = (-(2**63), 2**63 - 1)


def _too_large(text: str, data: dict[str, Any]) -> ReadProblem | None:
    """An integer outside 64 bits, which the platforms' parsers refuse (TOML
    requires them to), at its place."""
    if not _any_large(data):
        return None
    found = _large(data, ())
    if found is None:  # pragma: no cover  # the two walks agree
        return None
    path, value = found
    from .locate import Locations

    span = Locations(text).span(path)
    return ReadProblem(
        f"invalid TOML: the integer {value} does not fit in 64 bits (TOML integers run from "
        f"-9223372036854775808 to 9223372036854775807)",
        span,
    )


def _any_large(node: Any) -> bool:
    """Whether an integer outside 64 bits is anywhere in ``node`` (no paths
    built: most files have none, and this walk costs a third of the one below)."""
    low, high = _INT64
    values: Any = node.values() if type(node) is dict else node
    for value in values:
        kind = type(value)
        if kind is int:
            if not low <= value <= high:
                return True
        elif (kind is dict or kind is list) and _any_large(value):
            return True
    return False


def _large(node: Any, path: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], int] | None:
    if isinstance(node, dict):
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return None
    for key, value in items:
        if type(value) is int and not _INT64[0] <= value <= _INT64[1]:
            return (*path, key), value
        if isinstance(value, (dict, list)):
            found = _large(value, (*path, key))
            if found is not None:
                return found
    return None
