"""`triggercfg server` end to end (issue 11): the real server process, driven
over stdio by pytest-lsp's real LSP client. Open a broken file, receive the
diagnostics `triggercfg check` gives (codes, links, ranges), request code
actions, apply one, see the diagnostic go away; hover; change the
configuration; survive bad requests; shut down cleanly."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is in the test extra")
pytest.importorskip("pygls", reason="pygls is in the test extra (and the server extra)")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from triggercfg import check_text  # noqa: E402

BROKEN = """type = "agent"
name = "writer"

[[triggers]]
id = "report"
type = "http_async"

[[triggers]]
id = "report"
type = "http-async"

[triggers.configuration]
callbackUrl = "http://hooks.example.com/done"
"""

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "triggercfg", "server"])


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    (tmp_path / "app").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "blaxel.toml").write_text('type = "agent"\nname = "worker"\n', encoding="utf-8")
    registered: list[types.RegistrationParams] = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:  # what VS Code does: accept it
        registered.append(params)

    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=tmp_path.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="project")],
    )
    await lsp_client.initialize_session(params)
    lsp_client.root = tmp_path  # type: ignore[attr-defined]
    lsp_client.registered = registered  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="toml", version=version, text=text)
        )
    )
    return uri


async def _diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def _summary(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int, int, int, int]]:
    return [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in diagnostics
    ]


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = offsets[edit.range.start.line] + edit.range.start.character
        end = offsets[edit.range.end.line] + edit.range.end.character
        text = text[:start] + edit.new_text + text[end:]
    return text


@pytest.mark.asyncio
async def test_diagnostics_are_what_check_gives(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = _open(client, root / "app" / "blaxel.toml", BROKEN)
    diagnostics = await _diagnostics(client, uri)
    expected = check_text(BROKEN, "blaxel").findings
    assert _summary(diagnostics) == [
        (f.code, f.line - 1, f.column - 1, f.span.end_line - 1, f.span.end_column - 1) for f in expected
    ]
    assert _summary(diagnostics) == [("TC103", 5, 7, 5, 19), ("TC101", 8, 5, 8, 13), ("TC107", 12, 14, 12, 45)]
    first = diagnostics[0]
    assert first.message == 'trigger type "http_async" does not exist; did you mean `http-async`?'
    assert first.severity == types.DiagnosticSeverity.Error and first.source == "triggercfg"
    assert first.code_description.href.endswith("docs/rules.md#invalid-trigger-type-tc103")


@pytest.mark.asyncio
async def test_a_quick_fix_removes_its_diagnostic(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = _open(client, root / "app" / "blaxel.toml", BROKEN)
    diagnostics = await _diagnostics(client, uri)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=[diagnostics[0]], only=[types.CodeActionKind.QuickFix]),
        )
    )
    titles = [a.title for a in actions]
    assert titles == ['Replace with "http-async" (invalid-trigger-type)', "Ignore `invalid-trigger-type` on this line"]
    fix = actions[0]
    assert fix.is_preferred and list(fix.diagnostics) == [diagnostics[0]]
    edits = fix.edit.changes[uri]
    assert [(e.range.start.line, e.range.start.character, e.range.end.character, e.new_text) for e in edits] == [
        (5, 12, 13, "-"),  # the minimal edit, never the whole document
    ]
    fixed = _apply(BROKEN, edits)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == ["TC101", "TC107"]
    assert 'type = "http-async"' in fixed


@pytest.mark.asyncio
async def test_unsafe_fixes_say_so_and_fix_all_applies_the_safe_ones(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = _open(client, root / "app" / "blaxel.toml", BROKEN)
    diagnostics = await _diagnostics(client, uri)
    insecure = diagnostics[2]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=insecure.range,
            context=types.CodeActionContext(diagnostics=[insecure]),
        )
    )
    assert [(a.title, a.kind, bool(a.is_preferred)) for a in actions] == [
        ("Replace `http://` with `https://` (insecure-callback-url) — unsafe fix", "quickfix", False),
        ("Ignore `insecure-callback-url` on this line", "quickfix", False),
        ("Fix all safe problems (1)", "source.fixAll.triggercfg", False),
        ("Ignore every finding in this file (3)", "source.ignoreAll.triggercfg", False),
    ]
    everything = actions[2].edit.changes[uri]
    assert _apply(BROKEN, everything) == BROKEN.replace("http_async", "http-async")
    ignore = actions[1].edit.changes[uri]
    assert _apply(BROKEN, ignore).splitlines()[12] == (
        'callbackUrl = "http://hooks.example.com/done"  # triggercfg: ignore[insecure-callback-url]'
    )


@pytest.mark.asyncio
async def test_hover_on_a_key_and_on_a_diagnostic(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = _open(client, root / "app" / "blaxel.toml", BROKEN)
    await _diagnostics(client, uri)
    on_key = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=12, character=3)
        )
    )
    assert on_key.contents.value.startswith("**`triggers.configuration.callbackUrl`** (blaxel.toml)")
    assert "# insecure-callback-url (TC107)" not in on_key.contents.value  # the key, not the value
    on_value = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=12, character=20)
        )
    )
    assert "# insecure-callback-url (TC107)" in on_value.contents.value
    assert "## Why is this bad?" in on_value.contents.value


@pytest.mark.asyncio
async def test_configuration_is_picked_up_and_reloaded(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = _open(client, root / "app" / "blaxel.toml", BROKEN)
    assert "TC107" in [d.code for d in await _diagnostics(client, uri)]
    config = root / "pyproject.toml"
    config.write_text('[tool.triggercfg]\nignore = ["insecure-callback-url"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == ["TC103", "TC101"]


@pytest.mark.asyncio
async def test_cross_file_rules_see_the_workspace(client: LanguageClient) -> None:
    """`other/blaxel.toml` (never opened) names its app "worker"; renaming this
    one to "worker" in the editor, unsaved, reports the clash."""
    root: Path = client.root  # type: ignore[attr-defined]
    uri = _open(client, root / "app" / "blaxel.toml", 'type = "agent"\nname = "writer"\n')
    assert await _diagnostics(client, uri) == []
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text='type = "agent"\nname = "worker"\n')],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (diagnostic,) = client.diagnostics[uri]
    assert diagnostic.code == "TC301"
    assert diagnostic.message.startswith('app name "worker" is also deployed by ')
    assert diagnostic.message.endswith("other/blaxel.toml:2; deploying one overwrites the other")


@pytest.mark.asyncio
async def test_a_syntax_error_is_one_diagnostic_and_the_server_keeps_working(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = _open(client, root / "app" / "blaxel.toml", 'type = "agent\n')
    (diagnostic,) = await _diagnostics(client, uri)
    assert diagnostic.code == "TC001"
    # a request for a method that does not exist
    with pytest.raises(Exception, match="triggercfg/nonsense"):
        await client.protocol.send_request_async("triggercfg/nonsense", None)
    # a malformed message, written straight to the server's standard input
    client._server.stdin.write(b'Content-Length: 10\r\n\r\n{"jsonrpc"')  # type: ignore[attr-defined]
    client._server.stdin.write(b'Content-Length: 40\r\n\r\n{"jsonrpc": "2.0", "method": 5, "id": 9}')  # type: ignore[attr-defined]
    # a hover far past the end of the document
    assert (
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=999, character=3)
            )
        )
        is None
    )
    # a document whose file is not on disk, then another one: still served
    gone = _open(client, root / "gone" / "cerebrium.toml", "[cerebrium.hardware]\ngpu_count = 99\n")
    assert [d.code for d in await _diagnostics(client, gone)] == [
        f.code for f in check_text("[cerebrium.hardware]\ngpu_count = 99\n", "cerebrium").findings
    ]
    other = _open(client, root / "other" / "blaxel.toml", 'type = "agnet"\n')
    await _diagnostics(client, other)
    assert [d.code for d in client.diagnostics[other]] == ["TC003"]


@pytest.mark.asyncio
async def test_a_file_that_is_not_a_config_file_gets_nothing(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = _open(client, root / "pyproject.toml", '[project]\nname = "x"\n')
    assert await _diagnostics(client, uri) == []
    named = _open(client, root / "deploy.toml", '#:schema ./schemas/blaxel.schema.json\ntype = "agnet"\n')
    assert [d.code for d in await _diagnostics(client, named)] == ["TC003"]
    await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_a_change_on_disk_updates_cross_file_findings(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = _open(client, root / "app" / "blaxel.toml", 'type = "agent"\nname = "api"\n')
    assert await _diagnostics(client, uri) == []
    other = root / "other" / "blaxel.toml"
    other.write_text('type = "agent"\nname = "api"\n', encoding="utf-8")  # changed outside the editor
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=other.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == ["TC301"]
    other.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=other.as_uri(), type=types.FileChangeType.Deleted)]
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []


_RAISING = ClientServerConfig(
    server_command=[
        sys.executable,
        "-c",
        (
            "import triggercfg.rules.duplicate_trigger_id as rule\n"
            "def boom(ctx):\n    raise RuntimeError('a rule that raises')\n    yield\n"
            "rule.check = boom\n"
            "from triggercfg.rules import Rule\n"
            "from triggercfg.server import main\nmain()\n"
        ),
    ]
)


@pytest_lsp.fixture(config=_RAISING)
async def raising_client(lsp_client: LanguageClient, tmp_path: Path):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=tmp_path.as_uri())
    )
    lsp_client.root = tmp_path  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_rule_that_raises_is_logged_and_the_server_keeps_serving(raising_client: LanguageClient) -> None:
    client = raising_client
    root: Path = client.root  # type: ignore[attr-defined]
    (root / "a").mkdir()
    _open(client, root / "a" / "blaxel.toml", BROKEN)
    for _ in range(50):
        if any("a rule that raises" in m.message for m in client.log_messages):
            break
        await asyncio.sleep(0.05)
    errors = [m for m in client.log_messages if m.type == types.MessageType.Error]
    assert errors and "did_open failed" in errors[0].message and "RuntimeError: a rule that raises" in errors[0].message
    hover = await client.text_document_hover_async(
        types.HoverParams(  # other features still work
            text_document=types.TextDocumentIdentifier(uri=(root / "a" / "blaxel.toml").as_uri()),
            position=types.Position(line=1, character=1),
        )
    )
    assert hover.contents.value.startswith("**`name`** (blaxel.toml)")


@pytest.mark.asyncio
async def test_two_findings_of_one_rule_each_get_their_fix(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    text = (
        'type = "agent"\n\n[[triggers]]\nid = "a"\ntype = "http_async"\n\n[[triggers]]\nid = "b"\ntype = "http_async"\n'
    )
    uri = _open(client, root / "app" / "blaxel.toml", text)
    diagnostics = await _diagnostics(client, uri)
    assert [d.code for d in diagnostics] == ["TC103", "TC103"]
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=9, character=0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=whole,
            context=types.CodeActionContext(diagnostics=diagnostics, only=[types.CodeActionKind.QuickFix]),
        )
    )
    fixes = [a for a in actions if a.title.startswith("Replace")]
    assert [list(a.diagnostics) for a in fixes] == [[diagnostics[0]], [diagnostics[1]]]
    assert [a.edit.changes[uri][0].range.start.line for a in fixes] == [4, 8]


@pytest.mark.asyncio
async def test_toml_1_1_in_the_editor(client: LanguageClient) -> None:
    """A Blaxel document in TOML 1.1 is located like any other; a Cerebrium
    document in TOML 1.1 gets each construct with its quick fix (issue 16)."""
    root: Path = client.root  # type: ignore[attr-defined]
    blaxel = (
        'type = "agent"\nname = "w"\n\n[[triggers]]\nid = "a"\ntype = "http-async"\nconfiguration = {\n'
        '  path = "a/b",\n  timeout = "20m",\n}\n'
    )
    uri = _open(client, root / "app" / "blaxel.toml", blaxel)
    assert _summary(await _diagnostics(client, uri)) == [("TC112", 8, 12, 8, 17)]
    cerebrium = '[cerebrium.dependencies]\npip = { torch = "2.3.0", }\n\n[cerebrium.deployment]\nname = "a"\n'
    other = _open(client, root / "other" / "cerebrium.toml", cerebrium)
    diagnostics = await _diagnostics(client, other)
    assert _summary(diagnostics) == [("TC001", 1, 23, 1, 24)]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=other),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=[diagnostics[0]], only=[types.CodeActionKind.QuickFix]),
        )
    )
    assert actions[0].title == "Remove the trailing comma (toml-syntax)"
    assert _apply(cerebrium, actions[0].edit.changes[other]).startswith(
        '[cerebrium.dependencies]\npip = { torch = "2.3.0" }\n'
    )


@pytest.mark.asyncio
async def test_hover_and_inlay_hints_show_what_the_platform_reads(client: LanguageClient) -> None:
    """Issue 17: a value the CLI reads otherwise gets an inlay hint with the
    read value, and its key's hover says so; an unset grace period shows the
    platform's default."""
    root: Path = client.root  # type: ignore[attr-defined]
    text = '[cerebrium.deployment]\nname = "a"\n\n[cerebrium.scaling]\ncooldown = "30"\n'
    uri = _open(client, root / "other" / "cerebrium.toml", text)
    await _diagnostics(client, uri)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=5, character=0)),
        )
    )
    assert [(h.position.line, h.position.character, h.label, h.tooltip) for h in hints] == [
        (
            3,
            19,
            "response_grace_period = 900 (default)",
            "`response_grace_period` not set: the platform's default: requests, and async runs, stop after 15 minutes",
        ),
        (4, 15, "→ 30", 'written "30"'),
    ]
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=4, character=2)
        )
    )
    assert hover.contents.value.startswith('Cerebrium reads `30`: written "30"\n\n**`cerebrium.scaling.cooldown`**')


