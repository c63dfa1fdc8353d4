"""What an editor asks of the engine, in the engine's own terms (1-based
lines, columns in characters): the findings of an unsaved text, with the
cross-file rules run over the whole workspace; each fix as minimal text
edits; "fix all"; a suppression comment; hover documentation for a key and
for a rule. ``server.py`` only translates this to and from the Language
Server Protocol; nothing here imports pygls.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .config import ConfigError, Options, Resolver
from .diagnostics import Finding, KeyPath, Span, TextEdit
from .discover import _search
from .engine import ProjectInput, check_bytes, check_project, context_of, facts_of
from .platforms import BY_FILENAME, PLATFORMS, Platform

_DIRECTIVE = re.compile(r"(?m)^\s*#:schema\s+(\S+)")
CONFIG_NAMES = frozenset({"pyproject.toml", "triggercfg.toml", ".triggercfg.toml"})


def platform_of(path: str, text: str) -> Platform | None:
    """The platform of a document: its file name, or a `#:schema` directive naming our schema."""
    chosen = BY_FILENAME.get(os.path.basename(path))
    if chosen is not None:
        return chosen
    for match in _DIRECTIVE.finditer(text[:4096]):
        for platform in PLATFORMS.values():
            if match.group(1).endswith(platform.schema_filename) or match.group(1) == platform.schema_id:
                return platform
    return None


#: How many unopened files' contexts the workspace keeps for the messages of
#: the cross-file rules (a message names a line of another file).
CONTEXTS_KEPT = 8


class Workspace:
    """The config files of the editor's workspace folders, for the cross-file
    rules: what each one's facts are, from the unsaved text of open documents
    and from disk for the rest. A file on disk is read again only when its
    size or modification time changes; its facts, and the few contexts a
    message needs, are kept meanwhile.

    The configuration of each file is found as the command line finds it. A
    broken configuration file is kept in ``config_error``, and each file keeps
    the options it last had (the last configuration that loaded); a file never
    checked before gets the defaults."""

    def __init__(self, roots: list[str]) -> None:
        self.roots = [os.path.abspath(r) for r in roots]
        self.resolver = Resolver()
        self.config_error: ConfigError | None = None
        self.open: dict[str, str] = {}  # path -> unsaved text
        #: path -> (platform, facts, what they were read from: (size, mtime) or None for unsaved text)
        self._facts: dict[str, tuple[Platform, dict[str, Any] | None, Any]] = {}
        self._options: dict[str, Options] = {}  # path -> its options under this configuration
        self._good: dict[str, Options] = {}  # path -> the last options a configuration that loaded gave it
        self._contexts: dict[str, tuple[Any, Any]] = {}  # path -> (stamp, context), least recently used first
        self.indexed = 0  # files read from disk (what the tests count)
        self.located = 0  # other files read again and located for a message (what the tests count)
        for root in self.roots:
            found, _ = _search(root)
            for path in found:
                self.refresh(path)

    def options(self, path: str) -> Options:
        """``path``'s options (its per-file ignores applied), found once per
        configuration. With a broken configuration: the options it last had,
        else the defaults."""
        known = self._options.get(path)
        if known is not None:
            return known
        try:
            options = self.resolver.for_path(path)
            self._good[path] = options
        except ConfigError as exc:
            self.config_error = exc
            options = self._good.get(path, Options())
        self._options[path] = options
        return options

    @property
    def config_fallback(self) -> str:
        """What the files use while the configuration is broken, in words."""
        return "the last configuration that loaded" if self._good else "the defaults"

    def is_configuration(self, path: str) -> bool:
        """Whether a change to ``path`` changes the configuration: a file of
        that name, or one that a configuration file extends."""
        if os.path.basename(path) in CONFIG_NAMES or self.resolver.extends(path):
            return True
        broken = self.config_error.location if self.config_error is not None else None
        return broken is not None and os.path.realpath(broken[0]) == os.path.realpath(path)

    def reload_configuration(self) -> None:
        """Find every file's configuration again (a configuration file changed)."""
        self.resolver = Resolver()
        self.config_error = None
        self._options.clear()
        self._contexts.clear()
        for path in list(self._facts):
            self.refresh(path, force=True)

    def refresh(self, path: str, *, force: bool = False) -> None:
        """Read ``path`` again (its unsaved text when it is open), unless it
        is on disk and unchanged since it was read (``force``: read it anyway)."""
        path = os.path.abspath(path)
        platform = BY_FILENAME.get(os.path.basename(path))
        text = self.open.get(path)
        if platform is None and text is not None:
            platform = platform_of(path, text)
        if platform is None:
            return
        stamp = None
        if text is not None:
            data = text.encode("utf-8")
        else:
            try:
                stamp = _stamp(path)
                known = self._facts.get(path)
                if not force and known is not None and known[2] == stamp:
                    return  # unchanged on disk
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                self._facts.pop(path, None)  # deleted, or unreadable: nothing to compare
                return
            self.indexed += 1
        options = self.options(path)
        if options.excluded(path):
            self._facts.pop(path, None)
            return
        self._facts[path] = (platform, facts_of(path, data, platform, options), stamp)

    def forget(self, path: str) -> None:
        path = os.path.abspath(path)
        self._facts.pop(path, None)
        self._contexts.pop(path, None)

    def _context_of(self, path: str) -> Any:
        """Another file of the workspace, located, for a message that names
        one of its lines: kept while its text (open) or size and modification
        time (on disk) stay the same."""
        text = self.open.get(path)
        try:
            stamp = ("text", hash(text)) if text is not None else _stamp(path)
        except OSError:
            return None
        kept = self._contexts.pop(path, None)
        if kept is not None and kept[0] == stamp:
            self._contexts[path] = kept  # now the most recently used
            return kept[1]
        try:
            data = text.encode("utf-8") if text is not None else Path(path).read_bytes()
        except OSError:
            return None
        self.located += 1
        made = context_of(path, data, self._facts[path][0], self.options(path))
        ctx = made if hasattr(made, "locations") else None  # None: no longer valid TOML
        self._contexts[path] = (stamp, ctx)
        while len(self._contexts) > CONTEXTS_KEPT:
            del self._contexts[next(iter(self._contexts))]
        return ctx

    def findings(self, path: str, text: str) -> tuple[Platform | None, tuple[Finding, ...], Any]:
        """The findings of the document at ``path`` holding ``text`` (unsaved),
        and its source (for positions)."""
        path = os.path.abspath(path)
        platform = platform_of(path, text)
        if platform is None:
            return None, (), None
        options = self.options(path).for_file(path)
        data = text.encode("utf-8")
        report = check_bytes(path, data, platform, options, facts=True)
        findings = list(report.findings)
        if report.facts:
            self._facts[path] = (platform, report.facts, None)
            inputs = [ProjectInput(path, path, platform, report.facts, options)]
            for other, (other_platform, facts, _) in self._facts.items():
                if other != path and facts:  # compared; only this document's findings are wanted
                    inputs.append(
                        ProjectInput(other, other, other_platform, facts, self.options(other), reported=False)
                    )
            if len(inputs) > 1:

                def reread(name: str) -> Any:
                    return report.context if name == path else self._context_of(name)

                cross = check_project(inputs, options, reread)
                if path in cross:
                    findings.extend(cross[path][0])
        findings.sort(key=Finding.sort_key)
        return platform, tuple(findings), report.source


