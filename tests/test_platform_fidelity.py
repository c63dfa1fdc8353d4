"""Every verdict agrees with what the platforms' own CLIs do with the file.

One probe per behaviour observed by running each CLI's decoding code
(../shared/PLATFORMS.md §3): the finding it calls for, at its line and
column, with the message word for word where it states a consequence; or no
error where the platform reads the file as written.
"""

from __future__ import annotations

import pytest
from conftest import with_deployment_name as named

from triggercfg import check_text, fix_text

DEFAULTS = "Blaxel cannot decode this file and deploys with default settings: nothing in it is applied"

# (platform, file text, [(rule, line, column, message)], fixed text or None)
PROBES = [
    # -- Cerebrium: keys and tables whatever their case ------------------------------
    (
        "cerebrium",
        '[Cerebrium.Deployment]\nname = "app"\n',
        [
            (
                "unusual-spelling",
                1,
                2,
                "table `Cerebrium` is read as `cerebrium` (Cerebrium ignores the case of this name); "
                "write `cerebrium` in its headers",
            ),
            (
                "unusual-spelling",
                1,
                12,
                "table `Deployment` is read as `deployment` (Cerebrium ignores the case of this name); "
                "write `[cerebrium.deployment]`",
            ),
        ],
        None,
    ),
    (
        "cerebrium",
        "[cerebrium.scaling]\nCooldown = 60\n",
        [
            (
                "unusual-spelling",
                2,
                1,
                "`Cooldown` is read as `cooldown` (Cerebrium ignores the case of this key); write `cooldown`",
            )
        ],
        "[cerebrium.scaling]\ncooldown = 60\n",
    ),
    (
        "cerebrium",
        "[cerebrium.hardware]\ncpu = 2.0\n\n[Cerebrium.Hardware]\ncpu = 4.0\n",
        # (with the deployment name `named` adds, the whole `[cerebrium.*]` is lost, name and all)
        # (the finding is on the table Cerebrium does not read; its line names the other)
        [
            (
                "case-collision",
                1,
                2,
                "table `cerebrium` and table `Cerebrium` (line 4) are one table to Cerebrium, which ignores "
                "case: the later `Cerebrium` replaces `cerebrium` whole, and `[cerebrium.hardware]` and "
                "`[cerebrium.deployment]` are lost",
            ),
            (
                "unusual-spelling",
                4,
                12,
                "table `Hardware` is read as `hardware` (Cerebrium ignores the case of this name); "
                "write `[cerebrium.hardware]`",
            ),
        ],
        None,
    ),
    (
        "cerebrium",
        '[cerebrium.deployment]\nname = "app"\n\n[CEREBRIUM.SCALING]\ncooldown = 5\n',
        [
            (
                "case-collision",
                1,
                2,
                "table `cerebrium` and table `CEREBRIUM` (line 4) are one table to Cerebrium, which ignores "
                "case: the later `CEREBRIUM` replaces `cerebrium` whole, and `[cerebrium.deployment]` is lost",
            ),
            (
                "unusual-spelling",
                4,
                12,
                "table `SCALING` is read as `scaling` (Cerebrium ignores the case of this name); "
                "write `[cerebrium.scaling]`",
            ),
        ],
        None,
    ),
    (
        "cerebrium",
        "[cerebrium.scaling]\ncooldown = 10\nCooldown = 20\n",
        [
            (
                "case-collision",
                2,
                1,
                "`cooldown` and `Cooldown` (line 3) are one key to Cerebrium, which ignores case: "
                "the later `Cooldown = 20` replaces `cooldown = 10`",
            )
        ],
        None,
    ),
    # -- Cerebrium: weak typing ------------------------------------------------------
    (
        "cerebrium",
        '[cerebrium.scaling]\ncooldown = "30"\n',
        [("unusual-spelling", 2, 12, '`cooldown` is written "30"; Cerebrium reads it as the number 30, so write 30')],
        "[cerebrium.scaling]\ncooldown = 30\n",
    ),
    (
        "cerebrium",
        '[cerebrium.scaling]\nresponse_grace_period = "900"\n',
        [
            (
                "unusual-spelling",
                2,
                25,
                '`response_grace_period` is written "900"; Cerebrium reads it as the number 900, so write 900',
            )
        ],
        "[cerebrium.scaling]\nresponse_grace_period = 900\n",
    ),
    (
        "cerebrium",
        "[cerebrium.scaling]\nmax_replicas = 2.0\n",
        [("unusual-spelling", 2, 16, "`max_replicas` is written 2.0; Cerebrium reads it as the integer 2, so write 2")],
        "[cerebrium.scaling]\nmax_replicas = 2\n",
    ),
    (
        "cerebrium",
        "[cerebrium.hardware]\ngpu_count = 1.5\n",
        [
            (
                "invalid-type",
                2,
                13,
                "`cerebrium.hardware.gpu_count` must be an integer, not a float: Cerebrium reads "
                "1.5 as 1, dropping the fraction",
            )
        ],
        None,
    ),
    (
        "cerebrium",
        "[cerebrium.scaling]\nmin_replicas = 1.9\n",
        [
            (
                "invalid-type",
                2,
                16,
                "`cerebrium.scaling.min_replicas` must be an integer, not a float: Cerebrium reads "
                "1.9 as 1, dropping the fraction",
            )
        ],
        None,
    ),
    (
        "cerebrium",
        "[cerebrium.hardware]\nmemory = true\n",
        [
            (
                "invalid-type",
                2,
                10,
                "`cerebrium.hardware.memory` must be a number, not a boolean: Cerebrium reads `true` as 1.0",
            )
        ],
        None,
    ),
    # the decode stage decides: "030" is octal to Go (24), "+1" is 1, "2.5" is a float it reads, "tRuE" no boolean
    (
        "cerebrium",
        '[cerebrium.scaling]\ncooldown = "030"\n',
        [
            (
                "invalid-type",
                2,
                12,
                '`cerebrium.scaling.cooldown` must be an integer, not a string: Cerebrium reads "030" as 24',
            )
        ],
        None,
    ),
    (
        "cerebrium",
        '[cerebrium.scaling]\nmin_replicas = "+1"\n',
        [("unusual-spelling", 2, 16, '`min_replicas` is written "+1"; Cerebrium reads it as the number 1, so write 1')],
        "[cerebrium.scaling]\nmin_replicas = 1\n",
    ),
    (
        "cerebrium",
        '[cerebrium.hardware]\ncpu = "2.5"\n',
        [("unusual-spelling", 2, 7, '`cpu` is written "2.5"; Cerebrium reads it as the number 2.5, so write 2.5')],
        "[cerebrium.hardware]\ncpu = 2.5\n",
    ),
    (
        "cerebrium",
        '[cerebrium.deployment]\nuse_uv = "tRuE"\n',
        [
            (
                "invalid-type",
                2,
                10,
                "`cerebrium.deployment.use_uv` must be a boolean, not a string: the Cerebrium "
                'CLI refuses it: it cannot read "tRuE" as a boolean',
            )
        ],
        None,
    ),
    (
        "cerebrium",
        '[cerebrium.scaling]\nresponse_grace_period = "0700"\n',
        [
            (
                "invalid-grace-period",
                2,
                25,
                '`response_grace_period` must be an integer of seconds: Cerebrium reads "0700" as 448; write `700`',
            )
        ],
        "[cerebrium.scaling]\nresponse_grace_period = 700\n",
    ),
    (
        "cerebrium",
        "[cerebrium.scaling]\nresponse_grace_period = 0.5\n",
        [
            (
                "invalid-grace-period",
                2,
                25,
                "`response_grace_period` is 0.5, which Cerebrium reads as 0; it must be a positive number of seconds",
            )
        ],
        None,
    ),
    (
        "cerebrium",
        "[cerebrium.deployment]\nuse_uv = 2\n",
        [
            (
                "invalid-type",
                2,
                10,
                "`cerebrium.deployment.use_uv` must be a boolean, not an integer: Cerebrium reads 2 as true",
            )
        ],
        None,
    ),
    (
        "cerebrium",
        '[cerebrium.deployment]\ndisable_auth = "yes"\n',
        [
            (
                "invalid-type",
                2,
                16,
                "`cerebrium.deployment.disable_auth` must be a boolean, not a string: the Cerebrium "
                'CLI refuses it: it cannot read "yes" as a boolean',
            )
        ],
        None,
    ),
    (
        "cerebrium",
        '[cerebrium.deployment]\ndisable_auth = "true"\n',
        [
            (
                "unusual-spelling",
                2,
                16,
                '`disable_auth` is written "true"; Cerebrium reads it as the boolean true, so write true',
            )
        ],
        "[cerebrium.deployment]\ndisable_auth = true\n",
    ),
    (
        "cerebrium",
        '[cerebrium.deployment]\ninclude = "a.py, b.py"\n',
        [
            (
                "invalid-type",
                2,
                11,
                "`include` is one string, which Cerebrium splits at each comma, keeping spaces and "
                'brackets: it reads "a.py" and " b.py"; write an array: '
                '`include = ["a.py", "b.py"]`',
            )
        ],
        '[cerebrium.deployment]\ninclude = ["a.py", "b.py"]\n',
    ),
    (
        "cerebrium",
        '[cerebrium.deployment]\ninclude = "main.py"\n',
        [
            (
                "unusual-spelling",
                2,
                11,
                '`include` is written "main.py"; Cerebrium reads it as the array ["main.py"], so write ["main.py"]',
            )
        ],
        '[cerebrium.deployment]\ninclude = ["main.py"]\n',
    ),
    ("cerebrium", '[cerebrium.hardware]\ncompute = "AMPERE_A10"\n', [], None),  # one compute name is a string
    # -- Cerebrium: what the CLI refuses --------------------------------------------
    (
        "cerebrium",
        '[cerebrium.hardware]\nprovider = "coreweave"\n',
        [
            (
                "invalid-value",
                2,
                12,
                '`provider = "coreweave"`: the Cerebrium CLI refuses CoreWeave as a provider; '
                "omit `provider` to let the platform choose, or write `aws`",
            )
        ],
        None,
    ),
    # A missing name is not reported: `cerebrium deploy --name` supplies it (fewest false alarms).
    ("cerebrium", '[cerebrium.deployment]\npython_version = "3.11"\n', [], None),
    (
        "cerebrium",
        '[cerebrium.deployment]\nname = ""\n',
        [("invalid-value", 2, 8, "`name` is empty: the Cerebrium CLI refuses to deploy an app without a name")],
        None,
    ),
    (
        "cerebrium",
        '[cerebrium.hardware]\ncompute = ""\n',
        [
            (
                "unknown-compute",
                2,
                11,
                "`compute` is empty: the Cerebrium CLI refuses it; use `CPU` or a GPU type such "
                "as `AMPERE_A10`, or omit `compute` for `CPU`",
            )
        ],
        None,
    ),
    ("cerebrium", '[cerebrium.scaling]\ncompute_tier = "spot"\n', [("invalid-value", 2, 16, None)], None),
    ("cerebrium", '[cerebrium.runtime]\ncontainer_runtime = "v3"\n', [("invalid-value", 2, 21, None)], None),
    # -- Blaxel: its own keys whatever their case ------------------------------------
    (
        "blaxel",
        'Type = "agent"\nname = "x"\n',
        [("unusual-spelling", 1, 1, "`Type` is read as `type` (Blaxel ignores the case of this key); write `type`")],
        'type = "agent"\nname = "x"\n',
    ),
    (
        "blaxel",
        'type = "job"\n\n[Runtime]\nmemory = 4096\n',
        [
            (
                "unusual-spelling",
                3,
                2,
                "table `Runtime` is read as `runtime` (Blaxel ignores the case of this name); write `[runtime]`",
            )
        ],
        None,
    ),
    (
        "blaxel",
        'type = "agent"\nTYPE = "function"\n',
        [
            (
                "case-collision",
                1,
                1,
                "`type` and `TYPE` (line 2) are one key to Blaxel, which ignores case, and it takes "
                'either at random (Go map order), run by run: it may deploy `type = "agent"` or '
                '`TYPE = "function"`',
            )
        ],
        None,
    ),
    # -- Blaxel: a decode error means default settings -------------------------------
    (
        "blaxel",
        'public = "true"\n',
        [("invalid-type", 1, 10, f"`public` must be a boolean, not a string: {DEFAULTS}")],
        None,
    ),
    (
        "blaxel",
        'port = "8080"\n',
        [("invalid-type", 1, 8, f"`port` must be an integer, not a string: {DEFAULTS}")],
        None,
    ),
    (
        "blaxel",
        "memory = 4096.0\n",
        [("invalid-type", 1, 10, f"`memory` must be an integer, not a float: {DEFAULTS}")],
        None,
    ),
    (
        "blaxel",
        'entrypoint = "main.py"\n',
        [
            (
                "invalid-type",
                1,
                14,
                "`entrypoint` must be a table, not a string: write a `[entrypoint]` table with "
                f"`prod` and/or `dev` keys. {DEFAULTS}",
            )
        ],
        None,
    ),
    (
        "blaxel",
        '[agent]\nworker = "x"\n',
        [
            (
                "invalid-type",
                2,
                10,
                "`agent.worker` must be a table, not a string: `[agent]` lists the packages of a "
                "multi-package root; each entry must be a `[agent.<name>]` table with a `path`. "
                f"{DEFAULTS}",
            )
        ],
        None,
    ),
    # `[runtime]` goes to the API as written: a type error there is the API's, not a decode failure.
    (
        "blaxel",
        'type = "job"\n\n[runtime]\nmemory = "4096"\n',
        [("invalid-type", 4, 10, "`runtime.memory` must be an integer, not a string")],
        None,
    ),
    # -- Blaxel: timeouts as the CLI converts them -----------------------------------
    (
        "blaxel",
        'type = "job"\n\n[runtime]\ntimeout = " 30S "\n',
        [("unusual-spelling", 4, 11, '`timeout` is written " 30S "; Blaxel reads it as 30 seconds; write "30s"')],
        'type = "job"\n\n[runtime]\ntimeout = "30s"\n',
    ),
    ("blaxel", 'type = "job"\n\n[runtime]\ntimeout = "2y"\n', [("invalid-duration", 4, 11, None)], None),
    (
        "blaxel",
        'type = "job"\n\n[runtime]\ntimeout = "400d"\n',
        [
            (
                "invalid-duration",
                4,
                11,
                '`timeout` "400d" is over a year (31536000 seconds), the longest duration the CLI accepts',
            )
        ],
        None,
    ),
    ("blaxel", 'type = "job"\n\n[runtime]\ntimeout = 40000000\n', [], None),  # an integer passes unchecked
]


