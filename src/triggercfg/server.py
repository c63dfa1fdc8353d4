"""``triggercfg server``: a Language Server Protocol server over stdio, on
pygls (``pip install 'triggercfg[server]'``).

A thin shell over ``editor`` (which is over the engine): diagnostics for
unsaved text on open, change (debounced) and save; every fix as a quick fix,
"Fix all safe problems" as a source action, "Ignore this rule on this line";
hover documentation for keys and rules; configuration per file, reloaded when
a configuration file changes; cross-file rules over the whole workspace. It
runs beside taplo or tombi, which keep formatting and schema completion.

Everything is loaded once, so a keystroke costs one in-process check. A
handler that raises is logged (window/logMessage) and answered with nothing;
the server keeps serving.
"""

from __future__ import annotations

import asyncio
import os
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

from . import __version__
from .diagnostics import Severity, Span
from .editor import (
    Workspace,
    fix_actions,
    fix_all,
    ignore_action,
    ignore_all_action,
    key_at,
    key_documentation,
    key_reading,
    platform_of,
    rule_documentation,
)

_P = TypeVar("_P")
_R = TypeVar("_R")

#: Seconds of quiet after a keystroke before the document is checked again:
#: as long as its last check took, within these bounds. A small file is
#: checked almost at once; a huge one is not checked again mid-word.
DEBOUNCE_MIN = 0.03
DEBOUNCE_MAX = 0.15
FIX_ALL_KIND = "source.fixAll.triggercfg"
IGNORE_ALL_KIND = "source.ignoreAll.triggercfg"


class TriggercfgServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("triggercfg", __version__)
        self.state: Workspace | None = None
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.checks = 0  # documents checked (for tests and the benchmark)
        self.cost: dict[str, float] = {}  # uri -> seconds its last check took
        #: The broken configuration last shown to the user (its message), and the file it is in.
        self.config_shown: tuple[str, str] | None = None

    @property
    def space(self) -> Workspace:
        if self.state is None:
            self.state = Workspace([])
        return self.state

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))


server = TriggercfgServer()


def _path(uri: str) -> str:
    parsed = urlparse(uri)
    return os.path.abspath(unquote(parsed.path)) if parsed.scheme == "file" else uri


def _document(ls: TriggercfgServer, uri: str) -> tuple[Any, str, str, Any]:
    """An open document: itself, its path, its unsaved text, and its platform (None: not ours)."""
    document = ls.workspace.get_text_document(uri)
    path = _path(uri)
    return document, path, document.source, platform_of(path, document.source)


def _guarded(handler: Callable[[TriggercfgServer, _P], _R]) -> Callable[[TriggercfgServer, _P], _R | None]:
    """A handler that raises is logged, never fatal."""

    def run(ls: TriggercfgServer, params: _P) -> _R | None:
        try:
            return handler(ls, params)
        except Exception:
            ls.log(f"triggercfg: {handler.__name__} failed:\n{traceback.format_exc()}", types.MessageType.Error)
            return None

    run.__name__ = handler.__name__
    return run


# -- diagnostics ---------------------------------------------------------------------------------------


def publish(ls: TriggercfgServer, uri: str) -> None:
    document = ls.workspace.get_text_document(uri)
    path = _path(uri)
    text = document.source
    ls.space.open[path] = text
    started = time.perf_counter()
    platform, findings, _ = ls.space.findings(path, text)
    ls.cost[uri] = time.perf_counter() - started
    ls.checks += 1
    diagnostics = [_diagnostic(ls, document.lines, f) for f in findings] if platform is not None else []
    shown = _configuration_status(ls)
    if shown is not None and shown[1] == path:
        diagnostics.append(_configuration_diagnostic(ls, shown[1], shown[0]))
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
    )


