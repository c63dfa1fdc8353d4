"""The fuzzer (issue 9): generated documents, valid and invalid, and mutations
of the fixtures, examples and corpus files, against the invariants in
``fix_checks``: the check never raises; every finding lies inside the file, on
the key, value or header it names; a fix is idempotent, keeps every comment,
changes only the lines of the findings it fixed, and gives valid TOML in which
every untouched value is unchanged.

CI runs a fixed budget: 150 documents per test, the same ones every run. The
long run is the same tests with a large budget and fresh randomness, outside
CI (about 20 minutes on two cores)::

    TRIGGERCFG_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py -q

Every input it breaks on is saved as a file in ``tests/fuzz_regressions/``
(``<name>.<platform>.toml``), which ``test_regressions`` replays on every run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CORPUS
from fix_checks import check_invariants, fix_invariants
from fixtures_lib import file_cases, platform_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REGRESSIONS = Path(__file__).parent / "fuzz_regressions"

#: The CI budget, per test; the long run sets TRIGGERCFG_FUZZ_EXAMPLES.
EXAMPLES = int(os.environ.get("TRIGGERCFG_FUZZ_EXAMPLES", "0")) or 150
budget = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="TRIGGERCFG_FUZZ_EXAMPLES" not in os.environ,  # CI: the same documents every run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def _seeds() -> list[tuple[str, bytes]]:
    seeds = [(platform_of(p), p.read_bytes()) for p in file_cases()]
    for example in sorted((Path(__file__).parent.parent / "examples").rglob("*.toml")):
        seeds.append((example.stem, example.read_bytes()))
    if CORPUS.is_dir():
        for path in sorted(CORPUS.rglob("*.toml")):
            rel = path.relative_to(CORPUS).as_posix()
            platform = "cerebrium" if "cerebrium" in rel.split("/")[0] else "blaxel"
            if rel.startswith("docs/"):
                platform = rel.split("/")[1].split("__")[0]
            seeds.append((platform, path.read_bytes()))
    return seeds


SEEDS = _seeds()

# -- generated documents -------------------------------------------------------------------------


def _inline_table(entries: list[tuple[str, str]], layout: str) -> str:
    """An inline table, on one line (TOML 1.0) or in a TOML 1.1 layout: over
    several lines, with a trailing comma, with comments inside."""
    pairs = [f"{k} = {v}" for k, v in entries]
    if layout == "one-line" or not pairs:
        return "{ " + ", ".join(pairs) + " }"
    if layout == "comma":
        return "{ " + ", ".join(pairs) + ", }"
    comment = "  # inside" if layout == "lines-comment" else ""
    body = "".join(f"\n  {pair},{comment}" for pair in pairs)
    if layout == "lines":
        body = body.rstrip(",")
    return "{" + body + "\n}"


_comment = st.sampled_from(["", "  # note", " #", "  # triggercfg: ignore[unknown-key]", "# ünïcode"])
_string = st.sampled_from(
    [
        '"x"',
        '""',
        '"http-async"',
        '"http_async"',
        '"cron"',
        '"schedule"',
        '"https://hooks.example.com/cb"',
        '"http://hooks.example.com/cb"',
        '"https://user:pw@hooks.example.com/cb"',
        '"https://127.1/cb"',
        '"https://[::ffff:10.0.0.1]/cb"',
        '"https://local%68ost/cb"',
        '"/relative"',
        '"15m"',
        '"20m"',
        '"1h"',
        '"nonsense"',
        "'literal'",
        '"""multi\nline"""',
        '"${secrets.TOKEN}"',
        '"sk-abcdefghijklmnopqrstuvwxyz123456"',
        '"3.10"',
        '"AMPERE_A10"',
        '"TRN1"',
        '"GPU"',
        '"mk2"',
        '"[a, b]"',
        '"900"',
        '"é"',
        # TOML 1.1 escapes, in basic and multi-line strings
        '"\\x41\\e"',
        '"""a\\x7f\nb"""',
        '"https://hooks.example.com/\\x41"',
    ]
)
_number = st.sampled_from(
    [
        "0",
        "-1",
        "1",
        "8",
        "16",
        "900",
        "1200",
        "43201",
        "3.10",
        "1.5",
        "nan",
        "inf",
        "1e3",
        "0x10",
        "true",
        "false",
        "1979-05-27",
        "12:00:00",
        # TOML 1.1: times without seconds
        "12:00",
        "1979-05-27T07:32Z",
        "1979-05-27 07:32",
    ]
)
_scalar = st.one_of(_string, _number)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.builds(
            _inline_table,
            st.lists(
                st.tuples(st.sampled_from(["a", "b", "callbackUrl", "timeout"]), inner),
                max_size=3,
                unique_by=lambda kv: kv[0],
            ),
            st.sampled_from(["one-line", "one-line", "lines", "lines-comma", "comma", "lines-comment"]),
        ),
    ),
    max_leaves=6,
)

_KEYS = {
    "blaxel": {
        (): ["type", "name", "workspace", "public", "policies", "transport", "agent", "Type", "runtime.timeout"],
        ("[[triggers]]",): ["id", "type", "callbackUrl", "timeout", "path", "schedule", "ID", "configuration"],
        ("[triggers.configuration]",): [
            "callbackUrl",
            "callbackURL",
            "timeout",
            "path",
            "callbackSecret",
            "authenticationType",
            "retry",
            "maxConcurrentTasks",
            "schedule",
        ],
        ("[env]",): ["A", "HF_TOKEN", "OPENAI_API_KEY", "a.b"],
        ("[secrets]",): ["TOKEN"],
        ("[runtime]",): ["timeout", "memory", "generation", "minScale", "maxScale", "ports"],
        ("[[runtime.ports]]",): ["name", "target", "protocol"],
        ("[entrypoint]",): ["prod", "dev"],
    },
    "cerebrium": {
        (): ["cerebrium.deployment.name"],
        ("[cerebrium.deployment]",): [
            "name",
            "python_version",
            "include",
            "exclude",
            "docker_base_image_url",
            "response_grace_period",
            "shell_commands",
        ],
        ("[cerebrium.hardware]",): ["compute", "gpu", "gpu_count", "cpu", "memory", "provider", "region"],
        ("[cerebrium.scaling]",): [
            "min_replicas",
            "max_replicas",
            "cooldown",
            "cooldown_period",
            "response_grace_period",
            "replica_concurrency",
            "scaling_metric",
            "scaling_target",
        ],
        ("[cerebrium.dependencies.pip]",): ["torch", "transformers", "numpy"],
        ("[cerebrium.runtime.custom]",): ["port", "entrypoint", "healthcheck_endpoint"],
        ("[cerebrium]",): ["hardware.cpu", "deployment.name"],
    },
}


@st.composite
def documents(draw: st.DrawFn, platform: str) -> bytes:
    """A document of tables in any order (arrays of tables interrupted by other
    tables, repeated headers), inline tables, dotted keys, comments, blank
    lines; mostly valid TOML, sometimes not (a duplicate key or table)."""
    keys = _KEYS[platform]
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 8))):
        header = draw(st.sampled_from(sorted(keys)))
        if header:
            lines.append(header[0] + draw(_comment))
        names = draw(st.lists(st.sampled_from(keys[header]), max_size=5, unique=True))
        for name in names:
            if draw(st.booleans()) and draw(st.booleans()):
                lines.append(draw(st.sampled_from(["# a comment", "", "   "])))
            lines.append(f"{name} = {draw(_value)}{draw(_comment)}")
        if draw(st.booleans()):
            lines.append("")
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if draw(st.integers(0, 9)) == 0 else data


@pytest.mark.parametrize("platform", ["blaxel", "cerebrium"])
@budget
@given(data=st.data())
def test_generated_documents(platform: str, data: st.DataObject) -> None:
    document = data.draw(documents(platform))
    check_invariants(document, platform)
    fix_invariants(document, platform, unsafe=data.draw(st.booleans()))


# -- mutated real files --------------------------------------------------------------------------

_TOKENS = [
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"=",
    b'"',
    b"'",
    b'"""',
    b"\n",
    b"\r\n",
    b"\r",
    b"#",
    b".",
    b",",
    b"\\",
    b"\\u",
    b"\x00",
    b"\xff",
    b"\xc3",
    b" ",
    b"\t",
    b"0x",
    b"1e",
    b"-",
    b"nan",
    b"\xef\xbb\xbf",
]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    platform, data = draw(st.sampled_from(SEEDS))
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not buffer:
            buffer += draw(st.sampled_from(_TOKENS))
            continue
        at = draw(st.integers(0, len(buffer)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate-line", "truncate"]))
        if kind == "insert":
            buffer[at:at] = draw(st.sampled_from(_TOKENS))
        elif kind == "delete":
            del buffer[at : at + draw(st.integers(1, 16))]
        elif kind == "replace":
            buffer[at : at + 1] = draw(st.sampled_from(_TOKENS))
        elif kind == "duplicate-line":
            start = buffer.rfind(b"\n", 0, at) + 1
            end = buffer.find(b"\n", at)
            end = len(buffer) if end == -1 else end + 1
            buffer[end:end] = buffer[start:end] if buffer[start:end].endswith(b"\n") else buffer[start:end] + b"\n"
        else:
            del buffer[at:]
    return platform, bytes(buffer)


@budget
@given(case=mutations(), unsafe=st.booleans())
def test_mutated_files(case: tuple[str, bytes], unsafe: bool) -> None:
    platform, data = case
    findings = check_invariants(data, platform)
    if not any(f.rule == "toml-syntax" for f in findings):
        fix_invariants(data, platform, unsafe=unsafe)


# -- what the long runs found --------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.toml")), ids=lambda p: p.name)
def test_regressions(path: Path) -> None:
    platform = path.name.split(".")[-2]
    findings = check_invariants(path.read_bytes(), platform)
    if not any(f.rule == "toml-syntax" for f in findings):
        for unsafe in (False, True):
            fix_invariants(path.read_bytes(), platform, unsafe=unsafe)