@pytest.mark.asyncio
async def test_other_case_tables_get_the_hover_and_hints_of_their_lower_case_twins(client: LanguageClient) -> None:
    """Issue 23: under `[Cerebrium.Scaling]` a key's documentation, what the
    platform reads and the inlay hint are those of `[cerebrium.scaling]`; a
    key the platform ignores says so in its hover."""
    root: Path = client.root  # type: ignore[attr-defined]
    text = '[Cerebrium.Deployment]\nname = "a"\nresponse_grace_period = 3600\n\n[Cerebrium.Scaling]\ncooldown = "30"\n'
    uri = _open(client, root / "other" / "cerebrium.toml", text)
    await _diagnostics(client, uri)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=6, character=0)),
        )
    )
    assert [(h.position.line, h.position.character, h.label) for h in hints] == [
        (4, 19, "response_grace_period = 900 (default)"),
        (5, 15, "→ 30"),
    ]
    cooldown = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=5, character=2)
        )
    )
    assert cooldown.contents.value.startswith(
        'Cerebrium reads `30`: written "30"\n\n**`cerebrium.scaling.cooldown`** (cerebrium.toml)'
    )
    misplaced = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=2)
        )
    )
    assert misplaced.contents.value.startswith(
        "Cerebrium ignores this key: a `[cerebrium.scaling]` key, which Cerebrium reads only there\n\n"
    )


