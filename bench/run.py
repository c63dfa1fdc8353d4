"""The benchmark: triggercfg against its floors and its peers, as whole processes.

    python bench/run.py                 # full run; writes bench/RESULTS.md and bench/scaling.svg
    python bench/run.py --quick         # a smoke run (fewer runs, no 10,000-file trees); prints only
    python bench/run.py --runs 15       # more rounds
    python bench/run.py --only real     # only the workloads whose name contains "real"

The targets apply to real files: 1,000 and 10,000 copies of the public files
of ../shared/corpus that their platform accepts, one per folder as a monorepo
holds them, each with an app name of its own (without ../shared, the
generated trees stand in, and the report says so). The generated trees are
measured too, for comparison with earlier results.

Run it from the virtual environment that has triggercfg installed. Peers are
found beside that Python or on PATH: check-jsonschema (`pip install
check-jsonschema`), taplo and tombi (both in the test extra). A missing peer is
reported and skipped, never guessed.

Method: every workload is timed in rounds; in each round every command of the
workload runs once, in an order that rotates, after one warm-up round (so
.pyc files and the page cache are warm for everyone). The tables give medians,
and each ratio is the median of the per-round ratios (paired runs), so a noisy
moment hurts both sides of a ratio. Peak memory is the maximum RSS of the
command's largest process, its workers included (``bench/peak_rss.py``;
median of three more runs).
Nothing here is a test: the test suite never times anything.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform as _platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from svgplot import line_chart
from workloads import (
    CORPUS,
    findings_text,
    many_triggers,
    real_files,
    write_findings_tree,
    write_real_tree,
    write_tree,
)

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
PYTHON = sys.executable


def tool(name: str) -> str | None:
    return shutil.which(name, path=os.path.dirname(PYTHON)) or shutil.which(name)


@dataclass
class Command:
    label: str
    argv: Sequence[str] | None  # None: the peer is not installed
    cwd: Path = ROOT
    prepare: Callable[[], None] | None = None  # runs before every timing, untimed
    times: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NO_COLOR")}
    env["NO_COLOR"] = "1"
    return env


def run_once(command: Command) -> None:
    if command.prepare is not None:
        command.prepare()
    start = time.perf_counter()
    done = subprocess.run(
        command.argv, cwd=command.cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    command.times.append(time.perf_counter() - start)
    command.codes.add(done.returncode)


def peak_rss_kb(command: Command) -> int | None:
    """Peak resident memory of the command's largest process, workers
    included (``bench/peak_rss.py``: a process that leaves after its parent
    is reaped there, and counted)."""
    if command.prepare is not None:
        command.prepare()
    done = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("peak_rss.py")), *command.argv],
        cwd=command.cwd,
        env=_env(),
        capture_output=True,
        text=True,
    )
    text = done.stdout.strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def measure(commands: list[Command], runs: int) -> list[Command]:
    live = [c for c in commands if c.argv is not None]
    for command in live:  # warm-up
        run_once(command)
        command.times.clear()
    for round_ in range(runs):
        shift = round_ % len(live)
        for command in live[shift:] + live[:shift]:
            run_once(command)
    for command in live:  # memory, apart from the timed runs
        samples = [peak_rss_kb(command) for _ in range(3)]
        command.rss_kb = [s for s in samples if s is not None]
    return commands


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(a: Command, b: Command) -> float:
    """Median over rounds of a's time / b's time."""
    if not a.times or not b.times:
        return float("nan")
    return statistics.median(x / y for x, y in zip(a.times, b.times, strict=True))


# --- peers -------------------------------------------------------------------


def check_jsonschema(folder: Path, files: list[Path]) -> list[str] | None:
    exe = tool("check-jsonschema")
    if exe is None:
        return None
    # One schema per invocation: a mixed tree needs one run per platform, as a user's CI would.
    # The file lists go through xargs, which passes as many as the system allows per run.
    parts = []
    for name in ("blaxel", "cerebrium"):
        chosen = [str(f) for f in files if f.name == f"{name}.toml"]
        if chosen:
            listing = folder / f".{name}-files.txt"
            listing.write_text("\n".join(chosen) + "\n", encoding="utf-8")
            parts.append(f"xargs -d '\\n' -a {listing} {exe} --schemafile {SCHEMAS / f'{name}.schema.json'}")
    return ["bash", "-c", "; ".join(parts)]


def peer_configs(folder: Path) -> None:
    """taplo and tombi configuration associating our schemas with the two file names."""
    (folder / ".taplo.toml").write_text(
        'include = ["**/blaxel.toml", "**/cerebrium.toml"]\n'
        + "".join(
            f'\n[[rule]]\ninclude = ["**/{n}.toml"]\n'
            f'[rule.schema]\npath = "{(SCHEMAS / f"{n}.schema.json").as_uri()}"\n'
            for n in ("blaxel", "cerebrium")
        ),
        encoding="utf-8",
    )
    (folder / "tombi.toml").write_text(
        "[schema]\ncatalog = { paths = [] }\n"
        + "".join(
            f'\n[[schemas]]\npath = "{SCHEMAS / f"{n}.schema.json"}"\ninclude = ["**/{n}.toml"]\n'
            for n in ("blaxel", "cerebrium")
        ),
        encoding="utf-8",
    )


def peers(folder: Path, files: list[Path]) -> list[Command]:
    taplo, tombi = tool("taplo"), tool("tombi")
    return [
        Command("check-jsonschema", check_jsonschema(folder, files), folder),
        Command("taplo", [taplo, "check", "--colors", "never"] if taplo else None, folder),
        Command("tombi", [tombi, "lint", "--offline"] if tombi else None, folder),
    ]


# --- the run -----------------------------------------------------------------


@dataclass
class Row:
    workload: str
    ours: Command
    others: list[Command]
    note: str = ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9, help="timed rounds per workload (default 9)")
    parser.add_argument("--quick", action="store_true", help="3 rounds, no 10,000-file trees; print only")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--only", metavar="TEXT", help="only the workloads whose name contains TEXT; print only")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    exe = tool("triggercfg")
    if exe is None:
        sys.exit("bench: triggercfg is not installed in this environment (pip install -e .)")
    print(
        f"bench: {runs} rounds per workload; peers: "
        + ", ".join(f"{n}={'yes' if tool(n) else 'missing'}" for n in ("check-jsonschema", "taplo", "tombi")),
        flush=True,
    )
    rows: list[Row] = []
    scaling: dict[str, list[tuple[int, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="triggercfg-bench-") as scratch_name:
        scratch = Path(scratch_name)

        def timed(workload: str, ours: Command, others: list[Command], note: str = "") -> Row:
            if args.only and args.only not in workload:
                return Row(workload, ours, others, note)  # not measured, not reported
            print(f"  {workload} ...", flush=True)
            measure([ours, *others], runs)
            row = Row(workload, ours, others, note)
            rows.append(row)
            return row

        # One clean file, against the floors and the peers.
        one = scratch / "one"
        one.mkdir()
        (one / "blaxel.toml").write_bytes((ROOT / "examples/clean/blaxel.toml").read_bytes().split(b"\n", 1)[1])
        peer_configs(one)
        timed(
            "one clean blaxel.toml",
            Command("triggercfg", [exe, "check", "blaxel.toml"], one),
            [
                Command("python -c pass", [PYTHON, "-c", "pass"]),
                Command('python -c "import pydantic, click"', [PYTHON, "-c", "import pydantic, click"]),
                *peers(one, [one / "blaxel.toml"]),
            ],
        )
        timed(
            "import triggercfg",
            Command("import triggercfg", [PYTHON, "-c", "import triggercfg"]),
            [Command("python -c pass", [PYTHON, "-c", "pass"])],
        )

        # Real files (the targets' workload): copies of the accepted public files, one app each.
        real = real_files() if CORPUS.is_dir() else []
        if not real:
            print(f"  (no corpus at {CORPUS}: the real-file workloads are skipped)", flush=True)
        for size in [1000] + ([] if args.quick else [10000]) if real else []:
            folder = scratch / f"real-{size}"
            files = write_real_tree(folder, size, real)
            peer_configs(folder)
            timed(
                f"{size:,} real files",
                Command("triggercfg", [exe, "check", "."], folder),
                peers(folder, files),
                note=f"{len(real)} accepted corpus files, cycled",
            )

        # Many findings: a first run on an old repository, or --add-ignore.
        findings_files = 1000 if args.quick else 4000
        per_file = findings_text(0).count("[[triggers]]") * 2 + 1
        folder = scratch / "findings-tree"
        write_findings_tree(folder, findings_files)
        timed(
            f"{findings_files:,} files with {findings_files * per_file:,} findings",
            Command("triggercfg --output-format concise", [exe, "check", "--output-format", "concise", "."], folder),
            [Command("triggercfg --output-format json", [exe, "check", "--output-format", "json", "."], folder)],
            note=str(findings_files * per_file),
        )

        # Generated trees of distinct apps; the sizes also make the scaling plot.
        sizes = [10, 100, 1000] + ([] if args.quick else [3000, 10000])
        for size in sizes:
            for label, bad_every in (("all clean", 0), ("one in ten with findings", 10)):
                if size < 1000 and bad_every == 0:
                    continue
                folder = scratch / f"tree-{size}-{bad_every}"
                files = write_tree(folder, size, bad_every=bad_every)
                peer_configs(folder)
                row = timed(
                    f"{size:,} files, {label}", Command("triggercfg", [exe, "check", "."], folder), peers(folder, files)
                )
                if bad_every:
                    for command in (row.ours, *row.others):
                        if command.times:
                            scaling.setdefault(command.label, []).append((size, median(command.times)))

        # One file with very many triggers.
        for count in (2000, 20000):
            folder = scratch / f"triggers-{count}"
            folder.mkdir()
            (folder / "blaxel.toml").write_text(many_triggers(count), encoding="utf-8")
            peer_configs(folder)
            timed(
                f"{count:,} triggers in one blaxel.toml",
                Command("triggercfg", [exe, "check", "blaxel.toml"], folder),
                peers(folder, [folder / "blaxel.toml"]),
            )

        # One file whose every trigger has a finding (issue 19: the time was quadratic in findings).
        for count in (1000, 10000):
            folder = scratch / f"findings-{count}"
            folder.mkdir()
            (folder / "blaxel.toml").write_text(many_triggers(count, findings=True), encoding="utf-8")
            peer_configs(folder)
            timed(
                f"{count:,} triggers with findings in one blaxel.toml",
                Command("triggercfg", [exe, "check", "blaxel.toml"], folder),
                peers(folder, [folder / "blaxel.toml"]),
            )

        # --fix on 1,000 files that each have a fixable finding, against a check of the same files.
        pristine = scratch / "fix-pristine"
        write_tree(pristine, 1000, fixable=True)
        work = scratch / "fix-work"

        def reset() -> None:
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(pristine, work)

        reset()
        timed(
            "--fix, 1,000 files each with a fixable finding",
            Command("triggercfg check --fix", [exe, "check", "--fix", "."], work, prepare=reset),
            [Command("triggercfg check", [exe, "check", "."], pristine)],
        )

    report = render(rows, scaling, runs)
    print()
    print(report)
    if not args.quick and not args.only:
        args.out.write_text(with_notes(report), encoding="utf-8")
        svg = line_chart(
            scaling,
            title="Wall time against files in one run (one in ten with findings)",
            x_label="files",
            y_label="seconds",
        )
        (args.out.parent / "scaling.svg").write_text(svg, encoding="utf-8")
        print(f"wrote {args.out} and {args.out.parent / 'scaling.svg'}")


def with_notes(report: str) -> str:
    """The report, then bench/NOTES.md: where the time goes, from bench/stages.py."""
    notes = Path(__file__).resolve().parent / "NOTES.md"
    return report + ("\n" + notes.read_text(encoding="utf-8") if notes.is_file() else "")


def find(rows: list[Row], workload: str) -> Row | None:
    return next((r for r in rows if r.workload == workload), None)


def targets(rows: list[Row]) -> list[tuple[str, float, str, bool]]:
    """(target, measured, how it is measured, met). The peers, memory and
    growth targets are taken on the real files where they were measured."""
    out = []
    one = find(rows, "one clean blaxel.toml")
    if one:
        floor = next(c for c in one.others if c.label.startswith('python -c "import'))
        value = ratio(one.ours, floor)
        out.append(("one clean file ≤ 1.0× `import pydantic, click`", value, f"{value:.2f}×", value <= 1.0))
    real = find(rows, "1,000 real files") is not None
    kind = "real files" if real else "files (generated)"
    big = find(rows, "1,000 real files") or find(rows, "1,000 files, one in ten with findings")
    if big:
        for peer, limit, better in (("check-jsonschema", 4.0, "faster"), ("taplo", 1.5, "time")):
            other = next((c for c in big.others if c.label == peer and c.times), None)
            if other is None:
                continue
            if better == "faster":
                value = ratio(other, big.ours)
                out.append(
                    (f"1,000 {kind} ≥ {limit:g}× faster than {peer}", value, f"{value:.2f}× faster", value >= limit)
                )
            else:
                value = ratio(big.ours, other)
                out.append((f"1,000 {kind} ≤ {limit:g}× {peer}'s time", value, f"{value:.2f}×", value <= limit))
    small, large = (
        (find(rows, "1,000 real files"), find(rows, "10,000 real files"))
        if real
        else (find(rows, "1,000 files, one in ten with findings"), find(rows, "10,000 files, one in ten with findings"))
    )
    if small and large:
        value = median(large.ours.times) / median(small.ours.times)
        out.append((f"10,000 {kind} ≤ 11× the 1,000-file time", value, f"{value:.2f}×", value <= 11))
        if large.ours.rss_kb and small.ours.rss_kb:
            value = median(large.ours.rss_kb) / median(small.ours.rss_kb)
            out.append((f"10,000 {kind}: peak memory ≤ 1.5× the 1,000-file peak", value, f"{value:.2f}×", value <= 1.5))
    heavy = next((r for r in rows if r.workload.endswith(" findings") and r.note.isdigit()), None)
    if heavy:
        count = int(heavy.note)
        for command in (heavy.ours, *heavy.others):
            if command.times:
                value = median(command.times) / count * 1e6
                form = command.label.rsplit(" ", 1)[-1]
                out.append((f"many findings, `{form}`: ≤ 20 µs a finding", value, f"{value:.1f} µs", value <= 20))
    small, large = (
        find(rows, "1,000 triggers with findings in one blaxel.toml"),
        find(rows, "10,000 triggers with findings in one blaxel.toml"),
    )
    if small and large and small.ours.times and large.ours.times:
        value = median(large.ours.times) / median(small.ours.times)
        out.append(("10,000 triggers with findings ≤ 11× the 1,000-trigger time", value, f"{value:.2f}×", value <= 11))
    small, large = find(rows, "2,000 triggers in one blaxel.toml"), find(rows, "20,000 triggers in one blaxel.toml")
    if small and large:
        value = median(large.ours.times) / median(small.ours.times)
        out.append(("20,000 triggers ≤ 11× the 2,000-trigger time", value, f"{value:.2f}×", value <= 11))
    fix = find(rows, "--fix, 1,000 files each with a fixable finding")
    if fix:
        value = ratio(fix.ours, fix.others[0])
        out.append(("`--fix` on 1,000 files ≤ 2× a check of them", value, f"{value:.2f}×", value <= 2.0))
    return out


def render(rows: list[Row], scaling: dict[str, list[tuple[int, float]]], runs: int) -> str:
    import triggercfg

    now = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = _cpu_name()
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `python bench/run.py` on {now}: triggercfg {triggercfg.__version__}, "
        f"Python {_platform.python_version()}, {os.cpu_count()} cores ({cpu}), {_platform.system()} "
        f"{_platform.release()}. {runs} paired rounds per workload after a warm-up; medians. "
        "A ratio is the median of the per-round ratios. Peers use triggercfg's own schemas "
        "(`schemas/*.schema.json`); check-jsonschema runs once per schema, as a user's CI must.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "| --- | --- | --- |",
    ]
    for name, _, shown, met in targets(rows):
        lines.append(f"| {name} | {shown} | {'yes' if met else '**no**'} |")
    lines += [
        "",
        "## Every workload",
        "",
        "| workload | command | median | peak RSS | relative to triggercfg |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        for command in (row.ours, *row.others):
            if command.argv is None:
                lines.append(f"| {row.workload} | {command.label} | not installed | | |")
                continue
            rel = "—" if command is row.ours else f"{ratio(command, row.ours):.2f}×"
            rss = f"{median(command.rss_kb) / 1024:.1f} MB" if command.rss_kb else "n/a"
            lines.append(
                f"| {row.workload} | {command.label} | {median(command.times) * 1000:.1f} ms | {rss} | {rel} |"
            )
    lines += [
        "",
        "## Growth with the number of files",
        "",
        "![time against files](scaling.svg)",
        "",
        "| files | " + " | ".join(scaling) + " |",
        "| --- |" + " --- |" * len(scaling),
    ]
    sizes = sorted({n for points in scaling.values() for n, _ in points})
    for size in sizes:
        cells = []
        for points in scaling.values():
            value = dict(points).get(size)
            cells.append(f"{value * 1000:.0f} ms" if value is not None else "")
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return _platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
