"""The decode stage against what the platforms' own CLI decoding did with
1,064 files (../shared/decoded): whether the CLI accepts each file, and what
it reads from it, value for value.

One kind of observation cannot be reproduced, because the CLI itself does not
reproduce it: two spellings of one Blaxel key (`type` and `TYPE`). BurntSushi/toml
visits a table's keys in Go's map order, which Go randomises on every run, so
either spelling can win. Of the 26 such files with different values, the
later spelling won in 20 and the earlier in 6, as the random order predicts
(the earlier wins when the walk starts between the two, (b - a) / 8 of the
time in an 8-slot bucket: 6.0 expected here). The reading keeps the later one
and names the others in ``Reading.ambiguous``; for those keys the test
accepts any of them, and ``case-collision`` calls the key an error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED

from triggercfg.decode import Reading, decode
from triggercfg.parse import Parsed, parse
from triggercfg.platforms import PLATFORMS
from triggercfg.source import Source
from triggercfg.source import decode as read_bytes

DECODED = SHARED / "decoded"
needs_decoded = pytest.mark.skipif(
    not DECODED.is_dir(),
    reason="../shared/decoded is not beside this checkout (it is only in CI and the team's workspace)",
)


def pairs(platform: str) -> list[Path]:
    return sorted((DECODED / platform).glob("*.toml")) if DECODED.is_dir() else []


def norm(value: Any) -> Any:
    """Whole floats compare equal to integers (`2.0` and `2`), as the data's README says."""
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [norm(v) for v in value]
    return int(value) if isinstance(value, float) and value.is_integer() else value


def reading_of(path: Path, platform: str) -> Reading | None:
    source = read_bytes(path.read_bytes())
    assert isinstance(source, Source)
    parsed = parse(source.text, PLATFORMS[platform].toml, PLATFORMS[platform].toml_extras)
    if not isinstance(parsed, Parsed) or parsed.newer:
        return None  # the CLI's parser refuses it
    return decode(platform, parsed.data)


def _with(read: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(read, default=str))
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def agrees(reading: Reading | None, observed: dict[str, Any]) -> bool:
    accepted = reading is not None and reading.accepted
    if accepted != observed["accepted"]:
        return False
    if not accepted:
        return True
    assert reading is not None and reading.read is not None
    want = norm(observed["read"])
    if norm(reading.read) == want:
        return True
    for path, others in (reading.ambiguous or {}).items():  # the CLI's own coin toss: see the docstring
        if any(norm(_with(reading.read, path, other)) == want for other in others):
            return True
    return False


@needs_decoded
@pytest.mark.parametrize("platform", ["blaxel", "cerebrium"])
def test_every_observation_agrees(platform: str) -> None:
    files = pairs(platform)
    assert len(files) > 390
    wrong = []
    for path in files:
        observed = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        reading = reading_of(path, platform)
        if not agrees(reading, observed):
            wrong.append((path.name, observed["error"], reading.error if reading else "refused by the parser"))
    assert wrong == []


