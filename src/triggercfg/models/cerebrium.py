"""Pydantic model of a whole ``cerebrium.toml`` (PLATFORMS.md §2).

The Go CLI reads the ``cerebrium`` key (required) and unmarshals its sections
one by one; every other key is ignored, so unknown keys are allowed here and
reported by the linter instead.
"""

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import ConfigDict, Field

from ..limits import COMPUTE, LEGACY_COMPUTE, MAX_GPU_COUNT, MAX_GRACE_PERIOD
from ._base import TomlModel, doc

DOCS = "https://docs.cerebrium.ai/toml-reference/toml-reference"

if TYPE_CHECKING:  # pragma: no cover
    ComputeName = str  # the names are data (limits.COMPUTE); to a type checker, a string
else:
    ComputeName = Literal[COMPUTE + tuple(LEGACY_COMPUTE)]
Number = Annotated[float, Field(gt=0)]
StringList = list[str]


class Deployment(TomlModel):
    name: str = doc(
        "App name. Required: the Cerebrium CLI refuses a file without one, even with "
        "`cerebrium deploy --name` (it checks the file before it applies the flag).",
        examples=["my-app"],
        link=DOCS,
        required=True,
    )
    python_version: str | None = doc(
        'Python version, as a string: `"3.10"`, not `3.10` (a float, read as 3.1).',
        examples=["3.11", "3.12"],
        doc_default="3.11",
    )
    docker_base_image_url: str | None = doc(
        "Base image (public or private).",
        examples=["debian:bookworm-slim", "nvidia/cuda:12.1.1-runtime-ubuntu22.04"],
        doc_default="debian:bookworm-slim",
    )
    disable_auth: bool | None = doc("`false` requires a JWT on every request.", doc_default=True)
    include: StringList | str | None = doc(
        "Glob patterns of files to upload. (A single string is the legacy form.)",
        examples=[["./*", "main.py", "cerebrium.toml"]],
    )
    exclude: StringList | str | None = doc(
        "Glob patterns of files not to upload. (A single string is the legacy form.)",
        examples=[[".*"]],
    )
    shell_commands: StringList | None = doc("Commands run at the end of the build.")
    pre_build_commands: StringList | None = doc("Commands run before dependencies install.")
    use_uv: bool | None = doc("Install Python packages with uv.", doc_default=False)
    deployment_initialization_timeout: int | None = doc(
        "Seconds allowed for the app to start, 60 to 830.", doc_default=600, ge=60, le=830
    )
    cuda_version: str | None = doc(
        "Legacy; use `docker_base_image_url` (e.g. `nvidia/cuda:…`).",
        deprecated="use docker_base_image_url",
    )
    roll_out_duration_seconds: int | None = doc(
        "Legacy place; write it in `[cerebrium.scaling]`.",
        deprecated="moved to [cerebrium.scaling]",
        ge=0,
        le=600,
    )


class Hardware(TomlModel):
    cpu: Number | None = doc("vCPUs (fractions allowed).", examples=[2.0], doc_default=2.0)
    memory: Number | None = doc("Memory (RAM) in GB.", examples=[8.0], doc_default=2.0)
    compute: ComputeName | Annotated[list[ComputeName], Field(min_length=1, max_length=5)] | None = doc(
        "Compute type, or a list of up to 5 in order of preference (one family).",
        examples=["CPU", "AMPERE_A10", "ADA_L40"],
        doc_default="CPU",
    )
    gpu_count: int | None = doc(
        "Number of accelerators: at most 8 NVIDIA GPUs, 12 Inferentia2 chips (`INF2`) or 16 Trainium chips (`TRN1`).",
        ge=0,
        le=MAX_GPU_COUNT,
    )
    provider: str | None = doc("Cloud provider; omit to let the platform choose.", examples=["aws"])
    region: str | None = doc("Region, or `global`.", examples=["us-east-1", "us-central1", "eu-north-1", "global"])
    gpu: str | None = doc("Legacy; use `compute`.", deprecated="use compute")