def _stamp(path: str) -> tuple[int, int]:
    """What says a file on disk changed: its size and modification time."""
    found = os.stat(path)
    return found.st_size, found.st_mtime_ns


# -- fixes -------------------------------------------------------------------------------------------


class Action(NamedTuple):
    title: str
    finding: Finding | None
    edits: tuple[TextEdit, ...]
    kind: str  # "quickfix", "source.fixAll" or "quickfix.ignore"
    preferred: bool = False


def fix_actions(path: str, text: str, options: Options, platform: Platform) -> list[Action]:
    """One quick fix per fixable finding (safe ones preferred; unsafe ones
    say so), each as the minimal edits of that fix alone."""
    from .diagnostics import Applicability
    from .fixer import text_edits

    actions = []
    for finding, edits in text_edits(path, text.encode("utf-8"), platform, options, unsafe=True):
        assert finding.fix is not None
        safe = finding.fix.applicability is Applicability.SAFE
        title = f"{finding.fix.message} ({finding.rule})" + ("" if safe else " — unsafe fix")
        actions.append(Action(title, finding, edits, "quickfix", preferred=safe))
    return actions


def fix_all(path: str, text: str, options: Options, platform: Platform) -> Action | None:
    """Every safe fix at once (several rounds, as `--fix` does), as minimal edits."""
    from .fixer import _minimal, fix_bytes

    outcome = fix_bytes(path, text.encode("utf-8"), platform, options, unsafe=False, facts=False)
    if not outcome.changed:
        return None
    new = outcome.fixed.decode("utf-8").removeprefix("\ufeff")
    count = len(outcome.applied)
    return Action(f"Fix all safe problems ({count})", None, _minimal(text, new), "source.fixAll")


