"""Pydantic model of a whole ``blaxel.toml`` (PLATFORMS.md §1).

The ``bl`` CLI decodes the file into a Go struct and passes ``[runtime]``,
``[[triggers]]`` and ``[[volumes]]`` through to the control-plane API, so the
valid keys of those tables are the API's. Unknown keys are ignored by the CLI
and are therefore allowed here; the linter warns about them.
"""

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from ..limits import MAX_ASYNC_TIMEOUT
from ._base import INTERPOLATION_PATTERN, DurationString, TomlModel, doc

DOCS = "https://docs.blaxel.ai/deployment-reference"
ASYNC_DOCS = "https://docs.blaxel.ai/Agents/Asynchronous-triggers"

ResourceType = Literal["agent", "function", "job", "sandbox", "volume-template", "volumetemplate", "vt", "application"]
Interpolated = Annotated[str, Field(pattern=INTERPOLATION_PATTERN)]
Port = Annotated[int, Field(ge=1, le=65535)]
Timeout = Annotated[int, Field(ge=0)] | DurationString


class Entrypoint(TomlModel):
    """Start commands. Must be a table: ``entrypoint = "main.py"`` is a decode error."""

    prod: str | None = doc(
        "Production start command. Auto-detected when omitted (main.py, app.py, … for Python; "
        "main.go for Go; the `start` script of package.json for TypeScript).",
        examples=["python main.py", ".venv/bin/python3 -m src"],
    )
    dev: str | None = doc("Command used by `bl serve --hotreload`.", examples=["uvicorn main:app --reload"])


class Build(TomlModel):
    args: dict[str, str] | None = doc(
        "Docker `--build-arg` values (not secret). Merged with `.env.build`.",
        examples=[{"NODE_ENV": "production"}],
    )
    slim: bool | None = doc(
        "Automatic image slimming; `slim = false` opts out. Not read by the CLI itself.",
        doc_default=True,
    )


class RuntimePort(TomlModel):
    target: Port = doc("Port number the process listens on. Required.", required=True, examples=[3000])
    name: str | None = doc("Name of the port.", examples=["dev-server"])
    protocol: Literal["HTTP", "TCP", "UDP", "TLS", "http", "tcp", "udp", "tls"] | None = doc(
        "Protocol. The API enum is upper case; the docs' own template writes lower case.",
        examples=["TCP", "HTTP"],
    )


class RuntimeEnv(TomlModel):
    name: str = doc("Variable name.", required=True)
    value: str | None = doc("Variable value.")


class Runtime(TomlModel):
    """`[runtime]`: the union of the per-resource runtime keys of the API."""

    memory: int | None = doc(
        "Memory in MB. CPU cores = memory / 2048 (4096 MB gives 2 CPUs).",
        examples=[2048, 4096],
        ge=1,
    )
    generation: str | None = doc(
        "Infrastructure generation: `mk3` (default). `mk2` was decommissioned in Q2 2026.",
        examples=["mk3"],
    )
    minScale: int | None = doc("Minimum instances (agents, functions). 0 scales to zero.", examples=[0, 1], ge=0)
    maxScale: int | None = doc("Maximum concurrent instances (agents, functions).", ge=0)
    transport: str | None = doc(
        "MCP transport of a function: `http-stream` or `websocket`.",
        examples=["http-stream", "websocket"],
    )
    ports: list[RuntimePort] | None = doc("Ports exposed by a function, job or sandbox (`[[runtime.ports]]`).")
    envs: list[RuntimeEnv] | None = doc("Overwritten by the CLI from `[env]`; write variables in `[env]` instead.")
    image: str | None = doc("Filled in by `bl deploy`; set the top-level `image` instead.")
    timeout: Timeout | None = doc(
        'Job task timeout: integer seconds or a duration string (`"15m"`). Jobs only.',
        examples=[900, "15m"],
    )
    maxRetries: int | None = doc("Retries per failed job task.", examples=[0, 3], ge=0)
    maxConcurrentTasks: int | None = doc(
        "Job concurrency. Removed from the API on 2026-04-15 but still documented.",
        deprecated="removed from the API on 2026-04-15",
        ge=1,
    )
    diskPercent: int | None = doc("Job tmpfs disk as % of VM RAM (mk3.1 only).", doc_default=50, ge=10, le=95)
    ttl: str | None = doc("Sandbox maximum age, e.g. `24h`.", examples=["24h"])
    expires: str | None = doc("Sandbox absolute expiry (ISO 8601).")
    terminationGracePeriodSeconds: int | None = doc("Sandbox termination grace period in seconds.", doc_default=0, ge=0)
    extraArgs: dict[str, str] | None = doc("Sandbox extra arguments (`iptables`, `nfs`, `tun` = `enabled`/`disabled`).")
    storageMb: int | None = doc("Sandbox root storage in MB.", examples=[102400], ge=1)


