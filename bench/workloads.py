"""Realistic workloads for the benchmark: trees of distinct apps, huge trigger lists.

Each generated file is shaped like the public files in ../shared/corpus (an
agent with sync and async triggers, a job with a cron trigger, an MCP
function, a GPU or CPU Cerebrium app), with a name of its own so that no two
apps collide. ``bad`` files carry the mistakes users really make; ``fixable``
files carry one that ``--fix`` repairs (a safe fix).
"""

from __future__ import annotations

from pathlib import Path

AGENT = """type = "agent"
name = "{name}"
workspace = "team-{team}"

[runtime]
generation = "mk3"
memory = {memory}

[entrypoint]
prod = "python main.py"

[env]
LOG_LEVEL = "info"
OPENAI_API_KEY = "${{secrets.OPENAI_API_KEY}}"

[[triggers]]
id = "run"
type = "http"

[triggers.configuration]
path = "agents/{name}/run"
authenticationType = "private"

[[triggers]]
id = "run-async"
type = "http-async"

[triggers.configuration]
path = "agents/{name}/async"
{callback}
timeout = {timeout}
"""

JOB = """type = "job"
name = "{name}"

[runtime]
memory = {memory}
maxRetries = 2
timeout = 900

[[triggers]]
id = "nightly"
type = "cron"

[triggers.configuration]
schedule = "0 {hour} * * *"
"""

FUNCTION = """type = "function"
name = "{name}"

[runtime]
transport = "http-stream"
memory = {memory}

[entrypoint]
prod = "node dist/index.js"
dev = "npx tsx src/index.ts"

[[triggers]]
id = "mcp"
type = "http"

[triggers.configuration]
path = "functions/{name}"
"""

CEREBRIUM = """[cerebrium.deployment]
name = "{name}"
python_version = {python}
docker_base_image_url = "nvidia/cuda:12.1.1-runtime-ubuntu22.04"
include = ["./*", "main.py", "cerebrium.toml"]
exclude = [".*"]

[cerebrium.hardware]
compute = "{compute}"
cpu = 4.0
memory = 16.0
gpu_count = 1

[cerebrium.scaling]
min_replicas = 0
max_replicas = {max_replicas}
{cooldown} = 60
response_grace_period = {grace}

[cerebrium.dependencies.pip]
torch = "latest"
transformers = ">=4.44"
"""

COMPUTES = ("AMPERE_A10", "ADA_L4", "TURING_T4", "ADA_L40", "HOPPER_H100")


def blaxel_text(index: int, *, bad: bool = False, fixable: bool = False) -> str:
    """A blaxel.toml of app ``index``; ``bad``: real mistakes; ``fixable``: a safe fix."""
    kind = index % 3
    name = f"app-{index:05d}"
    if kind == 0:
        callback = f'callbackUrl = "https://hooks.example.com/blaxel/{index}"'
        if fixable:
            callback = callback.replace("callbackUrl", "callbackURL")  # safe rename
        elif bad:
            callback = callback.replace("https://", "http://")  # insecure-callback-url
        timeout = '"15m"' if not bad or fixable else '"20m"'  # over the 15-minute maximum
        return AGENT.format(
            name=name, team=index % 7, memory=2048 * (1 + index % 2), callback=callback, timeout=timeout
        )
    if kind == 1:
        text = JOB.format(name=name, memory=4096, hour=index % 24)
        if fixable or bad:
            text = text.replace('type = "cron"', 'type = "schedule"')  # deprecated, safe fix
        return text
    text = FUNCTION.format(name=name, memory=2048)
    if fixable or bad:
        text = text.replace('type = "http"', 'type = "HTTP"')  # invalid-trigger-type, safe fix
    return text


def cerebrium_text(index: int, *, bad: bool = False, fixable: bool = False) -> str:
    return CEREBRIUM.format(
        name=f"app-{index:05d}",
        python="3.10" if (bad or fixable) else '"3.11"',  # a float: python-version-not-string
        compute=COMPUTES[index % len(COMPUTES)],
        max_replicas=2 + index % 5,
        cooldown="cooldown_period" if bad and not fixable else "cooldown",
        grace=900 * (1 + index % 4),
    )


def write_tree(root: Path, count: int, *, bad_every: int = 0, fixable: bool = False) -> list[Path]:
    """``count`` config files, half of each platform, each app in its own nested
    folder (``team-3/svc-0042/blaxel.toml``). Every ``bad_every``-th file has findings."""
    written = []
    for index in range(count):
        folder = root / f"team-{index % 10}" / f"group-{(index // 10) % 10}" / f"svc-{index:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        bad = bool(bad_every) and index % bad_every == 0
        if index % 2 == 0:
            path = folder / "blaxel.toml"
            path.write_text(blaxel_text(index, bad=bad, fixable=fixable), encoding="utf-8")
        else:
            path = folder / "cerebrium.toml"
            path.write_text(cerebrium_text(index, bad=bad, fixable=fixable), encoding="utf-8")
        written.append(path)
    return written


def many_triggers(count: int, *, findings: bool = False) -> str:
    """One agent blaxel.toml with ``count`` triggers, alternating sync and
    async; with ``findings``, every trigger async with a timeout over the
    maximum (one finding, with a fix, each)."""
    parts = ['type = "agent"\nname = "fan-out"\n\n[runtime]\nmemory = 4096\n']
    for index in range(count):
        if findings:
            parts.append(
                f'\n[[triggers]]\nid = "t{index}"\ntype = "http-async"\n\n[triggers.configuration]\n'
                f'path = "agents/fan-out/a{index}"\ntimeout = 3600\n'
            )
        elif index % 2:
            parts.append(
                f'\n[[triggers]]\nid = "t{index}"\ntype = "http-async"\n\n[triggers.configuration]\n'
                f'path = "agents/fan-out/a{index}"\ncallbackUrl = "https://hooks.example.com/cb/{index}"\n'
                f'timeout = "10m"\n'
            )
        else:
            parts.append(
                f'\n[[triggers]]\nid = "t{index}"\ntype = "http"\n\n[triggers.configuration]\n'
                f'path = "agents/fan-out/s{index}"\n'
            )
    return "".join(parts)
