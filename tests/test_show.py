"""`triggercfg show` and `triggercfg.effective`: what each platform's CLI will
deploy with, as TOML with comments and as the JSON contract of
docs/show-output.md, from paths, a directory, standard input and the API."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

import triggercfg

CEREBRIUM = """[cerebrium.deployment]
Name = "a"
python_version = 3.11
include = "a.py,b.py"

[cerebrium.scaling]
cooldown = "30"

[cerebrium.runtime.custom]
entrypoint = "uvicorn main:app --port 8000"

[cerebrium.dependencies.pip]
Pillow = "latest"
"""


def show(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "triggercfg", "show", *args],
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_text_says_what_the_cli_changed_filled_in_and_leaves_to_defaults() -> None:
    done = show("--stdin-filename", "services/a/cerebrium.toml", "-", stdin=CEREBRIUM.encode())
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout
        == """# services/a/cerebrium.toml: what the Cerebrium CLI reads (values it changed or filled in say so)

[cerebrium.deployment]
name = "a"  # written as `Name`
python_version = "3.11"  # written 3.11
include = ["a.py", "b.py"]  # split at commas
exclude = [".*"]  # filled in by the CLI

[cerebrium.scaling]
cooldown = 30  # written "30"
# response_grace_period = 900  # not set: the platform's default: requests, and async runs, stop after 15 minutes

[cerebrium.dependencies.pip]
pillow = "latest"  # written as `Pillow`

[cerebrium.runtime.custom]
entrypoint = ["uvicorn main:app --port 8000"]  # a string read as a list of one
"""
    )


def test_json_is_the_documented_contract() -> None:
    done = show("--output-format", "json", "examples/")
    assert done.returncode == 0, done.stderr
    objects = json.loads(done.stdout)
    assert [(o["path"], o["platform"], o["accepted"]) for o in objects] == [
        ("examples/broken/blaxel.toml", "blaxel", True),
        ("examples/broken/cerebrium.toml", "cerebrium", True),
        ("examples/clean/blaxel.toml", "blaxel", True),
        ("examples/clean/cerebrium.toml", "cerebrium", True),
    ]
    assert all(set(o) == {"path", "platform", "accepted", "read", "defaults", "ignored"} for o in objects)
    assert [o["ignored"] for o in objects[2:]] == [[], []]  # the clean examples: nothing ignored
    clean_blaxel = objects[2]
    assert clean_blaxel["read"]["triggers"][1]["configuration"]["timeout"] == 900  # "15m"
    assert clean_blaxel["defaults"] == {}
    broken_blaxel = objects[0]
    assert broken_blaxel["defaults"] == {"triggers": [{}, {}, {"configuration": {"timeout": 900}}]}
    assert objects[1]["read"]["cerebrium"]["deployment"]["include"] == ["[./*", " main.py]"]
    assert objects[1]["defaults"] == {"cerebrium": {"scaling": {"response_grace_period": 900}}}


def test_a_refused_file_shows_why_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "blaxel.toml").write_text('type = "agent"\npublic = "yes"\n', encoding="utf-8")
    done = show("blaxel.toml", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == (
        '# blaxel.toml: the Blaxel CLI refuses this file: toml: (last key "public"): incompatible '
        "types: TOML value has type string; destination has type bool"
    )
    assert lines[1].startswith("blaxel.toml:2:10: TC002 [invalid-type] ")
    as_json = json.loads(show("--output-format", "json", "blaxel.toml", cwd=tmp_path).stdout)
    assert as_json == [
        {"path": "blaxel.toml", "platform": "blaxel", "accepted": False, "read": None, "defaults": {}, "ignored": []}
    ]


def test_paths_that_cannot_be_read_exit_2(tmp_path: Path) -> None:
    done = show("missing/blaxel.toml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "triggercfg: error: missing/blaxel.toml: no such file or directory\n"


def test_two_spellings_of_a_blaxel_key_say_the_cli_may_read_either() -> None:
    done = show("--stdin-filename", "blaxel.toml", "-", stdin=b'type = "agent"\nTYPE = "function"\n')
    assert done.stdout.splitlines()[1] == (
        'type = "function"  # written as `TYPE`; one of 2 spellings: `type`, `TYPE`; the CLI takes either '
        'spelling, at random (Go map order): it may read "agent" instead'
    )


def test_the_api() -> None:
    result = triggercfg.effective(CEREBRIUM, "cerebrium", path="cerebrium.toml")
    assert result.accepted
    assert result.read["cerebrium"]["scaling"] == {"cooldown": 30}  # type: ignore[index]
    assert result.origins[("cerebrium", "scaling", "cooldown")].how == 'written "30"'
    assert result.origins[("cerebrium", "deployment", "name")].source == ("cerebrium", "deployment", "Name")
    results, problems = triggercfg.effective_paths([ROOT / "examples" / "clean"])
    assert [r.platform for r in results] == ["blaxel", "cerebrium"] and problems == []


#: The incident a new user came with: a wrong timeout, and a webhook that never fired.
INCIDENT = """name = "writer"
type = "agent"

[[Triggers]]
id = "report"
type = "http-async"
[Triggers.configuration]
timeout = 1200
callbackUrl = "https://hooks.example.com/done"

