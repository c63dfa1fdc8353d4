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
    assert all(set(o) == {"path", "platform", "accepted", "read", "defaults"} for o in objects)
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
    assert as_json == [{"path": "blaxel.toml", "platform": "blaxel", "accepted": False, "read": None, "defaults": {}}]


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