# -- a broken configuration (issue 25) ------------------------------------------------------------------


async def _until(client: LanguageClient, done, seconds: float = 20) -> None:
    """Wait for diagnostics until ``done()`` holds, for at most ``seconds``."""

    async def wait() -> None:
        while not done():
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), seconds)


def _changed(client: LanguageClient, path: Path) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
        )
    )


@pytest.mark.asyncio
async def test_a_broken_configuration_is_shown_and_the_last_good_one_kept(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    config = root / "pyproject.toml"
    config.write_text('[tool.triggercfg]\nignore = ["insecure-callback-url"]\n', encoding="utf-8")
    _changed(client, config)
    uri = _open(client, root / "app" / "blaxel.toml", BROKEN)
    assert [d.code for d in await _diagnostics(client, uri)] == ["TC103", "TC101"]

    config.write_text('[tool.triggercfg]\nignore = ["insecure-callback-url"]\nselct = ["TC1"]\n', encoding="utf-8")
    _changed(client, config)
    await _until(client, lambda: config.as_uri() in client.diagnostics)
    error = f"{config}:3:1: unknown option `selct`; did you mean `select`?"
    assert [(m.type, m.message) for m in client.messages] == [
        (
            types.MessageType.Error,
            f"triggercfg: {error} (until it is fixed, diagnostics use the last configuration that loaded)",
        )
    ]
    (on_config,) = client.diagnostics[config.as_uri()]
    assert (on_config.code, on_config.source, on_config.severity) == (
        "configuration",
        "triggercfg",
        types.DiagnosticSeverity.Error,
    )
    assert _summary([on_config]) == [("configuration", 2, 0, 2, 15)]
    assert on_config.message == (
        "unknown option `selct`; did you mean `select`? "
        "(triggercfg uses the last configuration that loaded until this is fixed)"
    )
    # the team's ignore still applies: not the defaults
    assert [d.code for d in client.diagnostics[uri]] == ["TC103", "TC101"]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=BROKEN.replace("writer", "w2"))],
        )
    )
    await _until(client, lambda: client.diagnostics[uri] and len(client.messages) == 1)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == ["TC103", "TC101"]
    assert len(client.messages) == 1  # said once, not on every keystroke

    config.write_text('[tool.triggercfg]\nignore = ["duplicate-trigger-id"]\n', encoding="utf-8")  # fixed
    _changed(client, config)
    await _until(client, lambda: list(client.diagnostics[config.as_uri()]) == [])
    await _until(client, lambda: [d.code for d in client.diagnostics[uri]] == ["TC103", "TC107"])
    assert any(m.message == "triggercfg: the configuration loads again" for m in client.log_messages)


