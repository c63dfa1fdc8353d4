"""The repository's own files a user or contributor reads before anything else."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

import triggercfg


def test_the_changelog_has_an_entry_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(triggercfg.__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)


def test_the_licence_file_matches_the_metadata() -> None:
    import tomllib

    license_id = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    assert license_id == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_the_readme_links_them() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("CONTRIBUTING.md", "CHANGELOG.md", "LICENSE"):
        assert f"]({name})" in readme


# -- the project checks itself: CI for a forge, the commit hook, the README ---------------------

WORKFLOWS = ROOT / ".github" / "workflows"


def _yaml(path: Path) -> Any:
    yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit, in the test extra")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _pyproject() -> dict[str, Any]:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _supported_pythons() -> list[str]:
    """Every Python the package says it supports (its classifiers), from requires-python on."""
    project = _pyproject()["project"]
    assert project["requires-python"] == ">=3.11"
    found = [c.rsplit(" :: ", 1)[1] for c in project["classifiers"] if re.fullmatch(r".* :: 3\.\d+", c)]
    assert found[0] == "3.11"
    return found


def _on(workflow: dict[Any, Any]) -> Any:
    """The triggers: YAML 1.1 (PyYAML) reads the key `on` as the boolean true, as GitHub does not."""
    return workflow[True] if True in workflow else workflow["on"]


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_ci_tests_every_supported_python_on_three_systems_and_lints_types_and_covers() -> None:
    ci = _yaml(WORKFLOWS / "ci.yml")
    assert set(ci["jobs"]) == {"test", "lint", "types", "coverage"}
    matrix = ci["jobs"]["test"]["strategy"]["matrix"]
    assert matrix["os"] == ["ubuntu-latest", "macos-latest", "windows-latest"]
    assert matrix["python"] == _supported_pythons()
    assert matrix["python"][-1] == "3.15"  # the newest release (October 2026)
    assert "pytest" in _runs(ci["jobs"]["test"])
    assert "ruff check" in _runs(ci["jobs"]["lint"]) and "ruff format --check" in _runs(ci["jobs"]["lint"])
    assert "mypy" in _runs(ci["jobs"]["types"])
    assert "coverage report" in _runs(ci["jobs"]["coverage"])
    assert set(_on(ci)) == {"push", "pull_request"}


def test_the_release_builds_checks_installs_runs_and_publishes_with_trusted_publishing() -> None:
    release = _yaml(WORKFLOWS / "release.yml")
    assert _on(release) == {"push": {"tags": ["v*"]}}
    build = _runs(release["jobs"]["build"])
    for command in (
        "python -m build",
        "twine check --strict dist/*",
        "pip install dist/*.whl",
        "triggercfg check clean/",
        "triggercfg check .",
    ):
        assert command in build
    assert "CHANGELOG.md" in build  # a tag without a changelog entry is not released
    publish = release["jobs"]["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert [s["uses"] for s in publish["steps"]][-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert "password" not in str(publish)  # no token: trusted publishing


def test_the_readme_test_command_runs_every_check() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("<!-- test-command -->", 1)[1].split("```sh\n", 1)[1].split("\n", 1)[0]
    for check in (
        'pip install -e ".[dev]"',
        "ruff check",
        "ruff format --check",
        "mypy",
        "coverage run -m pytest",
        "coverage report",
    ):
        assert check in command
    report = _pyproject()["tool"]["coverage"]["report"]
    assert report["fail_under"] >= 91  # the floor (CONTRIBUTING.md says how to raise it)


def test_the_repository_hooks_are_a_valid_pre_commit_config() -> None:
    import shutil
    import subprocess

    config = _yaml(ROOT / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) == {"ruff", "ruff-format", "mypy", "triggercfg"}
    assert re.search(hooks["triggercfg"]["files"], "examples/clean/blaxel.toml")
    assert not re.search(hooks["triggercfg"]["files"], "examples/broken/blaxel.toml")
    tool = shutil.which("pre-commit")
    if tool is None:
        pytest.skip("pre-commit is not installed (it is in the test extra)")
    done = subprocess.run(
        [tool, "validate-config", ".pre-commit-config.yaml"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_package_folder_reached_through_a_link_is_still_its_package(tmp_path: Path, monkeypatch) -> None:
    """`path = "linked"` names a link to the package's folder, and the
    package is checked by another path: both resolve to one folder, so the
    mismatch is found (the rule resolves every file only in such a case)."""
    import shutil

    from triggercfg.api import check_paths

    case = Path(__file__).parent / "fixtures" / "async-limit-mismatch" / "bad"
    shutil.copytree(case, tmp_path / "repo")
    root = tmp_path / "repo"
    (root / "blaxel.toml").write_text(
        (root / "blaxel.toml").read_text(encoding="utf-8").replace('path = "worker"', 'path = "linked"'),
        encoding="utf-8",
    )
    (root / "linked").symlink_to(root / "worker", target_is_directory=True)
    monkeypatch.chdir(root)
    result = check_paths(["blaxel.toml", "worker/blaxel.toml"], repository=False, config=False)
    assert [(f.path, f.line, f.rule) for f in result.findings] == [
        ("worker/blaxel.toml", 1, "async-limit-mismatch"),
        ("worker/blaxel.toml", 6, "async-limit-mismatch"),
    ]
    other = tmp_path / "elsewhere"
    shutil.copytree(case, other)
    (other / "blaxel.toml").write_text(
        (other / "blaxel.toml").read_text(encoding="utf-8").replace('path = "worker"', 'path = "real"'),
        encoding="utf-8",
    )
    (other / "worker").rename(other / "real")
    (other / "worker").symlink_to(other / "real", target_is_directory=True)
    monkeypatch.chdir(other)
    result = check_paths(["blaxel.toml", "worker/blaxel.toml"], repository=False, config=False)
    assert [(f.path, f.line, f.rule) for f in result.findings] == [
        ("worker/blaxel.toml", 1, "async-limit-mismatch"),
        ("worker/blaxel.toml", 6, "async-limit-mismatch"),
    ]