class Volume(TomlModel):
    name: str = doc("Volume name (existing volume in the same workspace and region). Required.", required=True)
    mountPath: str = doc("Absolute mount path. Required.", required=True, examples=["/data"])
    type: Literal["persistent", "ephemeral"] | None = doc(
        "Volume type. Ephemeral volumes are only available for jobs.", doc_default="persistent"
    )
    sizeMb: int | None = doc("Size in MB; required for ephemeral volumes.", ge=1)
    readOnly: bool | None = doc("Mount read-only.")


class _HttpConfigurationKeys(TomlModel):
    path: str | None = doc(
        "Endpoint path relative to `https://run.blaxel.ai/{workspace}/`.",
        examples=["agents/my-agent/async"],
    )
    authenticationType: str | None = doc("`private` (default) or `public`.", examples=["private", "public"])
    retry: int | None = doc("Retries of the trigger.", examples=[1, 3], ge=0)


class HttpConfiguration(_HttpConfigurationKeys):
    """`[triggers.configuration]` of an `http` trigger."""


class HttpAsyncConfiguration(_HttpConfigurationKeys):
    """`[triggers.configuration]` of an `http-async` trigger."""

    callbackUrl: str | None = doc(
        "URL that receives the result as a signed POST (`X-Blaxel-Signature: sha256=<hex>`). "
        "Optional. Callbacks work only on Mark 3, Blaxel's current infrastructure generation: "
        '`[runtime] generation = "mk3"`, the default since Mark 2 was retired (Q2 2026).',
        examples=["https://hooks.example.com/blaxel"],
        pattern=r"^[A-Za-z][A-Za-z0-9+.-]*://",
        link=ASYNC_DOCS,
    )
    timeout: Annotated[int, Field(ge=0, le=MAX_ASYNC_TIMEOUT)] | DurationString | None = doc(
        "Timeout of the async task: integer seconds or a duration string. At most 900 s (15 minutes).",
        examples=[900, "15m"],
    )


class CronConfiguration(TomlModel):
    """`[triggers.configuration]` of a `cron` trigger."""

    schedule: str | None = doc("5-field cron expression.", examples=["0 * * * *"])
    tasks: list[dict[str, object]] | None = doc(
        "Task arguments, one task per entry, for each occurrence.",
        examples=[[{"p_id": "1234"}]],
    )


_ARRAY_CONFIG = (
    "Written as a single table `[triggers.configuration]`. The array form "
    "`[[triggers.configuration]]` appears only in a docs reference block (a typo)."
)


class _TriggerBase(TomlModel):
    id: str | None = doc(
        "Unique trigger id. When omitted the server generates one (unstable across deploys).",
        examples=["async"],
    )
    enabled: bool | None = doc("Whether the trigger is active.", doc_default=True)


class HttpTrigger(_TriggerBase):
    """Synchronous HTTP endpoint (agents and functions)."""

    type: Literal["http"] = doc("Trigger type.", required=True)
    configuration: HttpConfiguration | list[HttpConfiguration] | None = doc(_ARRAY_CONFIG)


class HttpAsyncTrigger(_TriggerBase):
    """Asynchronous HTTP endpoint (agents only); runs up to 15 minutes."""

    type: Literal["http-async"] = doc("Trigger type.", required=True)
    configuration: HttpAsyncConfiguration | list[HttpAsyncConfiguration] | None = doc(_ARRAY_CONFIG)


class CronTrigger(_TriggerBase):
    """Scheduled execution (jobs only)."""

    type: Literal["cron"] = doc("Trigger type.", required=True)
    configuration: CronConfiguration | list[CronConfiguration] | None = doc(_ARRAY_CONFIG)


