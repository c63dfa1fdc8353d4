"""The real-world corpus (../shared/corpus) as regression data.

* Nothing crashes, in checking or in fixing.
* The findings are recorded in ``tests/snapshots/corpus.txt``, so that any
  change shows up as a diff; ``TRIGGERCFG_UPDATE_SNAPSHOTS=1 pytest
  tests/test_corpus.py`` rewrites it (then read the diff).
* Official files (the platforms' own templates and docs examples) give no
  error, except the real mistakes named below.
* The mistakes real users make are caught, at the right line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CORPUS, docs_text, needs_corpus
from fixtures_lib import render

from triggercfg.api import check_paths, check_text, fix_text

pytestmark = needs_corpus
SNAPSHOT = Path(__file__).parent / "snapshots" / "corpus.txt"
OFFICIAL = ("docs/", "blaxel/blaxel-ai__", "blaxel/blaxel-templates__", "cerebrium/CerebriumAI__")

#: Errors in official files that are real mistakes: (file, rule, line) → why.
OFFICIAL_MISTAKES = {
    (
        "docs/blaxel__docs.blaxel.ai__deployment-reference__full-reference.toml",
        "trigger-type-not-supported",
        58,
    ): 'the reference puts a job\'s schedule trigger into a file with type = "agent"',
    (
        "docs/blaxel__docs.blaxel.ai__deployment-reference__full-reference.toml",
        "misplaced-key",
        72,
    ): "`[[triggers.configuration]]` written as an array of tables, a typo in the reference",
    **{
        (
            f"cerebrium/CerebriumAI__cerebrium-prebuilts__{name}/cerebrium.toml",
            "invalid-type",
            line,
        ): "`include`/`exclude` as one bracketed string: the CLI splits it at commas into "
        '"[./*" and " main.py]", patterns that match nothing (PLATFORMS.md §3)'
        for name, lines in (
            ("mixtral-8x7B-instruct", (15, 16)),
            ("playground-aesthetic", (15, 16)),
            ("sdxl", (14, 15)),
            ("tensorRT-LLM", (30, 31)),
            ("whisper-large-v3", (14, 15)),
        )
        for line in lines
    },
}


def _all_findings() -> list:
    here = os.getcwd()
    os.chdir(CORPUS)
    try:
        findings = list(check_paths(["blaxel", "cerebrium"]).findings)
        for doc in sorted(Path("docs").glob("*.toml")):
            platform = doc.name.split("__")[0]
            findings += check_text(docs_text(doc), platform, path=doc.as_posix()).findings  # a whole file
        other = Path("blaxel/canyonroad__agentsh-blaxel/blaxel-alpine.toml")
        findings += check_text(other.read_bytes(), "blaxel", path=other.as_posix()).findings
    finally:
        os.chdir(here)
    return findings


def test_snapshot_of_corpus_findings() -> None:
    actual = render(_all_findings(), with_path=True)
    if os.environ.get("TRIGGERCFG_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(actual, encoding="utf-8")
    assert actual == SNAPSHOT.read_text(encoding="utf-8"), "run with TRIGGERCFG_UPDATE_SNAPSHOTS=1, read the diff"


@pytest.mark.parametrize(
    "path", sorted(CORPUS.rglob("*.toml")) if CORPUS.is_dir() else [], ids=lambda p: p.relative_to(CORPUS).as_posix()
)
def test_never_crashes(path: Path) -> None:
    platform = (
        "cerebrium"
        if "cerebrium" in path.relative_to(CORPUS).parts[0] or path.name.startswith("cerebrium")
        else "blaxel"
    )
    data = path.read_bytes()
    check_text(data, platform)
    fixed = fix_text(data, platform, unsafe=True)
    assert fixed.new_content is not None


def test_official_files_have_no_errors_but_real_mistakes() -> None:
    errors = {
        (f.path, f.rule, f.line) for f in _all_findings() if f.severity.value == "error" and f.path.startswith(OFFICIAL)
    }
    assert errors == set(OFFICIAL_MISTAKES)


@pytest.mark.parametrize(
    ("path", "rule", "line"),
    [
        # scaling and hardware keys written under [cerebrium.deployment]
        ("cerebrium/Veerendra4923__mlops-classification-deployment/cerebrium.toml", "misplaced-key", 7),
        ("cerebrium/Veerendra4923__mlops-classification-deployment/cerebrium.toml", "misplaced-key", 5),
        # the old hardware.gpu key
        ("cerebrium/harshder003__ml-cerebrium-deployment/cerebrium.toml", "deprecated-key", 10),
        # [cerebrium.build] leftovers of the v3 CLI
        ("cerebrium/dmitriy-kisil__sd_lora_android_toy_backend/cerebrium.toml", "deprecated-key", 5),
        # `include` written as one string, which the CLI splits at commas (PLATFORMS.md §3)
        ("cerebrium/dmitriy-kisil__sd_lora_android_toy_backend/cerebrium.toml", "invalid-type", 19),
        # a section without the `cerebrium.` prefix
        ("cerebrium/kralya-git__telegram_chanell/cerebrium.toml", "misplaced-key", 1),
        # keys written directly under [cerebrium]
        ("cerebrium/Craftech360-projects__picoclaw/cerebrium.toml", "misplaced-key", 2),
        # a typo in a scaling key
        ("cerebrium/harshder003__ml-cerebrium-deployment/cerebrium.toml", "unknown-key", 16),
        # secrets pasted into the file
        ("cerebrium/Panzah-Nexus__voice-pipeline/cerebrium.toml", "hardcoded-secret", 31),
        ("cerebrium/MalikNaumanAwan__CI-CD_fastapi_app/cerebrium.toml", "hardcoded-secret", 34),
        # a compute that does not exist, and a legacy one
        ("cerebrium/UxmanK__mtailor_mlops_assessment/cerebrium.toml", "unknown-compute", None),
        ("cerebrium/mnas-ctrl__memex/cerebrium.toml", "deprecated-key", 41),
        # a pyproject.toml saved as cerebrium.toml: one finding, not a flood
        ("cerebrium/Nikhil-R-Samak__Image-Enhancement/cerebrium.toml", "missing-required-key", 1),
        # blaxel: string entrypoint, [secrets], triggers without an id
        ("blaxel/PundarikakshNTripathi__Eidos/blaxel.toml", "invalid-type", 2),
        ("blaxel/blaxel-templates__template-deepresearch/blaxel.toml", "unknown-key", 6),
        ("blaxel/yond5413__onboardy__agent/blaxel.toml", "missing-trigger-id", 10),
    ],
)
def test_real_mistakes_are_caught(path: str, rule: str, line: int | None) -> None:
    platform = path.split("/")[0]
    findings = check_text((CORPUS / path).read_bytes(), platform).findings
    lines = [f.line for f in findings if f.rule == rule]
    assert lines, f"{rule} not reported"
    if line is not None:
        assert line in lines


def test_file_without_cerebrium_table_gets_one_finding() -> None:
    path = CORPUS / "cerebrium/Nikhil-R-Samak__Image-Enhancement/cerebrium.toml"
    findings = check_text(path.read_bytes(), "cerebrium").findings
    assert [(f.rule, f.line, f.column) for f in findings] == [("missing-required-key", 1, 1)]


def test_secrets_are_found_only_where_there_are_some() -> None:
    """Issue 24: looking inside URLs (tokens, credential parameters, webhook
    URLs) adds no finding to a file that holds no secret: over the whole
    corpus, the only credentials are the two users really committed (a
    database URL with its password, a Hugging Face token)."""
    secrets = [
        (f.path, f.line, f.rule)
        for f in _all_findings()
        if f.rule in ("hardcoded-secret", "callback-url-credentials", "callback-secret-in-config")
    ]
    assert secrets == [
        ("cerebrium/MalikNaumanAwan__CI-CD_fastapi_app/cerebrium.toml", 34, "hardcoded-secret"),
        ("cerebrium/Panzah-Nexus__voice-pipeline/cerebrium.toml", 31, "hardcoded-secret"),
    ]
