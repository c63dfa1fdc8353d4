"""The editor's workspace (issue 25): the cross-file rules see every config
file of the workspace, but an unopened file is read from disk again only when
its size or modification time changes, and located again only when a message
names one of its lines and it changed. A broken configuration keeps each
file's last good options. Counted, never timed."""

from __future__ import annotations

import os
from pathlib import Path

from triggercfg.config import Options
from triggercfg.editor import CONTEXTS_KEPT, Workspace

APP = 'type = "agent"\nname = "api"\n'


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _messages(space: Workspace, path: Path, text: str) -> list[tuple[str, int, str]]:
    _, findings, _ = space.findings(str(path), text)
    return [(f.rule, f.line, f.message) for f in findings]


def test_unopened_files_are_read_and_located_once_while_they_do_not_change(tmp_path: Path) -> None:
    a = _write(tmp_path / "a" / "blaxel.toml", "# a\n" + APP)
    b = _write(tmp_path / "b" / "blaxel.toml", APP)
    _write(tmp_path / "c" / "blaxel.toml", 'type = "agent"\nname = "other"\n')
    space = Workspace([str(tmp_path)])
    assert (space.indexed, space.located) == (3, 0)
    edited = tmp_path / "d" / "blaxel.toml"
    expected = [
        (
            "duplicate-app-name",
            2,
            f'app name "api" is also deployed by {a}:3, {b}:2; deploying one overwrites the other',
        )
    ]
    for keystroke in range(5):
        space.open[str(edited)] = APP + "#" * keystroke
        assert _messages(space, edited, APP + "#" * keystroke) == expected
    assert (space.indexed, space.located) == (3, 2)  # a and b located once, for the message; c never

    for path in (a, b, tmp_path / "c" / "blaxel.toml"):
        space.refresh(str(path))  # a watched-file event for a file that did not change
    assert space.indexed == 3

    _write(a, "# a, moved down\n\n" + APP)  # changed on disk: its size differs
    space.refresh(str(a))
    assert space.indexed == 4
    assert _messages(space, edited, APP)[0][2].startswith(f'app name "api" is also deployed by {a}:4, {b}:2;')
    assert space.located == 3  # only a again

    same_size = "# A, moved down\n\n" + APP  # the same size, a later modification time
    _write(a, same_size)
    os.utime(a, ns=(os.stat(a).st_atime_ns, os.stat(a).st_mtime_ns + 10_000_000))
    space.refresh(str(a))
    assert space.indexed == 5


def test_only_the_edited_documents_findings_are_built(tmp_path: Path) -> None:
    """Twenty unopened files clash with each other: an edit elsewhere never
    locates them all, only the three its message names."""
    for index in range(20):
        _write(tmp_path / f"s{index:02}" / "blaxel.toml", APP)
    space = Workspace([str(tmp_path)])
    edited = tmp_path / "edited" / "blaxel.toml"
    space.open[str(edited)] = APP
    [(rule, line, message)] = _messages(space, edited, APP)
    assert (rule, line) == ("duplicate-app-name", 2)
    assert message.endswith("and 17 more files; deploying one overwrites the other")
    assert space.located == 3


def test_the_contexts_kept_are_bounded(tmp_path: Path) -> None:
    names = [f"app{i}" for i in range(CONTEXTS_KEPT + 4)]
    for name in names:
        _write(tmp_path / name / "blaxel.toml", f'type = "agent"\nname = "{name}"\n')
    space = Workspace([str(tmp_path)])
    edited = tmp_path / "edited" / "blaxel.toml"
    for name in names:
        text = f'type = "agent"\nname = "{name}"\n'
        space.open[str(edited)] = text
        assert [rule for rule, _, _ in _messages(space, edited, text)] == ["duplicate-app-name"]
    assert space.located == len(names)
    assert len(space._contexts) == CONTEXTS_KEPT


def test_a_broken_configuration_keeps_each_files_last_options(tmp_path: Path) -> None:
    config = _write(tmp_path / "triggercfg.toml", "async-timeout-maximum = 600\n")
    app = _write(tmp_path / "app" / "blaxel.toml", APP)
    space = Workspace([str(tmp_path)])
    assert space.options(str(app)).async_timeout_maximum == 600
    _write(config, "async-timeout-maximum = 600\nstrict = 1\n")
    space.reload_configuration()
    assert space.config_error is not None
    assert space.config_error.location == (str(config), 2, 10, "`strict` must be true or false")
    assert space.options(str(app)).async_timeout_maximum == 600  # the last configuration that loaded
    assert space.config_fallback == "the last configuration that loaded"
    assert space.options(str(tmp_path / "new" / "blaxel.toml")) == Options()  # never seen: the defaults
    assert space.is_configuration(str(config))
    _write(config, "async-timeout-maximum = 300\n")
    space.reload_configuration()
    assert space.config_error is None
    assert space.options(str(app)).async_timeout_maximum == 300


def test_a_file_a_configuration_extends_is_configuration(tmp_path: Path) -> None:
    team = _write(tmp_path / "team.toml", "async-timeout-maximum = 600\n")
    _write(tmp_path / "app" / "triggercfg.toml", 'extend = "../team.toml"\n')
    app = _write(tmp_path / "app" / "blaxel.toml", APP)
    space = Workspace([str(tmp_path)])
    assert space.options(str(app)).async_timeout_maximum == 600
    assert space.is_configuration(str(team))
    assert not space.is_configuration(str(app))