class ScheduleTrigger(_TriggerBase):
    """Legacy name of `cron` (renamed in the docs on 2026-05-27)."""

    model_config = ConfigDict(json_schema_extra={"deprecated": True})
    type: Literal["schedule"] = doc("Legacy trigger type; write `cron`.", required=True, deprecated="use cron")
    configuration: CronConfiguration | list[CronConfiguration] | None = doc(_ARRAY_CONFIG)


Trigger = Annotated[
    HttpTrigger | HttpAsyncTrigger | CronTrigger | ScheduleTrigger,
    Field(discriminator="type"),
]


class Package(TomlModel):
    """A sub-package of a multi-package root (`[function.<name>]`, `[agent.<name>]`, `[job.<name>]`)."""

    path: str = doc("Sub-folder holding the package's own blaxel.toml. Required.", required=True)
    port: Port | None = doc("Port for `bl serve` (required there for agents and functions).")


class GithubRunner(TomlModel):
    repositories: list[str] | None = doc(
        "`owner/repo` names; the job then acts as a self-hosted GitHub Actions runner."
    )


class BlaxelConfig(TomlModel):
    """blaxel.toml: deployment configuration of a Blaxel agent, function, job or sandbox."""

    model_config = ConfigDict(title="blaxel.toml")

    type: ResourceType | Interpolated | None = doc(
        "Resource type. Without it, `bl deploy` prompts (non-interactive: `sandbox`).",
        examples=["agent", "function", "job", "sandbox"],
        link=DOCS,
    )
    name: str | None = doc(
        "Resource name (slugified by the CLI; at most 49 characters). Defaults to the folder name.",
        examples=["my-agent"],
    )
    workspace: str | None = doc("Workspace used by `bl` commands run in this folder.")
    public: bool | None = doc("Public endpoint (agents; functions per the API).", doc_default=False)
    region: str | None = doc(
        "Region; required when an agent attaches volumes.",
        examples=["us-pdx-1", "us-was-1", "eu-lon-1", "eu-fra-1", "auto"],
    )
    policies: list[str] | None = doc("Policy names.", examples=[["na"]])
    image: str | None = doc("Pre-built image; skips the build.")
    functions: list[str] | None = doc("Functions to preload (`all` = every one).", examples=[["all"]])
    models: list[str] | None = doc("Models to preload (`all` = every one).", examples=[["all"]])
    agents: list[str] | None = doc("Agents to preload.")
    description: str | None = doc("Free text (shown in sandbox templates; not read by the CLI).")
    protocol: str | None = doc("Legacy; parsed by the CLI but unused.")
    skipRoot: bool | None = doc(
        "With `[function.*]`/`[agent.*]`/`[job.*]`: do not deploy the root folder.",
        doc_default=False,
    )
    directory: str | None = doc("Volume templates: folder whose contents form the template.")
    defaultSize: int | None = doc("Volume templates: default volume size in MB.", ge=1)
    memory: int | None = doc("Applications: memory in MB.", doc_default=2048, ge=1)
    port: Port | None = doc("Applications: listening port.", doc_default=8080)
    githubRunner: GithubRunner | None = doc("Jobs: self-hosted GitHub Actions runner.")
    entrypoint: Entrypoint | None = doc("`[entrypoint]` table with `prod` and/or `dev` commands.")
    env: dict[str, str] | None = doc(
        "Runtime environment variables (not secret; use `.env` or `${secrets.X}` for secrets).",
        examples=[{"LOG_LEVEL": "info"}],
    )
    build: Build | None = doc("Build settings.")
    runtime: Runtime | None = doc("Runtime settings (`[runtime]`).")
    triggers: list[Trigger] | None = doc(
        "Triggers (`[[triggers]]`): `http`, `http-async` (agents) or `cron` (jobs).", link=DOCS
    )
    volumes: list[Volume] | None = doc("Volumes (`[[volumes]]`).")
    function: dict[str, Package] | None = doc("Multi-package root: function packages.")
    agent: dict[str, Package] | None = doc("Multi-package root: agent packages.")
    job: dict[str, Package] | None = doc("Multi-package root: job packages.")