def ignore_action(text: str, finding: Finding) -> Action | None:
    """`# triggercfg: ignore[rule]` for this finding (on its line, or its table's header)."""
    from .fixer import _minimal
    from .suppress import add_ignores

    new, added, _ = add_ignores(text.encode("utf-8"), [finding])
    if not added:
        return None
    return Action(
        f"Ignore `{finding.rule}` on this line",
        finding,
        _minimal(text, new.decode("utf-8").removeprefix("\ufeff")),
        "quickfix.ignore",
    )


def ignore_all_action(text: str, findings: tuple[Finding, ...] | list[Finding]) -> Action | None:
    """A suppression comment for every finding of the file (what `check
    --add-ignore` writes), as minimal edits; None when none can be added."""
    from .fixer import _minimal
    from .suppress import add_ignores

    new, added, _ = add_ignores(text.encode("utf-8"), findings)
    if not added:
        return None
    count = sum(1 for f in findings if f.rule != "unused-suppression")
    return Action(
        f"Ignore every finding in this file ({count})",
        None,
        _minimal(text, new.decode("utf-8").removeprefix("\ufeff")),
        "source.ignoreAll",
    )


# -- what the platform reads (hover and inlay hints) ---------------------------------------------------


class ReadValue(NamedTuple):
    """A value the platform's CLI reads other than as written, or a default it applies."""

    path: KeyPath  # the key path as written in the file
    span: Span  # the value (for a default: the header or key of the table it belongs to)
    label: str  # what the CLI reads, as TOML ("30", "[\"a\", \"b\"]")
    note: str  # how, in words
    #: For a default the platform applies: the key it applies to (unset in the file).
    default_key: str | None = None


def read_values(path: str, text: str, platform: Platform, options: Options) -> list[ReadValue]:
    """Each value of ``text`` the CLI converts, fills in or reads from another
    spelling, and each default that bounds an async run (the decode stage's
    own account, located in the text)."""
    from .edits import toml_value
    from .effective_config import effective
    from .locate import Locations

    result = effective(text, platform.name, path=path, options=options)
    if not result.accepted or result.read is None:
        return []
    locations = Locations(text)
    out = []
    for where, origin in result.origins.items():
        if not origin.source or not origin.how or origin.source not in locations.entries:
            continue
        value = _get(result.read, where)
        if isinstance(value, dict):
            continue
        out.append(ReadValue(origin.source, locations.span(origin.source), toml_value(value), origin.how))
    for where, default in result.default_notes.items():
        assert result.reading is not None
        written = _written(result.reading.where(where[:-1]), locations.entries)
        out.append(
            ReadValue(
                written,
                locations.header(written),
                toml_value(default.value),
                f"`{where[-1]}` not set: {default.why}",
                str(where[-1]),
            )
        )
    return sorted(out, key=lambda r: (r.span.line, r.span.column))


def _get(node: Any, where: KeyPath) -> Any:
    for part in where:
        node = node[part]
    return node


def _written(table: KeyPath, entries: Mapping[KeyPath, object]) -> KeyPath:
    """The written table ``table``, or its nearest ancestor the file has (a header to put a hint on)."""
    for end in range(len(table), 0, -1):
        if table[:end] in entries:
            return table[:end]
    return ()