def _configuration_status(ls: TriggercfgServer) -> tuple[str, str] | None:
    """Tell the user when the configuration breaks (a message, and a
    diagnostic on the configuration file at the bad key) and when it loads
    again; the broken one (message, file), if any."""
    error = ls.space.config_error
    where = error.location if error is not None else None
    now = (str(error), os.path.abspath(where[0])) if error is not None and where is not None else None
    if error is not None and now is None:
        now = (str(error), "")
    if now == ls.config_shown:
        return now
    previous, ls.config_shown = ls.config_shown, now
    if previous is not None and previous[1] and (now is None or now[1] != previous[1]):
        _publish_configuration(ls, previous[1], None)  # the old problem is gone from its file
    if now is None:
        ls.log("triggercfg: the configuration loads again")
        return None
    message = f"triggercfg: {now[0]} (until it is fixed, diagnostics use {ls.space.config_fallback})"
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))
    ls.log(message, types.MessageType.Error)
    if now[1]:
        _publish_configuration(ls, now[1], now[0])
    return now


def _publish_configuration(ls: TriggercfgServer, path: str, message: str | None) -> None:
    """The configuration file's diagnostics: its problem, or none. An open
    document gets them with its own (``publish``)."""
    uri = from_fs_path(path) or path
    if uri in ls.workspace.text_documents:
        publish(ls, uri)
        return
    diagnostics = [_configuration_diagnostic(ls, path, message)] if message is not None else []
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))


def _configuration_diagnostic(ls: TriggercfgServer, path: str, message: str) -> types.Diagnostic:
    """The problem of a configuration file, from its key to the end of its line."""
    from .config import ConfigError

    found = ConfigError(message).location
    line, column, reason = (found[1], found[2], found[3]) if found is not None else (1, 1, message)
    uri = from_fs_path(path) or path
    try:
        if uri in ls.workspace.text_documents:
            lines = ls.workspace.get_text_document(uri).lines
        else:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines(keepends=True)
    except OSError:
        lines = []
    text = lines[line - 1].rstrip("\r\n") if 0 < line <= len(lines) else ""
    span = Span(line, column, line, max(column + 1, len(text) + 1))
    return types.Diagnostic(
        range=_range(ls, lines, span)
        if lines
        else types.Range(
            start=types.Position(line=line - 1, character=column - 1),
            end=types.Position(line=line - 1, character=column),
        ),
        message=f"{reason} (triggercfg uses {ls.space.config_fallback} until this is fixed)",
        severity=types.DiagnosticSeverity.Error,
        code="configuration",
        source="triggercfg",
    )


def _range(ls: TriggercfgServer, lines: Sequence[str], span: Any) -> types.Range:
    server_range = types.Range(
        start=types.Position(line=span.line - 1, character=span.column - 1),
        end=types.Position(line=span.end_line - 1, character=span.end_column - 1),
    )
    return ls.workspace.position_codec.range_to_client_units(lines, server_range)


def _diagnostic(ls: TriggercfgServer, lines: Sequence[str], finding: Any) -> types.Diagnostic:
    from .rules import get_rule, rule_url

    rule = get_rule(finding.rule)
    return types.Diagnostic(
        range=_range(ls, lines, finding.span),
        message=finding.message,
        severity=types.DiagnosticSeverity.Error
        if finding.severity is Severity.ERROR
        else types.DiagnosticSeverity.Warning,
        code=finding.code,
        code_description=types.CodeDescription(href=rule_url(rule)) if rule is not None else None,
        source="triggercfg",
        data={"rule": finding.rule, "fixable": finding.fix is not None},
    )


def _schedule(ls: TriggercfgServer, uri: str, delay: float) -> None:
    previous = ls.pending.pop(uri, None)
    if previous is not None:
        previous.cancel()
    loop = asyncio.get_event_loop()

    def fire() -> None:
        ls.pending.pop(uri, None)
        _guarded(_republish)(ls, uri)

    ls.pending[uri] = loop.call_later(delay, fire)


def _republish(ls: TriggercfgServer, uri: str) -> None:
    publish(ls, uri)
    for other in list(ls.workspace.text_documents):  # cross-file findings of the others may change
        if other != uri and _path(other) in ls.space.open:
            publish(ls, other)


