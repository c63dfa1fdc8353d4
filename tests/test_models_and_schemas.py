"""The models accept what the platforms accept, the published schemas are what
the models generate, editors can read them, and models and schemas agree."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import CORPUS, ROOT, corpus_files, docs_examples, docs_text, needs_corpus

from triggercfg.cli import cli
from triggercfg.platforms import PLATFORMS
from triggercfg.schema import DRAFT_07, generate, render, stale
from triggercfg.validate import model_errors

SCHEMAS = ROOT / "schemas"

#: Corpus files the platform itself rejects, with the reason.
REJECTED = {
    "blaxel/PundarikakshNTripathi__Eidos/blaxel.toml": "`entrypoint` is a string; the bl CLI's decoder needs a table and gives up on the file",
    "blaxel/nihald2000__devops-autopilot/blaxel.toml": "`[agent]` holds scalars; the CLI reads `agent` as a map of packages and fails to decode",
    "cerebrium/UxmanK__mtailor_mlops_assessment/cerebrium.toml": '`compute = "GPU"` is not a compute type; the deploy is rejected',
    "cerebrium/Veerendra4923__mlops-class-veeru/cerebrium.toml": "`dependencies.pip` is an array; the CLI decodes a package → version table",
    "cerebrium/Veerendra4923__mlops-classification-deployment/cerebrium.toml": "`dependencies.pip` is an array; the CLI decodes a package → version table",
    "cerebrium/harshder003__ml-cerebrium-deployment/cerebrium.toml": "`dependencies.pip` is an array; the CLI decodes a package → version table",
    "cerebrium/Gershonbest__secret-santa/cerebrium.toml": "no `[cerebrium]` table: the CLI stops with 'cerebrium' key not found",
    "cerebrium/Nikhil-R-Samak__Image-Enhancement/cerebrium.toml": "a pyproject.toml saved as cerebrium.toml: no `[cerebrium]` table",
    # no `[cerebrium.deployment] name`: "invalid configuration: `deployment.name` is required in config
    # file", as the CLI's own decoding says of each (../shared/decoded/cerebrium/*--base.json)
    **{
        f"cerebrium/{name}/cerebrium.toml": "no `[cerebrium.deployment] name`: the CLI refuses the file"
        for name in (
            "AkritiKeswani__startup-roast-bot",
            "Craftech360-projects__picoclaw",
            "FahadAliYousaf00100__mtailor_test",
            "FarazKhanAI__OldImageRestorationProject",
            "igottemp-1__cerebellum-qwen3.6-35b-a3b",
            "kralya-git__telegram_chanell",
        )
    },
    "cerebrium/brannytech__document_word_search/cerebrium.toml": "no `[cerebrium]` table: the CLI stops with 'cerebrium' key not found",
}


def _schema(platform: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{platform}.schema.json").read_text(encoding="utf-8"))


def _validator(platform: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(_schema(platform))


# -- the committed schemas -------------------------------------------------------


def test_committed_schemas_match_the_models() -> None:
    assert stale(SCHEMAS) == [], "run: triggercfg schema"


def test_schema_check_says_missing_for_a_missing_folder_or_file(tmp_path: Path) -> None:
    """Issue 24: with no `schemas/` folder, `schema --check` said "out of date"."""
    from click.testing import CliRunner

    from triggercfg.cli import cli

    missing = CliRunner().invoke(cli, ["schema", "--check", "--output-dir", str(tmp_path / "schemas")])
    assert missing.exit_code == 1
    assert missing.stderr == f"{tmp_path / 'schemas'}: missing (no such folder); run `triggercfg schema` to write it\n"
    (tmp_path / "schemas").mkdir()
    assert CliRunner().invoke(cli, ["schema", "--output-dir", str(tmp_path / "schemas")]).exit_code == 0
    (tmp_path / "schemas" / "catalog.json").unlink()
    (tmp_path / "schemas" / "blaxel.schema.json").write_text("{}", encoding="utf-8")
    one = CliRunner().invoke(cli, ["schema", "--check", "--output-dir", str(tmp_path / "schemas")])
    assert one.exit_code == 1
    assert one.stderr.splitlines() == [
        f"{tmp_path / 'schemas' / 'blaxel.schema.json'}: out of date; run `triggercfg schema`",
        f"{tmp_path / 'schemas' / 'catalog.json'}: missing; run `triggercfg schema`",
    ]


def test_schema_check_command(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["schema", "--check", "--output-dir", str(SCHEMAS)]).exit_code == 0
    assert runner.invoke(cli, ["schema", "--output-dir", str(tmp_path)]).exit_code == 0
    (tmp_path / "blaxel.schema.json").write_text("{}\n")
    result = runner.invoke(cli, ["schema", "--check", "--output-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "blaxel.schema.json: out of date" in result.output


@pytest.mark.parametrize("platform", PLATFORMS)
def test_schema_is_valid_draft_07(platform: str) -> None:
    schema = _schema(platform)
    assert schema["$schema"] == DRAFT_07
    assert schema["$id"] == f"urn:triggercfg:schema:{platform}"
    jsonschema.Draft7Validator.check_schema(schema)


def _nodes(node: Any, path: str = "#"):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key in ("examples", "default", "const", "enum"):
                continue
            if key == "properties":
                for name, sub in value.items():
                    yield from _nodes(sub, f"{path}/properties/{name}")
            else:
                yield from _nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _nodes(item, f"{path}/{index}")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_schema_suits_toml_editors(platform: str) -> None:
    """EDITORS-AND-USERS.md B7: what taplo, tombi and SchemaStore can read."""
    for where, node in _nodes(_schema(platform)):
        assert node.get("type") != "null" and "null" not in (node.get("type") or []), where
        assert "$ref" not in node, f"{where}: refs are inlined, so none can have siblings or be remote"
        assert "discriminator" not in node, where
        assert "allOf" not in node, f"{where}: allOf crashes Even Better TOML"
        if node.get("type") == "object":
            assert "additionalProperties" in node, f"{where}: set additionalProperties explicitly"
        if "description" in node:
            assert "markdownDescription" in node, where
        assert node.get("default", 0) is not None, where


def test_schema_shows_documented_defaults_and_deprecations() -> None:
    scaling = _schema("cerebrium")["properties"]["cerebrium"]["properties"]["scaling"]
    grace = scaling["properties"]["response_grace_period"]
    assert grace["type"] == "integer" and grace["maximum"] == 43200 and grace["minimum"] == 1
    assert "Default: `900`." in grace["markdownDescription"]
    gpu = _schema("cerebrium")["properties"]["cerebrium"]["properties"]["hardware"]["properties"]["gpu"]
    assert gpu["deprecated"] is True


def test_schemas_ship_in_the_wheel(tmp_path: Path) -> None:
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("triggercfg-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        for platform in PLATFORMS:
            shipped = archive.read(f"triggercfg/schemas/{platform}.schema.json").decode()
            assert shipped == (SCHEMAS / f"{platform}.schema.json").read_text(encoding="utf-8")


def test_schemas_ship_in_the_wheel_config() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include == {
        "schemas/blaxel.schema.json": "triggercfg/schemas/blaxel.schema.json",
        "schemas/cerebrium.schema.json": "triggercfg/schemas/cerebrium.schema.json",
    }


# -- the corpus ------------------------------------------------------------------


def _rel(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=_rel)
def test_models_accept_what_the_platform_accepts(path: Path) -> None:
    platform = path.name.split(".")[0]
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    errors = model_errors(PLATFORMS[platform].model(), data)
    schema_ok = _validator(platform).is_valid(data)
    if _rel(path) in REJECTED:
        assert errors, f"listed as rejected ({REJECTED[_rel(path)]}) but the model accepts it"
        assert not schema_ok
    else:
        assert errors == [], errors
        assert schema_ok


@needs_corpus
def test_rejected_list_names_real_files() -> None:
    for rel in REJECTED:
        assert (CORPUS / rel).is_file(), rel


@needs_corpus
@pytest.mark.parametrize("path", docs_examples(), ids=lambda p: p.name)
def test_schemas_validate_every_docs_example(path: Path) -> None:
    platform = path.name.split("__")[0]
    data = tomllib.loads(docs_text(path))  # a section of the docs, within a whole file
    errors = sorted(_validator(platform).iter_errors(data), key=str)
    assert errors == [], [e.message for e in errors]
    assert model_errors(PLATFORMS[platform].model(), data) == []


def test_generation_is_deterministic() -> None:
    for platform in PLATFORMS.values():
        assert render(generate(platform)) == render(generate(platform))