# -- hover ---------------------------------------------------------------------------------------------


def key_at(text: str, line: int, column: int) -> tuple[Any, Span] | None:
    """The key path whose key (or table header) is under (line, column), 1-based."""
    from .locate import Locations

    locations = Locations(text)
    best = None
    for path, entry in locations.entries.items():
        for span in (entry.key, entry.header):
            if span is not None and _inside(span, line, column) and (best is None or len(path) > len(best[0])):
                best = (path, span)
    return best


def _inside(span: Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) < (span.end_line, span.end_column) or (
        (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column) and span.end_column == column
    )


def key_reading(path: str, text: str, platform: Platform, key: KeyPath) -> tuple[KeyPath, str | None]:
    """Where the platform reads the key written at ``key`` (its canonical path:
    `[Cerebrium.Scaling] cooldown` is `cerebrium.scaling.cooldown`), and, when
    it ignores the key, why (the decode stage's account, as `show` gives it)."""
    from .engine import FileReport

    ctx = context_of(path, text.encode("utf-8"), platform, Options())
    if isinstance(ctx, FileReport):
        return key, None  # not TOML
    entry = ctx.reading.written(key)
    if entry is None:
        return key, None
    ignored = next((e.ignored for e in ctx.reading.ignored() if key[: len(e.written)] == e.written), None)
    if ignored is None:
        return entry.path, None
    word = platform.name.capitalize()
    return (
        entry.path,
        f"{word} {'ignores' if ignored.certain else 'may ignore'} this {_what(entry.value)}: {ignored.why}",
    )


def _what(value: Any) -> str:
    return (
        "table"
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict))
        else "key"
    )


def key_documentation(platform: Platform, path: KeyPath) -> str | None:
    """The key's documentation from the models (via the generated schema:
    type, default, limits, deprecation)."""
    node = _find(_schema(platform.name), tuple(path))
    if node is None:
        return None
    text = node.get("markdownDescription") or node.get("description")
    if not text:
        return None
    facts = []
    kind = node.get("type") or ("one of " + ", ".join(f"`{v}`" for v in node["enum"]) if "enum" in node else None)
    if kind:
        facts.append(f"Type: {kind if isinstance(kind, str) else ' or '.join(kind)}")
    for key, word in (
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("exclusiveMinimum", "more than"),
        ("maxLength", "at most this many characters:"),
    ):
        if key in node:
            facts.append(f"{word} {node[key]}")
    name = ".".join(str(p) for p in path if not isinstance(p, int))
    head = f"**`{name}`** ({platform.filename})"
    return f"{head}\n\n{text}" + ("\n\n" + " · ".join(facts) if facts else "")


_SCHEMAS: dict[str, Any] = {}


def _schema(name: str) -> Any:
    if name not in _SCHEMAS:
        import json

        _SCHEMAS[name] = json.loads(PLATFORMS[name].installed_schema().read_text(encoding="utf-8"))
    return _SCHEMAS[name]


def _find(node: Any, path: KeyPath) -> Any:
    """The schema node at ``path``, trying each branch of a `oneOf`/`anyOf`
    (the `http-async` branch of a trigger holds `callbackUrl`)."""
    if not isinstance(node, dict):
        return None
    if not path:
        return node
    step, rest = path[0], path[1:]
    for branch in (node, *node.get("oneOf", ()), *node.get("anyOf", ())):
        if not isinstance(branch, dict):
            continue
        if isinstance(step, int):
            child = branch.get("items")
        else:
            child = (branch.get("properties") or {}).get(step)
            if child is None and isinstance(branch.get("additionalProperties"), dict):
                child = branch["additionalProperties"]
        found = _find(child, rest) if child is not None else None
        if found is not None:
            return found
    return None


def rule_documentation(name: str) -> str:
    from .docs import rule_markdown
    from .rules import get_rule, rule_url

    rule = get_rule(name)
    assert rule is not None
    return rule_markdown(rule) + f"\n[Documentation]({rule_url(rule)})"
