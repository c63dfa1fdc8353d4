"""The fast path: the compiled shapes and the plain core schemas agree with the
models, a clean check never pays for Pydantic, jsonschema or tomlkit, and a
broken file is explained by pydantic-core alone.

Nothing here times anything: the architecture is guarded by what a run
imports and how often a step runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, corpus_files, docs_examples, unmeasured_env
from docgen import model_strategy
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel, ConfigDict, field_validator

from triggercfg import check_text
from triggercfg.models.compile import UnsupportedSchema, compile_model
from triggercfg.platforms import PLATFORMS
from triggercfg.shape import _rust_dollars, conforms, root
from triggercfg.validate import core_errors, model_errors

# -- the shapes agree with the models ----------------------------------------------


def _agree(platform: str, document: dict[str, Any]) -> None:
    fast = conforms(root(platform), document)
    errors = model_errors(PLATFORMS[platform].model(), document)
    assert fast == (not errors), f"fast path says {fast}, model says {errors}: {document!r}"
    assert core_errors(platform, document) == errors, document


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(model_strategy(PLATFORMS["blaxel"].model(), wide=True))
def test_blaxel_fast_path_and_model_agree(document: dict[str, Any]) -> None:
    _agree("blaxel", document)


@SETTINGS
@given(model_strategy(PLATFORMS["cerebrium"].model(), wide=True))
def test_cerebrium_fast_path_and_model_agree(document: dict[str, Any]) -> None:
    _agree("cerebrium", document)


def _toml_documents() -> list[tuple[Path, str]]:
    import tomllib

    out = []
    for folder in sorted((ROOT / "tests" / "fixtures").iterdir()):
        for path in sorted(folder.glob("*.toml")):
            platform = "cerebrium" if "cerebrium" in path.name else "blaxel"
            out.append((path, platform))
    out += [(p, p.name.removesuffix(".toml")) for p in corpus_files()]
    out += [(p, p.name.split("__")[0]) for p in docs_examples()]
    documents = []
    for path, platform in out:
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        documents.append((path, platform))
    return documents


def test_fast_path_and_model_agree_on_every_real_file() -> None:
    import tomllib

    documents = _toml_documents()
    assert len(documents) > 50
    verdicts = set()
    for path, platform in documents:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        fast = conforms(root(platform), data)
        errors = model_errors(PLATFORMS[platform].model(), data)
        assert fast == (not errors), path
        assert core_errors(platform, data) == errors, path
        verdicts.add(fast)
    assert verdicts == {True, False}


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^[0-9]+$", "900", True),
        (r"^[0-9]+$", "900\n", False),  # Rust's `$` is the very end; Python's would match here
        (r"^\$[A-Z]+$", "$KEY", True),
        (r"^[$]x$", "$x", True),  # `$` inside a class stays literal
        (r"^[]$]$", "$", True),  # and so does one after a leading `]`
    ],
)
def test_patterns_match_as_in_pydantic_core(pattern: str, text: str, matches: bool) -> None:
    import re

    from pydantic import BaseModel, Field

    class Probe(BaseModel):
        value: str = Field(pattern=pattern)

    assert (re.search(_rust_dollars(pattern), text) is not None) is matches
    assert model_errors(Probe, {"value": text}) is not matches


def test_a_python_validator_cannot_be_compiled() -> None:
    """The shapes mirror declarative constraints only; a validator would be silently lost."""

    class WithValidator(BaseModel):
        model_config = ConfigDict(strict=True, extra="allow")
        name: str

        @field_validator("name")
        @classmethod
        def shout(cls, value: str) -> str:
            return value.upper()

    with pytest.raises(UnsupportedSchema):
        compile_model(WithValidator)


# -- what a check imports, and what it runs --------------------------------------

_IMPORT_PROBE = """
import json, sys
from triggercfg._entry import main
sys.argv = ["triggercfg", "check", "--no-color", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
loaded = sorted(m for m in ("pydantic", "pydantic_core", "pydantic_core._pydantic_core", "jsonschema", "tomlkit", "multiprocessing",
                            "triggercfg.rules.duplicate_app_name", "locale", "subprocess", "tomllib",
                            "toml_rs._lib", "pathlib", "triggercfg.locate", "urllib.parse", "ipaddress",
                            "click")
                if m in sys.modules)
print(json.dumps({"code": code, "loaded": loaded}))
"""


def _imports(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env=unmeasured_env(),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", ["blaxel.toml", "cerebrium.toml"])
def test_a_clean_check_imports_no_pydantic_jsonschema_or_tomlkit(name: str, tmp_path: Path) -> None:
    copy = tmp_path / name  # outside any git work tree: nothing to compare one file with
    copy.write_bytes((ROOT / "examples" / "clean" / name).read_bytes())
    outcome = _imports(str(copy))
    assert outcome["code"] == 0
    assert "pydantic" not in outcome["loaded"]
    assert "jsonschema" not in outcome["loaded"]
    assert "tomlkit" not in outcome["loaded"]
    assert "multiprocessing" not in outcome["loaded"]  # no process pool for one file
    assert "triggercfg.rules.duplicate_app_name" not in outcome["loaded"]
    assert "locale" not in outcome["loaded"]  # click's help text never looks up a gettext catalogue
    assert "subprocess" not in outcome["loaded"]
    # toml-rs's extension alone: its Python wrapper would import pathlib and typing helpers
    assert "toml_rs._lib" not in outcome["loaded"]
    assert "pathlib" not in outcome["loaded"]
    assert "triggercfg.locate" not in outcome["loaded"]  # positions are only for findings
    assert "click" not in outcome["loaded"]  # `check PATHS --flags` is parsed without it (command.py)


def test_a_file_without_a_callback_url_never_imports_urllib(tmp_path: Path) -> None:
    """urllib.parse imports ipaddress (2 ms of start-up): only a callback URL needs it."""
    copy = tmp_path / "blaxel.toml"
    copy.write_text('type = "agent"\nname = "plain"\n[[triggers]]\nid = "a"\ntype = "http"\n', encoding="utf-8")
    outcome = _imports(str(copy))
    assert outcome["code"] == 0
    assert "urllib.parse" not in outcome["loaded"] and "ipaddress" not in outcome["loaded"]


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("blaxel.toml", 'type = "agent"\nname = "a"\n', 0),
        ("blaxel.toml", 'type = "agent"\nenv = {\n  A = "\\e",\n}\nwhen = 10:30\n', 0),  # TOML 1.1
        ("blaxel.toml", "[[triggers]\n", 1),
        ("blaxel.toml", 'public = "yes"\n', 1),
        ("cerebrium.toml", '[cerebrium.deployment]\nname = "a"\n', 0),
        ("cerebrium.toml", '[cerebrium.deployment]\nname = "\\x41"\n', 1),  # TOML 1.1 in a Cerebrium file
        ("cerebrium.toml", "[cerebrium.deployment\n", 1),
    ],
)
@pytest.mark.parametrize("fix", [False, True], ids=["check", "fix"])
def test_no_verdict_depends_on_the_running_pythons_tomllib(
    tmp_path: Path, name: str, text: str, code: int, fix: bool
) -> None:
    """tomllib reads TOML 1.0 up to Python 3.14 and TOML 1.1 from 3.15 on: it is
    never imported, whatever the file, the outcome or the stage."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "triggercfg.toml").write_text('ignore = ["unknown-key"]\n', encoding="utf-8")
    outcome = _imports(*(["--fix"] if fix else []), str(tmp_path / name))
    assert outcome["code"] == (0 if fix and "x41" in text else code)
    assert "tomllib" not in outcome["loaded"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_rest_of_the_repository_is_parsed_never_validated(tmp_path: Path) -> None:
    """In a git work tree, one file is compared with the repository's other
    config files; those are parsed for what the cross-file rules compare, and
    even broken ones never bring in the models, tomlkit or jsonschema."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "blaxel.toml").write_bytes((ROOT / "examples" / "clean" / "blaxel.toml").read_bytes())
    for name in ("blaxel.toml", "cerebrium.toml"):
        (tmp_path / "other").mkdir(exist_ok=True)
        (tmp_path / "other" / name).write_bytes((ROOT / "examples" / "broken" / name).read_bytes())
    outcome = _imports(str(tmp_path / "app" / "blaxel.toml"))
    assert outcome["code"] == 0
    # compared, not validated (the app's callback URL is parsed: urllib)
    assert outcome["loaded"] == ["ipaddress", "triggercfg.rules.duplicate_app_name", "urllib.parse"]


def test_a_finding_outside_the_models_still_needs_no_pydantic(tmp_path: Path) -> None:
    (tmp_path / "blaxel.toml").write_text(
        '[[triggers]]\nid = "a"\ntype = "http-async"\n\n[triggers.configuration]\n'
        'callbackUrl = "http://hooks.example.com/cb"\n',
        encoding="utf-8",
    )
    outcome = _imports(str(tmp_path / "blaxel.toml"))
    assert outcome["code"] == 1
    assert outcome["loaded"] == ["ipaddress", "triggercfg.locate", "urllib.parse"]  # a finding has a position


def test_a_model_error_is_explained_by_pydantic_core_alone(tmp_path: Path) -> None:
    (tmp_path / "blaxel.toml").write_text('public = "yes"\n', encoding="utf-8")
    outcome = _imports(str(tmp_path / "blaxel.toml"))
    assert outcome["code"] == 1
    # pydantic-core's extension alone: its package imports typing_extensions and a schema module (24 ms)
    assert outcome["loaded"] == ["pydantic_core._pydantic_core", "triggercfg.locate"]


def test_clean_files_are_never_located_or_validated_by_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    import triggercfg.locate
    import triggercfg.validate

    calls = {"locate": 0, "models": 0}
    real_locations, real_errors = triggercfg.locate.Locations, triggercfg.validate.core_errors

    def counting_locations(*args: Any, **kwargs: Any) -> Any:
        calls["locate"] += 1
        return real_locations(*args, **kwargs)

    def counting_errors(*args: Any, **kwargs: Any) -> Any:
        calls["models"] += 1
        return real_errors(*args, **kwargs)

    monkeypatch.setattr(triggercfg.locate, "Locations", counting_locations)
    monkeypatch.setattr(triggercfg.validate, "core_errors", counting_errors)
    for name in ("blaxel", "cerebrium"):
        text = (ROOT / "examples" / "clean" / f"{name}.toml").read_text(encoding="utf-8")
        assert check_text(text, name).findings == ()
    assert calls == {"locate": 0, "models": 0}
    assert [f.rule for f in check_text('public = "yes"\n', "blaxel").findings] == ["invalid-type"]
    assert calls == {"locate": 1, "models": 1}


def test_no_module_a_check_loads_compiles_its_namedtuples_annotations(tmp_path: Path) -> None:
    """typing.NamedTuple compiles every string annotation, and the first
    compile of a process costs ~0.7 ms: a check of many files (and a worker's
    warm-up) compiles none. Modules keep their annotations evaluated, without
    `from __future__ import annotations` (CONTRIBUTING.md)."""
    for index in range(130):  # enough for worker processes
        folder = tmp_path / f"svc-{index}"
        folder.mkdir()
        name = "blaxel.toml" if index % 2 else "cerebrium.toml"
        (folder / name).write_bytes((ROOT / "examples" / "clean" / name).read_bytes())
    probe = (
        "import builtins, json, sys\n"
        "compiled = []\n"
        "real = builtins.compile\n"
        "def counting(source, *args, **kwargs):\n"
        "    if isinstance(source, str):  # an annotation (a module's own code arrives as bytes)\n"
        "        compiled.append(source)\n"
        "    return real(source, *args, **kwargs)\n"
        "builtins.compile = counting\n"
        "from triggercfg.api import check_paths\n"
        "from triggercfg.runner import warm_up\n"
        "check_paths([sys.argv[1]], jobs=1); warm_up()\n"
        "print(json.dumps(compiled))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True, env=unmeasured_env()
    )
    assert json.loads(done.stdout) == []
