"""Schema association for editors (issue 10): schemas/catalog.json in
SchemaStore's catalog format, `schema --print`, and `check
--add-schema-directive`, checked in taplo (the engine of Even Better TOML)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT
from test_editor_engines import TAPLO, TOMBI

from triggercfg.cli import cli
from triggercfg.platforms import PLATFORMS
from triggercfg.schema import catalog, generate, render

# The shape of a SchemaStore catalog (https://json.schemastore.org/schema-catalog.json), written out here
# so that the test runs offline.
CATALOG_SHAPE = {
    "type": "object",
    "required": ["$schema", "version", "schemas"],
    "additionalProperties": False,
    "properties": {
        "$schema": {"const": "https://json.schemastore.org/schema-catalog.json"},
        "version": {"type": "number"},
        "schemas": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "url", "description"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "fileMatch": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                    "url": {"type": "string", "pattern": "^https://"},
                    "versions": {"type": "object", "additionalProperties": {"type": "string", "pattern": "^https://"}},
                },
            },
        },
    },
}


def test_catalog_is_committed_and_valid() -> None:
    committed = json.loads((ROOT / "schemas" / "catalog.json").read_text(encoding="utf-8"))
    assert committed == catalog()
    jsonschema.validate(committed, CATALOG_SHAPE)
    assert [(e["name"], e["fileMatch"], e["url"].rsplit("/", 1)[-1]) for e in committed["schemas"]] == [
        ("blaxel.toml", ["blaxel.toml"], "blaxel.schema.json"),
        ("cerebrium.toml", ["cerebrium.toml"], "cerebrium.schema.json"),
    ]


@pytest.mark.parametrize("platform", ["blaxel", "cerebrium"])
def test_schema_print(platform: str) -> None:
    shown = CliRunner().invoke(cli, ["schema", "--print", platform])
    assert shown.exit_code == 0
    path = Path(shown.stdout.strip())
    assert path.is_file() and path.read_text(encoding="utf-8") == render(generate(PLATFORMS[platform]))
    url = CliRunner().invoke(cli, ["schema", "--print", platform, "--url"]).stdout.strip()
    assert url == f"https://raw.githubusercontent.com/triggercfg/triggercfg/main/schemas/{platform}.schema.json"


def _in(folder: Path, *args: str):
    old = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)


def test_add_schema_directive(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    (tmp_path / "a" / "blaxel.toml").write_bytes(b'\xef\xbb\xbftype = "agent"\r\nname = "x"\r\n')
    (tmp_path / "b" / "cerebrium.toml").write_bytes(b"# my app\n#:schema ./mine.json\n[cerebrium.deployment]\n")
    (tmp_path / "c" / "blaxel.toml").write_bytes(b'type = "agent\n')  # does not parse
    result = _in(tmp_path, "check", "--add-schema-directive", ".")
    assert result.stdout == "Added the schema directive to 1 file.\n"
    assert (tmp_path / "a" / "blaxel.toml").read_bytes() == (
        b"\xef\xbb\xbf#:schema https://raw.githubusercontent.com/triggercfg/triggercfg/main/schemas/blaxel.schema.json"
        b'\r\n\r\ntype = "agent"\r\nname = "x"\r\n'
    )
    assert (
        tmp_path / "b" / "cerebrium.toml"
    ).read_bytes() == b"# my app\n#:schema ./mine.json\n[cerebrium.deployment]\n"
    assert (tmp_path / "c" / "blaxel.toml").read_bytes() == b'type = "agent\n'
    again = _in(tmp_path, "check", "--add-schema-directive", ".")
    assert again.stdout == "Added the schema directive to 0 files.\n"  # idempotent


@pytest.mark.skipif(TAPLO is None, reason="taplo is not installed")
def test_the_directive_is_what_taplo_follows(tmp_path: Path) -> None:
    """With a local location, taplo validates against our schema with no
    --schema argument: the wrong type is reported at the line triggercfg gives."""
    path = tmp_path / "blaxel.toml"
    path.write_text('type = "agent"\npublic = "yes"\n', encoding="utf-8")
    location = str(PLATFORMS["blaxel"].installed_schema())
    result = _in(tmp_path, "check", "--add-schema-directive", "--schema-location", location, "blaxel.toml")
    assert result.stdout == "Added the schema directive to 1 file.\n"
    assert path.read_text(encoding="utf-8").splitlines()[0] == f"#:schema {location}"
    done = subprocess.run([TAPLO, "check", "--colors", "never", str(path)], capture_output=True, text=True)
    assert done.returncode == 1
    assert f"{path}:4:10" in done.stdout + done.stderr  # line 4 now: the directive and a blank line above
    check = _in(tmp_path, "check", "--output-format", "concise", "blaxel.toml")
    assert check.stdout.startswith("blaxel.toml:4:10: TC002 [invalid-type]")
    if TOMBI is not None:  # tombi follows the same directive
        import re

        linted = subprocess.run(
            [TOMBI, "lint", "--offline", "blaxel.toml"], cwd=tmp_path, capture_output=True, text=True
        )
        assert linted.returncode == 1
        assert "blaxel.toml:4:10" in re.sub(r"\x1b\[[0-9;]*m", "", linted.stdout + linted.stderr)


def test_callback_url_documentation_says_what_mark_3_is() -> None:
    """Issue 19, item 6: "Mark 3 only" said nothing a user could act on."""
    from triggercfg.editor import key_documentation
    from triggercfg.platforms import PLATFORMS

    text = key_documentation(PLATFORMS["blaxel"], ("triggers", 0, "configuration", "callbackUrl"))
    assert text is not None
    assert (
        "Callbacks work only on Mark 3, Blaxel's current infrastructure generation: "
        '`[runtime] generation = "mk3"`, the default since Mark 2 was retired (Q2 2026).'
    ) in text
