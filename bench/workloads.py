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


# -- real files ------------------------------------------------------------------------------------------

#: Where the public files of ../shared/corpus are (beside the repository).
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
#: Where each platform writes the app name (canonical key path).
NAME_KEY = {"blaxel": ("name",), "cerebrium": ("cerebrium", "deployment", "name")}


def real_files(corpus: Path = CORPUS) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every file of the corpus that its platform's CLI
    accepts, in a stable order: what a monorepo of real apps holds."""
    from triggercfg import effective

    out = []
    for platform in ("blaxel", "cerebrium"):
        for path in sorted((corpus / platform).rglob(f"*{platform}*.toml")):
            data = path.read_bytes()
            try:
                if effective(data, platform).accepted:
                    out.append((f"{platform}.toml", data))
            except Exception:  # a file the tool cannot even read is not a real, accepted one
                continue
    return out


def renamed(name: str, data: bytes, new: str) -> bytes:
    """``data`` with its app name replaced by ``new`` (every other byte kept);
    unchanged when it names no app, or names it with a variable."""
    from triggercfg.locate import Locations

    text = data.decode("utf-8-sig")
    platform = name.removesuffix(".toml")
    wanted = NAME_KEY[platform]
    entry = next(
        (e for path, e in Locations(text).entries.items() if tuple(str(p).lower() for p in path) == wanted), None
    )
    if entry is None or entry.value is None:
        return data
    span = entry.value
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: span.line - 1]) + span.column - 1
    end = sum(len(line) for line in lines[: span.end_line - 1]) + span.end_column - 1
    if not text[start:end].startswith(('"', "'")) or "$" in text[start:end]:
        return data
    return (text[:start] + f'"{new}"' + text[end:]).encode("utf-8")


def write_real_tree(root: Path, count: int, files: list[tuple[str, bytes]]) -> list[Path]:
    """``count`` real files, cycling through ``files``, one per folder as a
    monorepo holds them, each with an app name of its own."""
    written = []
    for index in range(count):
        name, data = files[index % len(files)]
        folder = root / f"team-{index % 10}" / f"group-{(index // 10) % 10}" / f"svc-{index:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(renamed(name, data, f"app-{index:05d}"))
        written.append(path)
    return written


# -- many findings ---------------------------------------------------------------------------------------

FINDINGS_TRIGGER = """
[[triggers]]
type = "http-async"

[triggers.configuration]
path = "agents/{name}/t{index}"
callbackUrl = "http://hooks.example.com/{name}/{index}"
"""


def findings_text(index: int, triggers: int = 23) -> str:
    """A blaxel.toml of an old repository: every trigger lacks an id and calls
    back over plain http (two findings each), and the runtime key is
    misspelt (one more): ``2 * triggers + 1`` findings."""
    name = f"app-{index:05d}"
    head = f'type = "agent"\nname = "{name}"\n\n[runtime]\nmemroy = 2048\n'
    return head + "".join(FINDINGS_TRIGGER.format(name=name, index=i) for i in range(triggers))


def write_findings_tree(root: Path, count: int, triggers: int = 23) -> list[Path]:
    written = []
    for index in range(count):
        folder = root / f"team-{index % 10}" / f"svc-{index:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "blaxel.toml"
        path.write_text(findings_text(index, triggers), encoding="utf-8")
        written.append(path)
    return written