class Scaling(TomlModel):
    min_replicas: int | None = doc("Minimum replicas (0 scales to zero).", doc_default=0, ge=0)
    max_replicas: int | None = doc("Maximum replicas.", doc_default=1, ge=0)
    cooldown: int | None = doc("Seconds at reduced concurrency before scaling down.", doc_default=10, ge=0)
    replica_concurrency: int | None = doc("Requests one replica handles at once.", examples=[1, 100], ge=1)
    response_grace_period: int | None = doc(
        "Seconds a request may run (request timeout and SIGTERM→SIGKILL window). Bounds async "
        "runs (`?async=true`), whose maximum is 12 hours (43200 s).",
        doc_default=900,
        ge=1,
        le=MAX_GRACE_PERIOD,
        link="https://docs.cerebrium.ai/endpoints/async",
    )
    scaling_metric: (
        Literal["concurrency_utilization", "requests_per_second", "cpu_utilization", "memory_utilization"] | None
    ) = doc("Metric that drives scaling.", doc_default="concurrency_utilization")
    scaling_target: int | None = doc(
        "Target: % for utilization metrics, requests/s for `requests_per_second`.",
        doc_default=100,
        ge=0,
    )
    scaling_buffer: int | None = doc("Extra replicas kept above the target.", ge=0)
    roll_out_duration_seconds: int | None = doc("Gradual roll-out duration, 0 to 600 s.", doc_default=0, ge=0, le=600)
    evaluation_interval_seconds: int | None = doc(
        "Seconds between scaling evaluations, 6 to 300.", doc_default=30, ge=6, le=300
    )
    load_balancing_algorithm: Literal["round-robin", "first-available", "min-connections", "random-choice-2"] | None = (
        doc("Load balancing; unset = automatic.")
    )
    compute_tier: Literal["interruptible", "protected"] | None = doc(
        "`protected` avoids preemption (2x price).", doc_default="interruptible"
    )


class CustomRuntime(TomlModel):
    port: Annotated[int, Field(ge=1, le=65535)] = doc(
        "Port the server listens on. Required.", required=True, examples=[8000]
    )
    entrypoint: StringList | str | None = doc(
        "Start command as a list of words.",
        examples=[["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]],
    )
    healthcheck_endpoint: str | None = doc("Liveness path; failure restarts the instance.")
    readycheck_endpoint: str | None = doc("Readiness path; failure removes it from balancing.")
    dockerfile_path: str | None = doc("Relative path to a Dockerfile.", examples=["./Dockerfile"])


class PartnerRuntime(TomlModel):
    port: Annotated[int, Field(ge=1, le=65535)] | None = doc("Port.", examples=[8001])
    model_name: str | None = doc("Partner model name.")
    language: str | None = doc("Language code, e.g. `en`.")
    image_version: str | None = doc("Pinned partner image tag.")


class Runtime(TomlModel):
    container_runtime: Literal["v1", "v2"] | None = doc("`v1` (runc) or `v2` (gVisor).")
    custom: CustomRuntime | None = doc("Custom web server or Dockerfile runtime.")
    deepgram: PartnerRuntime | None = doc("Deepgram partner service.")
    rime: PartnerRuntime | None = doc("Rime partner service.")


class DependencyPaths(TomlModel):
    pip: str | None = doc("Path to a requirements.txt.", examples=["requirements.txt"])
    apt: str | None = doc("Path to a list of apt packages.", examples=["pkglist.txt"])
    conda: str | None = doc("Path to a list of conda packages.")


Packages = dict[str, str]


class Dependencies(TomlModel):
    model_config = ConfigDict(extra="allow")
    pip: Packages | None = doc('Package → version spec (`"latest"`, `">=1.5"`).', examples=[{"numpy": "latest"}])
    conda: Packages | None = doc("Package → version spec.")
    apt: Packages | None = doc('Package → version (usually `"latest"`).')
    paths: DependencyPaths | None = doc("Dependency files.")


class Experimental(TomlModel):
    checkpointing: bool | None = doc("Container checkpointing (beta).")


class LegacyBuild(TomlModel):
    """`[cerebrium.build]`: removed. Its keys are now `cerebrium deploy` flags."""

    model_config = ConfigDict(json_schema_extra={"deprecated": True})


class CerebriumSection(TomlModel):
    deployment: Deployment = doc("Name, Python, base image, files and build commands.", required=True)
    hardware: Hardware | None = doc("CPU, memory, compute, GPUs, provider and region.")
    scaling: Scaling | None = doc("Replicas, concurrency, grace period and roll-out.")
    runtime: Runtime | None = doc("Custom or partner runtimes.")
    dependencies: Dependencies | None = doc("pip, conda and apt packages.")
    experimental: Experimental | None = doc("Experimental features.")
    build: LegacyBuild | None = doc(
        "Legacy section; its keys are now CLI flags or `[cerebrium.deployment] use_uv`.",
        deprecated="removed",
    )


class CerebriumConfig(TomlModel):
    """cerebrium.toml: deployment configuration of a Cerebrium app."""

    model_config = ConfigDict(title="cerebrium.toml")

    cerebrium: CerebriumSection = doc(
        "Everything Cerebrium reads lives under `[cerebrium.*]`.", required=True, link=DOCS
    )


__all__ = ["COMPUTE", "LEGACY_COMPUTE", "MAX_GRACE_PERIOD", "CerebriumConfig"]