[[triggers]]
id = "chat"
type = "http-async"
timeout = "5m"
"""


def test_show_marks_what_blaxel_may_ignore_in_text() -> None:
    done = show("--stdin-filename", "blaxel.toml", "-", stdin=INCIDENT.encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "# blaxel.toml: what the Blaxel CLI reads (values it changed or filled in say so)\n"
        'name = "writer"\n'
        'type = "agent"\n'
        "\n"
        "[[triggers]]\n"
        'id = "chat"\n'
        'type = "http-async"\n'
        'timeout = 300  # written "5m", converted to seconds; may be ignored: the API reads it only in '
        "`[triggers.configuration]`; the CLI's own sample writes it here, so it may be read\n"
        "# configuration.timeout = 900  # not set: at most 900 seconds (15 minutes), the platform's maximum for "
        "an async task; its default is not documented\n"
        "\n"
        "# also in the file:\n"
        "# [[Triggers]]  # may be ignored (line 4): the CLI takes this table or another spelling of it at random "
        "(Go map order), run by run: `triggers`, line 11\n"
    )


def test_show_marks_what_blaxel_may_ignore_in_json() -> None:
    done = show("--output-format", "json", "--stdin-filename", "blaxel.toml", "-", stdin=INCIDENT.encode())
    (result,) = json.loads(done.stdout)
    assert result["ignored"] == [
        {
            "path": ["Triggers"],
            "line": 4,
            "certain": False,
            "kind": "collision",
            "reason": "the CLI takes this table or another spelling of it at random (Go map order), run by run: "
            "`triggers`, line 11",
        },
        {
            "path": ["triggers", 0, "timeout"],
            "line": 14,
            "certain": False,
            "kind": "misplaced",
            "reason": "the API reads it only in `[triggers.configuration]`; the CLI's own sample writes it here, "
            "so it may be read",
        },
    ]


MISPLACED = """[cerebrium.deployment]
name = "llm"
response_grace_period = 3600

[cerebrium.hardware]
gpu = "AMPERE_A10"

[cerebrium.scaling]
Cooldown = 30
cooldown = 60
"""


def test_show_marks_what_cerebrium_ignores_in_text_and_json() -> None:
    done = show("--stdin-filename", "cerebrium.toml", "-", stdin=MISPLACED.encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "# cerebrium.toml: what the Cerebrium CLI reads (values it changed or filled in say so)\n"
        "\n"
        "[cerebrium.deployment]\n"
        'name = "llm"\n'
        'include = ["./*", "main.py", "cerebrium.toml"]  # filled in by the CLI\n'
        'exclude = [".*"]  # filled in by the CLI\n'
        "# response_grace_period = 3600  # ignored (line 3): a `[cerebrium.scaling]` key, which Cerebrium reads "
        "only there\n"
        "\n"
        "[cerebrium.scaling]\n"
        "cooldown = 60\n"
        "# response_grace_period = 900  # not set: the platform's default: requests, and async runs, stop after "
        "15 minutes\n"
        "# Cooldown = 30  # ignored (line 9): another spelling of this key replaces it: `cooldown`, line 10\n"
        "\n"
        "# also in the file:\n"
        '# cerebrium.hardware.gpu = "AMPERE_A10"  # ignored (line 6): a legacy key the CLI no longer reads\n'
    )
    as_json = json.loads(
        show("--output-format", "json", "--stdin-filename", "cerebrium.toml", "-", stdin=MISPLACED.encode()).stdout
    )
    assert [(i["path"], i["line"], i["certain"], i["kind"]) for i in as_json[0]["ignored"]] == [
        (["cerebrium", "deployment", "response_grace_period"], 3, True, "misplaced"),
        (["cerebrium", "hardware", "gpu"], 6, True, "legacy"),
        (["cerebrium", "scaling", "Cooldown"], 9, True, "collision"),
    ]


def test_a_refused_file_lists_what_is_ignored_too(tmp_path: Path) -> None:
    (tmp_path / "cerebrium.toml").write_text("[cerebrium.scaling]\ncooldown = 1\n[scaling]\ncooldown = 2\n")
    (result,) = json.loads(show("--output-format", "json", "cerebrium.toml", cwd=tmp_path).stdout)
    assert (result["accepted"], result["ignored"]) == (
        False,
        [
            {
                "path": ["scaling"],
                "line": 3,
                "certain": True,
                "kind": "misplaced",
                "reason": "Cerebrium reads sections only under `[cerebrium]`",
            }
        ],
    )


def test_show_applies_the_configuration_as_check_does(tmp_path: Path) -> None:
    """A lowered maximum is applied to the findings of a refused file, and an
    excluded file is not shown, exactly as `check` does."""
    (tmp_path / "triggercfg.toml").write_text('async-timeout-maximum = 600\nextend-exclude = ["legacy/**"]\n')
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "blaxel.toml").write_text(
        'type = "agent"\npublic = "yes"\n[[triggers]]\nid = "a"\ntype = "http-async"\n'
        "[triggers.configuration]\ntimeout = 700\n"
    )
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "blaxel.toml").write_text('type = "agent"\n')
    done = show(".", cwd=tmp_path)
    assert done.returncode == 1
    assert "legacy/blaxel.toml" not in done.stdout
    timeout = [line for line in done.stdout.splitlines() if "TC112" in line]
    assert timeout == [
        "svc/blaxel.toml:7:11: TC112 [async-timeout-exceeds-maximum] `timeout` is 700 seconds, over the configured "
        "maximum of 600 seconds (`async-timeout-maximum`)"
    ]
    checked = subprocess.run(
        [sys.executable, "-m", "triggercfg", "check", "--output-format", "concise", "."],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert [line for line in checked.stdout.splitlines() if "TC112" in line] == timeout


def test_a_float_read_as_a_string_says_how_it_is_written() -> None:
    """`python_version = 3.10` is read "3.1": "written 3.1" hid why."""
    done = show(
        "--stdin-filename", "cerebrium.toml", "-", stdin=b'[cerebrium.deployment]\nname = "a"\npython_version = 3.10\n'
    )
    assert 'python_version = "3.1"  # written 3.10\n' in done.stdout
