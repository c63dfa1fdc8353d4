"""The pipeline for one file (read → parse → locate → validate → lint) and the
cross-file pass. Produces findings; never prints.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import bisect
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from .config import Options
from .diagnostics import Anchor, Finding, Fix, Hit, KeyPath, Severity, Span, render_path
from .parse import parse
from .platforms import Platform
from .rules import Context, ProjectFile, Rule, file_rules, get_rule, load, project_rules
from .source import ReadProblem, Source, decode

if TYPE_CHECKING:  # pragma: no cover
    from .locate import Locations

#: Compiled on first use: most files hold no suppression comment.
_SUPPRESS = r"(?i)triggercfg:\s*ignore(-file)?(?:\[([^\]]*)\])?"


class FileReport(NamedTuple):
    """What checking one file produced (internal; the API wraps it)."""

    path: str
    platform: Platform
    findings: tuple[Finding, ...]
    source: Source | None = None
    context: Context | None = None
    #: What each cross-file rule took from this file (by rule name), for the project pass.
    facts: dict[str, Any] | None = None


def check_bytes(path: str, data: bytes, platform: Platform, options: Options, *, facts: bool = True) -> FileReport:
    """Check one file. ``facts``: also collect what the cross-file rules compare
    (a one-file run has nothing to compare them with)."""
    ctx = context_of(path, data, platform, options)
    if isinstance(ctx, FileReport):
        return ctx  # the file is not TOML
    hits: list[tuple[Rule, Hit]] = []
    # Every rule runs, so that a disabled specific rule still shadows the
    # generic model finding on the same key; disabled hits are dropped later.
    try:
        for rule in file_rules(platform.name):
            for hit in rule.check(ctx):  # type: ignore[misc]  # a Rule's check is a Callable field the dataclass cannot type as a method
                hits.append((rule, hit))
    except RecursionError:  # nesting that the parser accepted but a rule's walk cannot follow
        from .parse import TOO_DEEP

        return FileReport(path, platform, (_syntax_finding(path, platform, ReadProblem(TOO_DEEP, Span(1, 1, 1, 2))),))
    collected = _facts(ctx) if facts else None
    return FileReport(path, platform, tuple(_finish(ctx, hits)), ctx.source, ctx, collected)


def facts_of(path: str, data: bytes, platform: Platform, options: Options) -> dict[str, Any] | None:
    """Only what the cross-file rules compare, for a file that is not being
    checked itself (another config file of the repository): parsed, never
    validated or linted."""
    ctx = context_of(path, data, platform, options)
    return None if isinstance(ctx, FileReport) else _facts(ctx)


#: The facts key under which a file lists the cross-file rules its suppressions name.
SUPPRESSES = "#suppresses"


def _facts(ctx: Context) -> dict[str, Any] | None:
    collected: dict[str, Any] = {}
    for rule in project_rules():
        if ctx.platform.name in rule.platforms and ctx.options.enabled(rule.name, rule.code):
            fact = rule.facts(ctx)  # type: ignore[misc]  # a Rule's facts is a Callable field the dataclass cannot type as a method
            if fact is not None:
                collected[rule.name] = fact
    if collected and "triggercfg" in ctx.source.text:
        # suppressions of cross-file rules are judged (used or not) in the project pass
        named = {name for d in _directives(ctx) for name in d.names or ()}
        rules = {r.name for r in project_rules() if r.name in named or r.code in {n.upper() for n in named}}
        if rules:
            collected[SUPPRESSES] = sorted(rules)
    return collected or None


def context_of(path: str, data: bytes, platform: Platform, options: Options) -> Context | FileReport:
    """Read and parse: the context the rules see, or the report of a file that is not TOML."""
    source = decode(data)
    if isinstance(source, ReadProblem):
        return FileReport(path, platform, (_syntax_finding(path, platform, source),))
    parsed = parse(source.text, platform.toml, platform.toml_extras)
    if isinstance(parsed, ReadProblem):
        return FileReport(path, platform, (_syntax_finding(path, platform, parsed),), source)
    ctx = Context(path, platform, source, parsed.data, options)
    if parsed.locations is not None:
        ctx.newer = parsed.newer
        ctx.__dict__["locations"] = parsed.locations  # already scanned
    return ctx


class ProjectInput(NamedTuple):
    """A checked file, as the project pass needs it."""

    path: str  # as shown
    disk_path: str
    platform: Platform
    facts: dict[str, Any]
    options: Options = Options()  # the file's own (its suppressions and rule choices)
    #: False for a file only compared: nothing is reported on it, so it is
    #: read again only when a message names one of its lines.
    reported: bool = True


def check_project(
    files: list[ProjectInput], options: Options, reread: Callable[[str], Context | None]
) -> dict[str, tuple[list[Finding], Source]]:
    """Run the cross-file rules over the facts each file's check collected.

    Returns the new findings (and the text they point into) by path, for the
    files that are ``reported``; the others are only compared. Only the few
    files that get a finding, or whose line a message names, are read again
    (``reread``) and located: linear in the number of files, and no file's
    text is kept in memory meanwhile.
    """
    if len(files) < 2:
        return {}  # every cross-file rule compares two files or more
    contexts: dict[str, Context | None] = {}

    def context(path: str) -> Context | None:
        if path not in contexts:
            contexts[path] = reread(path)
        return contexts[path]

    hits: dict[str, list[tuple[Rule, Hit]]] = {}
    reported = {f.path for f in files if f.reported}
    ran: set[str] = set()  # the cross-file rules that compared two files or more
    for rule in project_rules():
        if not options.enabled(rule.name, rule.code):
            continue
        chosen = [
            ProjectFile(f.path, f.disk_path, f.platform.name, f.facts[rule.name], f.reported)
            for f in files
            if rule.name in f.facts
        ]
        if len(chosen) < 2:
            continue
        ran.add(rule.name)
        for path, hit in rule.check_project(chosen, context):  # type: ignore[misc]  # a Rule's check_project is a Callable field the dataclass cannot type as a method
            if path in reported:
                hits.setdefault(path, []).append((rule, hit))
    judged: dict[str, set[str]] = {}
    for f in files:  # a file whose suppressions name a rule that ran: judged, hits or not
        if not f.reported:
            continue
        names = set(f.facts.get(SUPPRESSES, ())) & ran
        if names:
            judged[f.path] = names
            hits.setdefault(f.path, [])
    out = {}
    for path, found in hits.items():
        ctx = context(path)
        if ctx is not None:
            out[path] = (_finish(ctx, found, shadow=False, judge=judged.get(path, set())), ctx.source)
    return out


def _finish(
    ctx: Context, hits: list[tuple[Rule, Hit]], *, shadow: bool = True, judge: set[str] | frozenset[str] = frozenset()
) -> list[Finding]:
    """The findings of ``hits`` (located, suppressed, enabled), and the unused
    suppressions: of the per-file rules (``shadow``, the per-file pass), or of
    the cross-file rules named in ``judge`` (the project pass)."""
    specific: set[KeyPath] = {hit.path for rule, hit in hits if not rule.generic and hit.shadows}
    findings = []
    used: dict[int, set[str]] = {}  # suppression comment line → rule names it silenced
    directives = _directives(ctx) if "triggercfg" in ctx.source.text else None
    for rule, hit in hits:
        if shadow and rule.generic and hit.path in specific:
            continue
        span = hit.span or _span(ctx.locations, hit)
        by = _suppressed_by(directives, span.line, rule) if directives else None
        if by is not None:
            used.setdefault(by, set()).add(rule.name)
            continue
        if not ctx.options.enabled(rule.name, rule.code):
            continue
        findings.append(_finding(ctx, rule, hit.message, render_path(hit.path), span, hit.fix, hit.severity))
    if shadow:  # the per-file pass; cross-file suppressions are judged in the project pass
        findings += _unused_suppressions(ctx, used, directives)
    elif judge and directives:
        findings += _unused_suppressions(ctx, used, directives, judge)
    return sorted(findings, key=Finding.sort_key)


def _finding(
    ctx: Context,
    rule: Rule,
    message: str,
    key: str,
    span: Span,
    fix: Fix | None = None,
    severity: Severity | None = None,
) -> Finding:
    own = severity or rule.severity
    return Finding(
        path=ctx.path,
        platform=ctx.platform.name,
        rule=rule.name,
        code=rule.code,
        severity=ctx.options.severity_of(rule.name, rule.code, own) if ctx.options.severity else own,
        message=message,
        key=key,
        span=span,
        fix=fix,
        redact=rule.sensitive,
    )


class _Directive(NamedTuple):
    """One ``# triggercfg: ignore[...]`` comment and the lines it covers: its
    own line; a table, from its header line to the next header; or
    (``ignore-file``) the whole file."""

    line: int  # of the comment
    span: Span  # of the directive in it
    names: tuple[str, ...] | None  # None: every rule
    first: int
    last: int
    scope: str  # "line", "table" or "file"


def _directives(ctx: Context) -> list[_Directive]:
    # header line -> the table it opens; a header's suppression covers the table and its sub-tables
    # (`[triggers.configuration]` belongs to the `[[triggers]]` element above it)
    opened = sorted((e.header.line, path) for path, e in ctx.locations.entries.items() if e.header is not None)
    headers = [line for line, _ in opened]
    table_of = dict(opened)
    lines = ctx.source.text.count("\n") + 1
    out = []
    for line, comment in ctx.locations.comments.items():
        match = re.search(_SUPPRESS, comment)
        if match is None:
            continue
        column = ctx.locations.comment_columns[line] + 1 + match.start()
        span = Span(line, column, line, column + len(match.group(0)))
        names = None if match.group(2) is None else tuple(n.strip() for n in match.group(2).split(",") if n.strip())
        if match.group(1):
            out.append(_Directive(line, span, names, 1, lines, "file"))
        elif line in table_of:
            own = table_of[line]
            after = bisect.bisect_right(headers, line)
            following = next((h for h, path in opened[after:] if path[: len(own)] != own), None)
            out.append(_Directive(line, span, names, line, (following - 1) if following else lines, "table"))
        else:
            out.append(_Directive(line, span, names, line, line, "line"))
    return out


def _suppressed_by(directives: list[_Directive], line: int, rule: Rule) -> int | None:
    """The line of the directive that silences ``rule`` on ``line``, if any
    (the narrowest: a line's own, then its table's, then the file's)."""
    for scope in ("line", "table", "file"):
        for d in directives:
            if (
                d.scope == scope
                and d.first <= line <= d.last
                and (d.names is None or rule.name in d.names or rule.code in {n.upper() for n in d.names})
            ):
                return d.line
    return None


_WHERE = {"line": "on this line", "table": "in this table", "file": "in this file"}


def _unused_suppressions(
    ctx: Context,
    used: dict[int, set[str]],
    directives: list[_Directive] | None,
    project: set[str] | frozenset[str] | None = None,
) -> list[Finding]:
    """Suppressions that silence nothing. ``project``: judge only the names of
    these cross-file rules (the project pass); else every per-file rule."""
    rule = load("unused_suppression")
    if not directives or not ctx.options.enabled(rule.name, rule.code):
        return []
    out = []
    for d in directives:
        where = _WHERE[d.scope]
        directive = "triggercfg: ignore-file" if d.scope == "file" else "triggercfg: ignore"
        if project is not None:
            for name in d.names or ():
                named = get_rule(name)
                if named is not None and named.name in project and named.name not in used.get(d.line, set()):
                    out.append(
                        _finding(ctx, rule, f"unused suppression: no `{named.name}` finding {where}", "", d.span)
                    )
            continue
        if d.names is None:
            if not used.get(d.line):
                out.append(_finding(ctx, rule, f"`{directive}` silences nothing {where}", "", d.span))
            continue
        if not d.names:
            out.append(_finding(ctx, rule, f"`{directive}[]` names no rule", "", d.span))
            continue
        for name in d.names:
            named = get_rule(name)
            if named is None:
                out.append(_finding(ctx, rule, f"`{name}` in this suppression is not a rule name or code", "", d.span))
            elif named.check_project or not ctx.options.enabled(named.name, named.code):
                continue  # judged elsewhere, or not run: cannot tell
            elif named.name not in used.get(d.line, set()):
                out.append(_finding(ctx, rule, f"unused suppression: no `{named.name}` finding {where}", "", d.span))
    return out


def _span(locations: "Locations", hit: Hit) -> Span:
    if hit.anchor is Anchor.HEADER:
        return locations.header(hit.path)
    return locations.span(hit.path, hit.anchor)


def _syntax_finding(path: str, platform: Platform, problem: ReadProblem) -> Finding:
    rule = load("toml_syntax")
    return Finding(
        path=path,
        platform=platform.name,
        rule=rule.name,
        code=rule.code,
        severity=rule.severity,
        message=problem.message,
        key="",
        span=problem.span,
    )