@server.feature(types.INITIALIZED)
@_guarded
def initialized(ls: TriggercfgServer, params: types.InitializedParams) -> None:
    folders = [_path(f.uri) for f in (ls.workspace.folders or {}).values()] or (
        [_path(ls.workspace.root_uri)] if ls.workspace.root_uri else []
    )
    ls.state = Workspace(folders)
    ls.log(f"triggercfg {__version__}: {len(folders)} workspace folder(s), {ls.state.indexed} config file(s) indexed")
    _configuration_status(ls)
    watchers = "**/{blaxel.toml,cerebrium.toml,pyproject.toml,triggercfg.toml,.triggercfg.toml}"
    registration = getattr(getattr(ls.client_capabilities, "workspace", None), "did_change_watched_files", None)
    if registration is not None and registration.dynamic_registration:
        ls.client_register_capability(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="triggercfg-watch",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(
                            watchers=[types.FileSystemWatcher(glob_pattern=watchers)]
                        ),
                    )
                ]
            )
        )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@_guarded
def did_open(ls: TriggercfgServer, params: types.DidOpenTextDocumentParams) -> None:
    publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@_guarded
def did_change(ls: TriggercfgServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.space.open[_path(uri)] = ls.workspace.get_text_document(uri).source
    _schedule(ls, uri, min(DEBOUNCE_MAX, max(DEBOUNCE_MIN, ls.cost.get(uri, DEBOUNCE_MAX))))


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@_guarded
def did_save(ls: TriggercfgServer, params: types.DidSaveTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if ls.space.is_configuration(path):
        _configuration_changed(ls)
    else:
        _schedule(ls, params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@_guarded
def did_close(ls: TriggercfgServer, params: types.DidCloseTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    ls.space.open.pop(path, None)
    ls.space.refresh(path)  # back to what is on disk
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@_guarded
def watched_files_changed(ls: TriggercfgServer, params: types.DidChangeWatchedFilesParams) -> None:
    configuration = False
    for change in params.changes:
        path = _path(change.uri)
        if ls.space.is_configuration(path):
            configuration = True
        elif change.type == types.FileChangeType.Deleted:
            ls.space.forget(path)
        elif path not in ls.space.open:
            ls.space.refresh(path)
    if configuration:
        _configuration_changed(ls)
    else:
        for uri in list(ls.workspace.text_documents):
            publish(ls, uri)


def _configuration_changed(ls: TriggercfgServer) -> None:
    ls.space.reload_configuration()
    ls.log("triggercfg: configuration reloaded")
    for uri in list(ls.workspace.text_documents):
        publish(ls, uri)
    _configuration_status(ls)  # also with no document open


# -- code actions ----------------------------------------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[
            types.CodeActionKind.QuickFix,
            FIX_ALL_KIND,
            types.CodeActionKind.SourceFixAll,
            IGNORE_ALL_KIND,
        ],
        resolve_provider=False,
    ),
)
@_guarded
def code_action(ls: TriggercfgServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document, path, text, platform = _document(ls, uri)
    if platform is None:
        return []
    options = ls.space.options(path).for_file(path)
    only = params.context.only
    wanted = [d for d in params.context.diagnostics if d.source == "triggercfg"]
    actions: list[types.CodeAction] = []

    def edit(found: Any) -> types.WorkspaceEdit:
        return types.WorkspaceEdit(
            changes={
                uri: [
                    types.TextEdit(range=_range(ls, document.lines, e.span), new_text=e.new_text) for e in found.edits
                ]
            }
        )

    def matching(finding: Any) -> types.Diagnostic | None:
        where = _range(ls, document.lines, finding.span)  # the same rule may fire twice in one request's range
        return next((d for d in wanted if d.code == finding.code and d.range == where), None)

    if not only or any(k.startswith(types.CodeActionKind.QuickFix) for k in only):
        for action in fix_actions(path, text, options, platform):
            diagnostic = matching(action.finding)
            if diagnostic is not None:
                actions.append(
                    types.CodeAction(
                        title=action.title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=edit(action),
                        is_preferred=action.preferred,
                    )
                )
    findings: tuple[Any, ...] | None = None
    if not only or any(k.startswith(types.CodeActionKind.QuickFix) for k in only):
        _, findings, _ = ls.space.findings(path, text)
        for finding in findings:
            diagnostic = matching(finding)
            if diagnostic is not None:
                ignore = ignore_action(text, finding)
                if ignore is not None:
                    actions.append(
                        types.CodeAction(
                            title=ignore.title,
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic],
                            edit=edit(ignore),
                        )
                    )
    if not only or any(
        k in (FIX_ALL_KIND, types.CodeActionKind.SourceFixAll, types.CodeActionKind.Source) for k in only
    ):
        every = fix_all(path, text, options, platform)
        if every is not None:
            actions.append(types.CodeAction(title=every.title, kind=FIX_ALL_KIND, edit=edit(every)))
    if (wanted and not only) or any(k == IGNORE_ALL_KIND or IGNORE_ALL_KIND.startswith(f"{k}.") for k in only or ()):
        # beside a finding's quick fixes, and among the source actions: what `check --add-ignore` writes
        if findings is None:
            _, findings, _ = ls.space.findings(path, text)
        ignore_all = ignore_all_action(text, findings)
        if ignore_all is not None:
            actions.append(
                types.CodeAction(
                    title=ignore_all.title, kind=IGNORE_ALL_KIND, diagnostics=wanted or None, edit=edit(ignore_all)
                )
            )
    return actions


# -- hover -------------------------------------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_HOVER)
@_guarded
def hover(ls: TriggercfgServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    document, path, text, platform = _document(ls, uri)
    if platform is None:
        return None
    position = ls.workspace.position_codec.position_from_client_units(document.lines, params.position)
    line, column = position.line + 1, position.character + 1
    parts = []
    try:
        _, findings, _ = ls.space.findings(path, text)
    except Exception:
        ls.log(f"triggercfg: hover could not check the file:\n{traceback.format_exc()}", types.MessageType.Error)
        findings = ()
    for finding in findings:
        span = finding.span
        if (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column):
            parts.append(rule_documentation(finding.rule))
    found = key_at(text, line, column)
    if found is not None:
        canonical, ignored = key_reading(path, text, platform, found[0])  # `[Cerebrium.Scaling]` is read as lower case
        documentation = key_documentation(platform, canonical)
        read = [r for r in _read_values(ls, path, text, platform) if r.path == found[0]]
        word = platform.name.capitalize()
        notes = [*([ignored] if ignored else []), *(f"{word} reads `{r.label}`: {r.note}" for r in read)]
        if notes:  # what the platform reads, when it is not what is written, or that it does not
            documentation = "\n\n".join([*notes, *([documentation] if documentation else [])])
        if documentation:
            parts.insert(0, documentation)
    if not parts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)))


def _read_values(ls: TriggercfgServer, path: str, text: str, platform: Any) -> list[Any]:
    from .editor import read_values

    return read_values(path, text, platform, ls.space.options(path))


# -- inlay hints: the value the platform reads, after a value written otherwise -------------------------


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
@_guarded
def inlay_hint(ls: TriggercfgServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    uri = params.text_document.uri
    document, path, text, platform = _document(ls, uri)
    if platform is None:
        return []
    first, last = params.range.start.line + 1, params.range.end.line + 1
    hints = []
    for read in _read_values(ls, path, text, platform):
        if not first <= read.span.end_line <= last:
            continue
        position = _range(ls, document.lines, read.span).end
        label = f"{read.default_key} = {read.label} (default)" if read.default_key else f"→ {read.label}"
        hints.append(
            types.InlayHint(
                position=position, label=label, kind=types.InlayHintKind.Type, padding_left=True, tooltip=read.note
            )
        )
    return hints


def main() -> None:
    server.start_io()


__all__ = ["from_fs_path", "main", "server"]