@needs_decoded
def test_only_two_spellings_of_a_blaxel_key_are_left_to_chance() -> None:
    """The allowance above is used only where the file spells one key twice
    with two values, and the observation is one of them."""
    used = []
    for path in pairs("blaxel"):
        observed = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        reading = reading_of(path, "blaxel")
        if reading is None or not reading.accepted or norm(reading.read) == norm(observed["read"]):
            continue
        assert reading.ambiguous, path.name
        used.append(path.name)
    assert len(used) == 6
    assert all("dup-diff" in name for name in used)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # weak typing: digit strings, truncated floats, booleans, numbers as Go prints them
        (
            '[cerebrium.deployment]\nname = "a"\npython_version = 3.11\n[cerebrium.scaling]\ncooldown = "30"\n'
            "min_replicas = 1.9\nmax_replicas = true\n",
            {
                "deployment": {
                    "name": "a",
                    "python_version": "3.11",
                    "include": ["./*", "main.py", "cerebrium.toml"],
                    "exclude": [".*"],
                },
                "scaling": {"cooldown": 30, "min_replicas": 1, "max_replicas": 1},
            },
        ),
        (
            '[cerebrium.deployment]\nname = "a"\npython_version = 3.10\ndisable_auth = 1\n',
            {
                "deployment": {
                    "name": "a",
                    "python_version": "3.1",
                    "disable_auth": True,
                    "include": ["./*", "main.py", "cerebrium.toml"],
                    "exclude": [".*"],
                }
            },
        ),
        # comma splitting, spaces kept; the entrypoint is not split at spaces; package names in lower case
        (
            '[cerebrium.deployment]\nName = "a"\ninclude = "a.py, b.py"\n[cerebrium.runtime.custom]\n'
            'entrypoint = "uvicorn main:app --port 8000"\n[cerebrium.dependencies.pip]\nPillow = "latest"\n'
            'pillow = "latest"\n',
            {
                "deployment": {"name": "a", "include": ["a.py", " b.py"], "exclude": [".*"]},
                "runtime": {"custom": {"entrypoint": ["uvicorn main:app --port 8000"]}},
                "dependencies": {"pip": {"pillow": "latest"}},
            },
        ),
        # a GPU without a count is one
        (
            '[cerebrium.deployment]\nname = "a"\n[cerebrium.hardware]\ncompute = "AMPERE_A10"\n',
            {
                "deployment": {"name": "a", "include": ["./*", "main.py", "cerebrium.toml"], "exclude": [".*"]},
                "hardware": {"compute": ["AMPERE_A10"], "gpu_count": 1},
            },
        ),
    ],
)
def test_cerebrium_readings(text: str, read: dict[str, Any]) -> None:
    reading = decode("cerebrium", parse(text, "1.0.0").data)  # type: ignore[union-attr]
    assert reading.accepted, reading.error
    assert reading.read == {"cerebrium": read}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            '[deployment]\nname = "a"\n',
            "'cerebrium' key not found in cerebrium.toml. Please ensure your config file is valid",
        ),
        ("[cerebrium.deployment]\n", "invalid configuration: `deployment.name` is required in config file"),
        # two spellings of a table: the later replaces the earlier whole, name and all
        (
            '[Cerebrium.Deployment]\nname = "a"\n[cerebrium.scaling]\ncooldown = 1\n',
            "invalid configuration: `deployment.name` is required in config file",
        ),
        (
            '[cerebrium.deployment]\nname = "a"\n[cerebrium.scaling]\ncooldown = "2.5"\n',
            "failed to parse scaling config: decoding failed due to the following error(s):\n\ncannot parse "
            "'cooldown' as int: strconv.ParseInt: parsing '2.5': invalid syntax",
        ),
        (
            '[cerebrium.deployment]\nname = "a"\n[cerebrium.hardware]\nprovider = "coreweave"\n',
            "invalid configuration: cortex V4 does not support Coreweave. Please use AWS or GCP",
        ),
    ],
)
def test_cerebrium_refusals(text: str, error: str) -> None:
    reading = decode("cerebrium", parse(text, "1.0.0").data)  # type: ignore[union-attr]
    assert (reading.accepted, reading.error, reading.read) == (False, error, None)