@pytest.mark.asyncio
async def test_an_open_configuration_file_gets_its_diagnostic_with_the_key_range(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    config = root / "triggercfg.toml"
    text = "strict = 1\n"
    config.write_text(text, encoding="utf-8")
    config_uri = _open(client, config, text)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config_uri))
    )
    await _until(client, lambda: bool(client.diagnostics.get(config_uri)))
    (problem,) = client.diagnostics[config_uri]
    assert _summary([problem]) == [("configuration", 0, 9, 0, 10)]
    assert problem.message == "`strict` must be true or false (triggercfg uses the defaults until this is fixed)"
    assert client.messages[-1].message == (
        f"triggercfg: {config}:1:10: `strict` must be true or false (until it is fixed, diagnostics use the defaults)"
    )


@pytest.mark.asyncio
async def test_saving_an_extended_file_reloads_the_configuration(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    team = root / "team.toml"
    team.write_text("async-timeout-maximum = 600\n", encoding="utf-8")
    config = root / "app" / "triggercfg.toml"
    config.write_text('extend = "../team.toml"\n', encoding="utf-8")
    _changed(client, config)
    text = BROKEN.replace('callbackUrl = "http://hooks.example.com/done"', "timeout = 700")
    uri = _open(client, root / "app" / "blaxel.toml", text)
    assert [d.code for d in await _diagnostics(client, uri)] == ["TC103", "TC101", "TC112"]
    team.write_text("async-timeout-maximum = 800\n", encoding="utf-8")  # a name the watchers do not cover
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=team.as_uri()))
    )
    await _until(client, lambda: [d.code for d in client.diagnostics[uri]] == ["TC103", "TC101"])


