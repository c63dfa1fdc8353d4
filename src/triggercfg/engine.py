"""The pipeline for one file (read → parse → locate → validate → lint) and the
cross-file pass. Produces findings; never prints.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from .config import Options
from .diagnostics import Anchor, Finding, Hit, KeyPath, Span, render_path

if TYPE_CHECKING:  # pragma: no cover
    from .locate import Locations
from .parse import parse
from .platforms import Platform
from .rules import Context, Rule, file_rules, load, project_rules
from .source import ReadProblem, Source, decode

#: Compiled on first use: most files hold no suppression comment.
_SUPPRESS = r"(?i)triggercfg:\s*ignore(?:\[([^\]]*)\])?"


class FileReport(NamedTuple):
    """What checking one file produced (internal; the API wraps it)."""

    path: str
    platform: Platform
    findings: tuple[Finding, ...]
    source: Source | None = None
    context: Context | None = None


def check_bytes(path: str, data: bytes, platform: Platform, options: Options) -> FileReport:
    source = decode(data)
    if isinstance(source, ReadProblem):
        return FileReport(path, platform, (_syntax_finding(path, platform, source),))
    parsed = parse(source.text)
    if isinstance(parsed, ReadProblem):
        return FileReport(path, platform, (_syntax_finding(path, platform, parsed),), source)
    ctx = Context(path, platform, source, parsed, options)
    hits: list[tuple[Rule, Hit]] = []
    # Every rule runs, so that a disabled specific rule still shadows the
    # generic model finding on the same key; disabled hits are dropped later.
    for rule in file_rules(platform.name):
        hits.extend((rule, hit) for hit in rule.check(ctx))  # type: ignore[misc]
    return FileReport(path, platform, tuple(_finish(ctx, hits)), source, ctx)


def check_project(reports: list[FileReport], options: Options) -> list[FileReport]:
    """Run the cross-file rules; returns the reports with their findings added."""
    contexts = [r.context for r in reports if r.context is not None]
    if len(contexts) < 2:
        return reports  # every cross-file rule compares two files or more
    extra: dict[str, list[tuple[Rule, Hit]]] = {}
    for rule in project_rules():
        if not options.enabled(rule.name, rule.code):
            continue
        for ctx, hit in rule.check_project(contexts):
            extra.setdefault(ctx.path, []).append((rule, hit))
    if not extra:
        return reports
    out = []
    for report in reports:
        added = extra.get(report.path)
        if added and report.context is not None:
            merged = sorted(
                (*report.findings, *_finish(report.context, added, shadow=False)),
                key=Finding.sort_key,
            )
            report = FileReport(report.path, report.platform, tuple(merged), report.source, report.context)
        out.append(report)
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