def test_blaxel_reading_keeps_maps_as_written_and_converts_timeouts() -> None:
    text = (
        'NAME = "${APP_NAME:writer}"\ntype = "agent"\n[env]\nFoo = "1"\nfoo = "2"\n[runtime]\nTimeout = "1m"\n'
        'timeout = " 30S "\n[[triggers]]\nid = "a"\ntype = "http-async"\n[triggers.configuration]\n'
        'timeout = "15m"\n'
    )
    reading = decode("blaxel", parse(text).data)  # type: ignore[union-attr]
    assert reading.read == {
        "name": "writer",
        "type": "agent",
        "env": {"Foo": "1", "foo": "2"},
        "runtime": {"Timeout": "1m", "timeout": 30},
        "triggers": [{"id": "a", "type": "http-async", "configuration": {"timeout": 900}}],
    }
    assert reading.origins[("name",)] == (
        ("NAME",),
        'written "${APP_NAME:writer}": the default, where the variable is not set',
    )
    assert reading.origins[("triggers", 0, "configuration", "timeout")].how == 'written "15m", converted to seconds'


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            'public = "true"\n',
            'toml: (last key "public"): incompatible types: TOML value has type string; destination has type bool',
        ),
        (
            'entrypoint = "python main.py"\n',
            "Invalid 'entrypoint' field: The 'entrypoint' field must be a table "
            "with 'prod' and/or 'dev' keys, not a string",
        ),
        (
            '[[triggers]]\nid = "a"\n[triggers.configuration]\ntimeout = "2m30s"\n',
            "trigger[0].configuration: invalid timeout value: invalid duration format: 2m30s (expected format: "
            "number followed by s, m, h, d, or w, e.g. '30s', '5m', '1h')",
        ),
        (  # a unit only Unicode case folding makes one (long s): refused, never a crash
            '[runtime]\ntimeout = "1\u017f"\n',
            "runtime: invalid timeout value: invalid duration format: 1\u017f (expected format: "
            "number followed by s, m, h, d, or w, e.g. '30s', '5m', '1h')",
        ),
    ],
)
def test_blaxel_refusals(text: str, error: str) -> None:
    reading = decode("blaxel", parse(text).data)  # type: ignore[union-attr]
    assert (reading.accepted, reading.error, reading.read) == (False, error, None)


def test_two_spellings_of_a_blaxel_key_are_ambiguous() -> None:
    reading = decode("blaxel", parse('type = "agent"\nTYPE = "function"\n').data)  # type: ignore[union-attr]
    assert reading.read == {"type": "function"}
    assert reading.ambiguous == {("type",): ("agent",)}
    assert reading.origins[("type",)] == (("TYPE",), "one of 2 spellings: `type`, `TYPE`")


@needs_decoded
@pytest.mark.parametrize("platform", ["blaxel", "cerebrium"])
def test_check_gives_an_error_for_every_file_the_cli_refuses(platform: str) -> None:
    """A file the platform's own CLI refuses never passes `check` (it passed for
    a cerebrium.toml without a name, and for `[Cerebrium.*]` tables, whose
    contents the models did not see)."""
    from triggercfg.api import check_text

    passed = []
    for path in pairs(platform):
        observed = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if observed["accepted"]:
            continue
        if not any(f.severity.value == "error" for f in check_text(path.read_bytes(), platform).findings):
            passed.append((path.name, observed["error"]))
    assert passed == []


@needs_decoded
@pytest.mark.parametrize("platform", ["blaxel", "cerebrium"])
def test_unusual_spelling_fixes_write_what_the_cli_already_reads(platform: str) -> None:
    """`unusual-spelling` says "the CLI reads exactly this, in an unusual
    form", and its fix writes the canonical form: on every decoded file it
    fires on (mutants with numbers as strings, booleans as 1, lists as comma
    strings, keys in other cases, timeouts like " 30S "), the fixed file must
    read exactly as the original did. The rule asks the decode stage; this
    shows the two cannot drift."""
    from triggercfg.api import fix_text
    from triggercfg.config import Options

    options = Options(select=("unusual-spelling",))
    fixed_files = 0
    changed = []
    for path in pairs(platform):
        before = reading_of(path, platform)
        if before is None or not before.accepted or before.ambiguous:
            continue
        result = fix_text(path.read_bytes(), platform, options=options)
        if result.new_content is None or result.new_content == path.read_bytes():
            continue
        fixed_files += 1
        parsed = parse(
            result.new_content.decode("utf-8-sig"), PLATFORMS[platform].toml, PLATFORMS[platform].toml_extras
        )
        assert isinstance(parsed, Parsed)
        after = decode(platform, parsed.data)
        if norm(after.read) != norm(before.read):
            changed.append(path.name)
    assert changed == []
    assert fixed_files >= (150 if platform == "cerebrium" else 40)  # the mutants exercise it
