"""The pipeline for one file (read → parse → locate → validate → lint) and the
cross-file pass. Produces findings; never prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from .config import Options
from .diagnostics import Anchor, Finding, Hit, KeyPath, Span, render_path
from .parse import parse
from .platforms import Platform
from .rules import Context, ProjectFile, Rule, file_rules, load, project_rules
from .source import ReadProblem, Source, decode

if TYPE_CHECKING:  # pragma: no cover
    from .locate import Locations

#: Compiled on first use: most files hold no suppression comment.
_SUPPRESS = r"(?i)triggercfg:\s*ignore(?:\[([^\]]*)\])?"


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
            hits.extend((rule, hit) for hit in rule.check(ctx))  # type: ignore[misc]
    except RecursionError:  # nesting that tomllib accepted but a rule's walk cannot follow
        from .parse import TOO_DEEP

        return FileReport(path, platform, (_syntax_finding(path, platform, ReadProblem(TOO_DEEP, Span(1, 1, 1, 2))),))
    collected = {}
    for rule in project_rules() if facts else ():
        if platform.name in rule.platforms and options.enabled(rule.name, rule.code):
            fact = rule.facts(ctx)  # type: ignore[misc]
            if fact is not None:
                collected[rule.name] = fact
    return FileReport(path, platform, tuple(_finish(ctx, hits)), ctx.source, ctx, collected or None)


def context_of(path: str, data: bytes, platform: Platform, options: Options) -> Context | FileReport:
    """Read and parse: the context the rules see, or the report of a file that is not TOML."""
    source = decode(data)
    if isinstance(source, ReadProblem):
        return FileReport(path, platform, (_syntax_finding(path, platform, source),))
    parsed = parse(source.text)
    if isinstance(parsed, ReadProblem):
        return FileReport(path, platform, (_syntax_finding(path, platform, parsed),), source)
    return Context(path, platform, source, parsed, options)


class ProjectInput(NamedTuple):
    """A checked file, as the project pass needs it."""

    path: str  # as shown
    disk_path: str
    platform: Platform
    facts: dict[str, Any]


def check_project(
    files: list[ProjectInput], options: Options, reread: Callable[[str], Context | None]
) -> dict[str, tuple[list[Finding], Source]]:
    """Run the cross-file rules over the facts each file's check collected.

    Returns the new findings (and the text they point into) by path. Only the
    few files that get a finding, or whose line a message names, are read
    again (``reread``) and located: linear in the number of files, and no
    file's text is kept in memory meanwhile.
    """
    if len(files) < 2:
        return {}  # every cross-file rule compares two files or more
    contexts: dict[str, Context | None] = {}

    def context(path: str) -> Context | None:
        if path not in contexts:
            contexts[path] = reread(path)
        return contexts[path]

    hits: dict[str, list[tuple[Rule, Hit]]] = {}
    for rule in project_rules():
        if not options.enabled(rule.name, rule.code):
            continue
        chosen = [
            ProjectFile(f.path, f.disk_path, f.platform.name, f.facts[rule.name])
            for f in files
            if rule.name in f.facts
        ]
        if len(chosen) < 2:
            continue
        for path, hit in rule.check_project(chosen, context):  # type: ignore[misc]
            hits.setdefault(path, []).append((rule, hit))
    out = {}
    for path, found in hits.items():
        ctx = context(path)
        if ctx is not None:
            out[path] = (_finish(ctx, found, shadow=False), ctx.source)
    return out


def _finish(ctx: Context, hits: list[tuple[Rule, Hit]], *, shadow: bool = True) -> list[Finding]:
    specific: set[KeyPath] = {hit.path for rule, hit in hits if not rule.generic}
    findings = []
    used: dict[int, set[str]] = {}  # suppression comment line → rule names it silenced
    for rule, hit in hits:
        if shadow and rule.generic and hit.path in specific:
            continue
        span = hit.span or _span(ctx.locations, hit)
        if _suppressed(ctx, span.line, rule):
            used.setdefault(span.line, set()).add(rule.name)
            continue
        if not ctx.options.enabled(rule.name, rule.code):
            continue
        findings.append(_finding(ctx, rule, hit.message, render_path(hit.path), span, hit.fix))
    if shadow:  # the per-file pass; cross-file suppressions are not judged here
        findings += _unused_suppressions(ctx, used)
    return sorted(findings, key=Finding.sort_key)


def _finding(ctx: Context, rule: Rule, message: str, key: str, span: Span, fix=None) -> Finding:
    return Finding(
        path=ctx.path,
        platform=ctx.platform.name,
        rule=rule.name,
        code=rule.code,
        severity=rule.severity,
        message=message,
        key=key,
        span=span,
        fix=fix,
    )


def _unused_suppressions(ctx: Context, used: dict[int, set[str]]) -> list[Finding]:
    from .rules import get_rule

    rule = load("unused_suppression")
    if "triggercfg" not in ctx.source.text or not ctx.options.enabled(rule.name, rule.code):
        return []  # no directive can be there: do not scan the file for one
    out = []
    for line, comment in ctx.locations.comments.items():
        match = re.search(_SUPPRESS, comment)
        if match is None:
            continue
        column = ctx.locations.comment_columns[line] + 1 + match.start()
        span = Span(line, column, line, column + len(match.group(0)))
        if match.group(1) is None:
            if not used.get(line):
                out.append(_finding(ctx, rule, "`triggercfg: ignore` silences nothing on this line", "", span))
            continue
        for name in (n.strip() for n in match.group(1).split(",") if n.strip()):
            named = get_rule(name)
            if named is None:
                out.append(_finding(ctx, rule, f"`{name}` in this suppression is not a rule name or code", "", span))
            elif named.check_project or not ctx.options.enabled(named.name, named.code):
                continue  # judged elsewhere, or not run: cannot tell
            elif named.name not in used.get(line, set()):
                out.append(_finding(ctx, rule, f"unused suppression: no `{named.name}` finding on this line", "", span))
    return out


def _span(locations: Locations, hit: Hit) -> Span:
    if hit.anchor is Anchor.HEADER:
        return locations.header(hit.path)
    return locations.span(hit.path, hit.anchor)


def _suppressed(ctx: Context, line: int, rule: Rule) -> bool:
    if "triggercfg" not in ctx.source.text:
        return False
    comment = ctx.locations.comments.get(line)
    if comment is None:
        return False
    match = re.search(_SUPPRESS, comment)
    if match is None:
        return False
    if match.group(1) is None:
        return True
    names = {part.strip() for part in match.group(1).split(",")}
    return rule.name in names or rule.code in {n.upper() for n in names}


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