@pytest.mark.asyncio
async def test_ignore_every_finding_in_this_file(client: LanguageClient) -> None:
    """What `check --add-ignore` writes, as a source action (issue 25):
    applied, it leaves no finding; the same bytes as the command line's."""
    root: Path = client.root  # type: ignore[attr-defined]
    uri = _open(client, root / "app" / "blaxel.toml", BROKEN)
    await _diagnostics(client, uri)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.Source]),
        )
    )
    assert [(a.title, a.kind) for a in actions] == [
        ("Fix all safe problems (1)", "source.fixAll.triggercfg"),
        ("Ignore every finding in this file (3)", "source.ignoreAll.triggercfg"),
    ]
    ignored = _apply(BROKEN, actions[1].edit.changes[uri])
    assert ignored.splitlines()[5:13:7] == [
        'type = "http_async"  # triggercfg: ignore[invalid-trigger-type]',
        'callbackUrl = "http://hooks.example.com/done"  # triggercfg: ignore[insecure-callback-url]',
    ]
    assert ignored.splitlines()[8] == 'id = "report"  # triggercfg: ignore[duplicate-trigger-id]'
    assert check_text(ignored, "blaxel").findings == ()
    from triggercfg.suppress import add_ignores

    assert ignored.encode() == add_ignores(BROKEN.encode(), check_text(BROKEN, "blaxel").findings)[0]
    quick = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.QuickFix]),
        )
    )
    assert list(quick or []) == []  # asked for quick fixes only: no source action