@pytest.mark.parametrize(
    ("platform", "text", "expected", "fixed"), PROBES, ids=[f"{p[0]}-{i}" for i, p in enumerate(PROBES)]
)
def test_probe(platform: str, text: str, expected: list, fixed: str | None) -> None:
    if platform == "cerebrium":
        text, fixed = named(text), (named(fixed) if fixed is not None else None)
    findings = check_text(text, platform).findings
    got = [
        (f.rule, f.line, f.column, f.message if message is not None else None)
        for f, (_, _, _, message) in zip(findings, expected, strict=False)  # the lengths: asserted next
    ]
    assert [(f.rule, f.line, f.column) for f in findings] == [e[:3] for e in expected]
    assert got == [tuple(e) for e in expected]
    if fixed is not None:
        assert fix_text(text, platform).new_content == fixed.encode()


def test_no_finding_says_a_platform_ignores_a_key_it_reads() -> None:
    """unknown-key says "does not read it"; a key another case of a read key is read."""
    for platform, text, _, _ in PROBES:
        for finding in check_text(text, platform).findings:
            assert "does not read" not in finding.message, (text, finding.message)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # issue 17: the severity follows what the CLI reads
        (
            '[cerebrium.deployment]\nname = "a"\n[cerebrium.dependencies.pip]\nPillow = "latest"\npillow = "latest"\n',
            [("case-collision", "warning")],
        ),  # read once, with that value
        (
            '[cerebrium.deployment]\nname = "a"\n[cerebrium.dependencies.pip]\nPillow = "1"\npillow = "2"\n',
            [("case-collision", "error")],
        ),
        ('[cerebrium.deployment]\nname = "a"\npython_version = 3.11\n', [("python-version-not-string", "warning")]),
        ('[cerebrium.deployment]\nname = "a"\npython_version = 3.10\n', [("python-version-not-string", "error")]),
        ('[cerebrium.deployment]\nname = "a"\ndisable_auth = 1\n', [("unusual-spelling", "warning")]),
        ('[cerebrium.deployment]\nname = "a"\ndisable_auth = 2\n', [("invalid-type", "error")]),
        (
            '[cerebrium.deployment]\nname = "a"\n[cerebrium.runtime.custom]\nport = 8000\n'
            'entrypoint = "uvicorn main:app --port 8000"\n',
            [("invalid-type", "error")],
        ),
        (
            '[cerebrium.deployment]\nname = "a"\n[cerebrium.runtime.custom]\nport = 8000\n'
            'entrypoint = "uvicorn, main:app"\n',
            [("invalid-type", "error")],
        ),
        (  # one word: the array of one it reads, spelt as a string
            '[cerebrium.deployment]\nname = "a"\n[cerebrium.runtime.custom]\nport = 8000\nentrypoint = "python"\n',
            [("unusual-spelling", "warning")],
        ),
    ],
)
def test_severity_follows_what_the_cerebrium_cli_reads(text: str, expected: list[tuple[str, str]]) -> None:
    from triggercfg.api import check_text

    assert [(f.rule, f.severity.value) for f in check_text(text, "cerebrium").findings] == expected
