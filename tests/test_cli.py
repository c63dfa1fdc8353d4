"""The command line as a user meets it: exit codes, bad input, output formats,
configuration, suppression, and fixes written to disk."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SHARED

from triggercfg import __version__
from triggercfg.cli import cli

BROKEN = '[[triggers]]\nid = "a"\ntype = "http_async"  # typo\n'
WARN_ONLY = 'type = "agent"\n\n[[triggers]]\ntype = "http"\n'
CLEAN = 'type = "agent"\n\n[[triggers]]\nid = "a"\ntype = "http"\n'


def run(*args: str, cwd: Path | None = None, env: dict | None = None):
    runner = CliRunner()
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


# -- exit codes ------------------------------------------------------------------


def test_exit_codes(tmp_path: Path) -> None:
    assert run("check", str(write(tmp_path / "a" / "blaxel.toml", CLEAN))).exit_code == 0
    assert run("check", str(write(tmp_path / "b" / "blaxel.toml", WARN_ONLY))).exit_code == 0
    assert run("check", "--strict", str(tmp_path / "b" / "blaxel.toml")).exit_code == 1
    assert run("check", str(write(tmp_path / "c" / "blaxel.toml", BROKEN))).exit_code == 1
    assert run("check", "--exit-zero", str(tmp_path / "c" / "blaxel.toml")).exit_code == 0


def test_missing_path_is_exit_2_with_one_line(tmp_path: Path) -> None:
    result = run("check", "--output-format", "concise", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2
    assert result.stderr == f"triggercfg: error: {tmp_path / 'nope.toml'}: no such file or directory\n"
    assert "Traceback" not in result.output


def test_missing_path_does_not_hide_other_findings(tmp_path: Path) -> None:
    real = write(tmp_path / "blaxel.toml", BROKEN)
    result = run("check", "--output-format", "concise", str(real), str(tmp_path / "gone"))
    assert result.exit_code == 2
    assert "TC103" in result.output


def test_unknown_platform_name(tmp_path: Path) -> None:
    other = write(tmp_path / "deploy.toml", BROKEN)
    result = run("check", str(other))
    assert result.exit_code == 2
    assert "cannot tell the platform" in result.output
    assert run("check", "--platform", "blaxel", str(other)).exit_code == 1


def test_schema_directive_names_the_platform(tmp_path: Path) -> None:
    other = write(tmp_path / "agent.toml", "#:schema ./schemas/blaxel.schema.json\n\n" + BROKEN)
    result = run("check", "--output-format", "concise", str(other))
    assert result.exit_code == 1
    assert f"{other}:5:8: TC103" in result.output


def test_directory_without_config_files(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert "no blaxel.toml or cerebrium.toml found" in result.output


def test_a_directory_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "blaxel.toml").mkdir()
    result = run("check", str(tmp_path / "blaxel.toml"))
    assert result.exit_code == 2


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "blaxel.toml", CLEAN)
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads anything: simulate the refusal where the tool opens the file
        real_open = os.open

        def denied(name: str, flags: int, *args: object, **kwargs: object) -> int:
            if os.fspath(name) == str(path):
                raise PermissionError(13, "Permission denied", name)
            return real_open(name, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", denied)
    result = run("check", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"triggercfg: error: {path}: cannot read: Permission denied\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'name = "caf\xe9"\n', "1:12: TC001 [toml-syntax] file is not valid UTF-8: byte 0xe9"),
        (b"\xff\xfe[\x00", "1:1: TC001 [toml-syntax] file is encoded as UTF-16"),
        (b"\x00\x01binary", "1:1: TC001 [toml-syntax] file looks binary"),
        (b"[[triggers]\n", "1:12: TC001 [toml-syntax] invalid TOML: unclosed array table, expected `]`"),
        (b"x" * (5 * 1024 * 1024), "1:1: TC001 [toml-syntax] file is 5,242,880 bytes"),
    ],
)
def test_bad_bytes_get_one_clear_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path / "blaxel.toml", data)
    result = run("check", "--output-format", "concise", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{path}:{message}" or result.output.splitlines()[0].startswith(
        f"{path}:{message}"
    )
    assert "Traceback" not in result.output


def test_empty_files(tmp_path: Path) -> None:
    assert run("check", str(write(tmp_path / "a" / "blaxel.toml", b""))).exit_code == 0
    result = run("check", "--output-format", "concise", str(write(tmp_path / "b" / "cerebrium.toml", b"")))
    assert result.exit_code == 1
    assert "1:1: TC004 [missing-required-key] no `[cerebrium]` table" in result.output


# -- discovery -------------------------------------------------------------------


def test_directory_search_skips_venvs_and_node_modules(tmp_path: Path) -> None:
    write(tmp_path / "svc" / "blaxel.toml", BROKEN)
    write(tmp_path / "node_modules" / "x" / "blaxel.toml", BROKEN)
    write(tmp_path / ".venv" / "blaxel.toml", BROKEN)
    write(tmp_path / "env" / "pyvenv.cfg", "")
    write(tmp_path / "env" / "lib" / "cerebrium.toml", "")
    result = run("check", "--output-format", "concise", ".", cwd=tmp_path)
    assert [line.split(":")[0] for line in result.output.splitlines()[:-2]] == ["svc/blaxel.toml"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_directory_search_honours_gitignore(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path / ".gitignore", "build/\n")
    write(tmp_path / "build" / "blaxel.toml", BROKEN)
    write(tmp_path / "app" / "blaxel.toml", BROKEN)
    result = run("check", "--output-format", "json", ".", cwd=tmp_path)
    assert {d["path"] for d in json.loads(result.output)} == {"app/blaxel.toml"}


# -- output formats --------------------------------------------------------------


def test_full_output(tmp_path: Path) -> None:
    path = write(tmp_path / "blaxel.toml", BROKEN)
    result = run("check", "--no-color", str(path))
    assert result.output == (
        f'{path}:3:8: TC103 [*] [invalid-trigger-type] trigger type "http_async" does not exist; '
        "did you mean `http-async`?\n"
        "  |\n"
        '3 | type = "http_async"  # typo\n'
        "  |        ^^^^^^^^^^^^\n"
        '  = help: Replace with "http-async"\n'
        "\n"
        "1 error, 0 warnings in 1 file.\n"
        "[*] 1 fixable with `--fix`.\n"
    )


def test_colour_only_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path / "blaxel.toml", BROKEN)
    assert "\x1b[" not in run("check", str(path)).output  # not a terminal
    assert "\x1b[" in run("check", "--color", str(path)).output
    assert "\x1b[" not in run("check", "--color", "--no-color", str(path)).output


def test_json_output_contract(tmp_path: Path) -> None:
    path = write(tmp_path / "blaxel.toml", BROKEN)
    (entry,) = json.loads(run("check", "--output-format", "json", str(path)).output)
    assert entry == {
        "path": str(path),
        "platform": "blaxel",
        "rule": "invalid-trigger-type",
        "code": "TC103",
        "severity": "error",
        "message": 'trigger type "http_async" does not exist; did you mean `http-async`?',
        "key": "triggers[0].type",
        "line": 3,
        "column": 8,
        "end_line": 3,
        "end_column": 20,
        "fix": {"applicability": "safe", "message": 'Replace with "http-async"'},
    }


def test_json_output_keeps_stdout_parseable_with_problems(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "triggercfg", "check", "--output-format", "json", str(tmp_path / "gone")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert json.loads(result.stdout) == []
    assert "no such file or directory" in result.stderr


def test_concise_and_github_output(tmp_path: Path) -> None:
    path = write(tmp_path / "blaxel.toml", BROKEN)
    concise = run("check", "--output-format", "concise", str(path)).output.splitlines()
    assert concise[0] == (
        f'{path}:3:8: TC103 [*] [invalid-trigger-type] trigger type "http_async" does not exist; '
        "did you mean `http-async`?"
    )
    github = run("check", "--output-format", "github", str(path)).output.strip()
    assert github.startswith(
        f"::error title=triggercfg (TC103 invalid-trigger-type),file={path},line=3,col=8,endLine=3,endColumn=20::"
    )


@pytest.mark.skipif(
    not (SHARED / "schemas" / "sarif-schema-2.1.0.json").is_file(),
    reason="../shared/schemas/sarif-schema-2.1.0.json is not beside this checkout",
)
def test_sarif_output_validates(tmp_path: Path) -> None:
    import jsonschema

    path = write(tmp_path / "blaxel.toml", BROKEN)
    document = json.loads(run("check", "--output-format", "sarif", str(path)).output)
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(document, schema)
    (result,) = document["runs"][0]["results"]
    assert result["ruleId"] == "TC103"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 8,
        "endLine": 3,
        "endColumn": 20,
    }


# -- selection and suppression ---------------------------------------------------


def test_select_and_ignore(tmp_path: Path) -> None:
    path = write(tmp_path / "blaxel.toml", BROKEN + "[[triggers]]\ntype = 'http'\n")
    codes = lambda *a: {d["code"] for d in json.loads(run("check", "--output-format", "json", *a, str(path)).output)}  # noqa: E731
    assert codes() == {"TC103", "TC102"}
    assert codes("--ignore", "invalid-trigger-type") == {"TC102"}
    assert codes("--select", "TC102") == {"TC102"}
    assert codes("--select", "TC1", "--ignore", "TC102") == {"TC103"}
    result = run("check", "--select", "no-such-rule", str(path))
    assert result.exit_code == 2
    assert "unknown rule `no-such-rule`" in result.output


def test_inline_suppression(tmp_path: Path) -> None:
    text = BROKEN.replace("# typo", "# triggercfg: ignore[invalid-trigger-type]")
    assert run("check", str(write(tmp_path / "a" / "blaxel.toml", text))).exit_code == 0
    other = BROKEN.replace("# typo", "# triggercfg: ignore[TC101]")
    assert run("check", str(write(tmp_path / "b" / "blaxel.toml", other))).exit_code == 1
    bare = BROKEN.replace("# typo", "# triggercfg: ignore")
    assert run("check", str(write(tmp_path / "c" / "blaxel.toml", bare))).exit_code == 0


def test_pyproject_configuration(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.triggercfg]\ngrace-period-maximum = 3600\nignore = ["TC0"]\n')
    write(tmp_path / "cerebrium.toml", "[cerebrium.scaling]\nresponse_grace_period = 7200\nfoo = 1\n")
    result = run("check", "--output-format", "concise", ".", cwd=tmp_path)
    assert result.output.splitlines()[0] == (
        "cerebrium.toml:2:25: TC201 [grace-period-exceeds-maximum] `response_grace_period` is 7200 seconds "
        "(2 hours), over the configured maximum of 3600 seconds (`grace-period-maximum`)"
    )
    assert "TC005" not in result.output


def test_bad_configuration_is_exit_2(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.triggercfg]\ngrace-period-maximum = 99999\n")
    write(tmp_path / "blaxel.toml", CLEAN)
    result = run("check", ".", cwd=tmp_path)
    assert result.exit_code == 2
    assert "`grace-period-maximum` must be an integer from 1 to 43200" in result.output


# -- fixing ----------------------------------------------------------------------


def test_fix_writes_atomically_and_keeps_mode(tmp_path: Path) -> None:
    path = write(tmp_path / "blaxel.toml", BROKEN)
    path.chmod(0o640)
    result = run("check", "--fix", str(path))
    assert result.exit_code == 0
    assert path.read_text() == BROKEN.replace("http_async", "http-async")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "Fixed 1 finding." in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["blaxel.toml"]


def test_fix_keeps_crlf_and_bom(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + BROKEN.replace("\n", "\r\n").encode()
    path = write(tmp_path / "blaxel.toml", data)
    run("check", "--fix", str(path))
    assert path.read_bytes() == data.replace(b"http_async", b"http-async")


def test_fix_never_writes_an_unparsable_file(tmp_path: Path) -> None:
    data = b'[[triggers]]\nid = "a\ntype = "http_async"\n'
    path = write(tmp_path / "blaxel.toml", data)
    assert run("check", "--fix", str(path)).exit_code == 1
    assert path.read_bytes() == data


def test_fix_reports_remaining_and_unsafe(tmp_path: Path) -> None:
    path = write(
        tmp_path / "blaxel.toml",
        'type = "agent"\n[[triggers]]\nid = "a"\ntype = "http-async"\n'
        '[triggers.configuration]\ncallbackUrl = "http://hooks.example.com/x"\n',
    )
    result = run("check", "--fix", "--output-format", "concise", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 more fix available with `--unsafe-fixes`."
    result = run("check", "--fix", "--unsafe-fixes", str(path))
    assert result.exit_code == 0
    assert 'callbackUrl = "https://hooks.example.com/x"' in path.read_text()


def _diff_case(tmp_path: Path) -> tuple[Path, bytes, str]:
    original = BROKEN + "[cerebrium]\n" * 0 + "# end without newline"
    write(tmp_path / "svc" / "blaxel.toml", original)
    write(tmp_path / "svc" / "cerebrium.toml", "[cerebrium.deployment]\r\nname = 'x'\r\npython_version = 3.10\r\n")
    result = subprocess.run(
        [sys.executable, "-m", "triggercfg", "check", "--diff", "svc"],
        cwd=tmp_path,
        capture_output=True,
    )
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "Would fix 2 findings in 2 files."
    assert (tmp_path / "svc" / "blaxel.toml").read_text() == original  # nothing written
    return tmp_path, result.stdout, original


def test_diff_applies_with_git_apply(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root, diff, _ = _diff_case(tmp_path)
    subprocess.run(["git", "apply", "-"], input=diff, cwd=root, check=True)
    after = run("check", "--output-format", "json", "svc", cwd=root)
    assert json.loads(after.output) == []
    assert (root / "svc" / "cerebrium.toml").read_bytes().endswith(b'python_version = "3.10"\r\n')


def test_diff_applies_with_patch(tmp_path: Path) -> None:
    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    root, diff, original = _diff_case(tmp_path)
    subprocess.run(["patch", "-p1", "--quiet"], input=diff, cwd=root, check=True)
    assert (root / "svc" / "blaxel.toml").read_text() == original.replace("http_async", "http-async")


def test_diff_with_nothing_to_fix(tmp_path: Path) -> None:
    path = write(tmp_path / "blaxel.toml", CLEAN)
    result = run("check", "--diff", str(path))
    assert result.exit_code == 0
    assert result.output.strip() == "No fixes to apply."


# -- entry points ------------------------------------------------------------------


def test_version_and_module_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "triggercfg", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"triggercfg, version {__version__}"


def test_console_script_runs_on_examples() -> None:
    exe = shutil.which("triggercfg", path=os.path.dirname(sys.executable))
    assert exe, "the triggercfg console script is installed beside python"
    result = subprocess.run([exe, "check", "examples/clean"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "All checks passed (2 files)."
    result = subprocess.run([exe, "check", "examples"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1


def test_usage_error_is_exit_2() -> None:
    result = CliRunner().invoke(cli, ["check", "--output-format", "text"])
    assert result.exit_code == 2
    assert "Invalid value for '--output-format'" in result.output


def test_internal_errors_print_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import triggercfg.api

    def boom(*args, **kwargs):
        raise RuntimeError("simulated")

    monkeypatch.setattr(triggercfg.api, "check_paths", boom)
    monkeypatch.setattr(sys, "argv", ["triggercfg", "check", "."])
    monkeypatch.delenv("TRIGGERCFG_DEBUG", raising=False)
    from triggercfg.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "triggercfg: internal error: RuntimeError: simulated" in err
    assert "Traceback" not in err


def test_diff_with_unicode_line_separator_in_a_string(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    original = 'description = "a\u2028b\x85c"\n[[triggers]]\nid = "a"\ntype = "http_async"\n'
    write(tmp_path / "blaxel.toml", original)
    diff = subprocess.run(
        [sys.executable, "-m", "triggercfg", "check", "--diff", "blaxel.toml"], cwd=tmp_path, capture_output=True
    ).stdout
    subprocess.run(["git", "apply", "-"], input=diff, cwd=tmp_path, check=True)
    assert (tmp_path / "blaxel.toml").read_text() == original.replace("http_async", "http-async")


def test_statistics(tmp_path: Path) -> None:
    text = BROKEN + '[[triggers]]\ntype = "http_async"\n[[triggers]]\ntype = "http"\n'
    path = write(tmp_path / "blaxel.toml", text)
    result = run("check", "--statistics", str(path))
    assert result.exit_code == 1
    assert result.output == "2\tTC102\t[ ] missing-trigger-id\n2\tTC103\t[*] invalid-trigger-type\n"


def test_server_without_pygls_says_how_to_install_it() -> None:
    probe = (
        "import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None\n"
        "from triggercfg._entry import main; sys.argv = ['triggercfg', 'server']; main()"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith(
        "triggercfg: error: the language server needs pygls: pip install 'triggercfg[server]'"
    )
    assert "Traceback" not in done.stderr


def test_a_misspelt_trigger_type_hides_nothing_and_the_fix_counts_agree(tmp_path: Path) -> None:
    """Issue 19, item 1: every problem on the first run, and the count of
    fixes announced is the count applied."""
    source = Path(__file__).parent / "fixtures" / "invalid-trigger-type" / "bad-checked-as-guessed.blaxel.toml"
    target = tmp_path / "blaxel.toml"
    target.write_bytes(source.read_bytes())
    checked = CliRunner().invoke(cli, ["check", "--no-color", "--output-format", "concise", str(target)])
    assert [line.replace(" [*]", "").split(" ")[2] for line in checked.output.splitlines() if ": TC" in line] == [
        "[invalid-trigger-type]",
        "[unknown-key]",
        "[insecure-callback-url]",
        "[private-callback-url]",
        "[unknown-key]",
        "[async-timeout-exceeds-maximum]",
    ]
    assert "[*] 2 fixable with `--fix` (2 more with --unsafe-fixes)." in checked.output
    diff = CliRunner().invoke(cli, ["check", "--diff", "--unsafe-fixes", str(target)])
    assert "Would fix 4 findings in 1 file." in diff.output
    fixed = CliRunner().invoke(cli, ["check", "--fix", "--unsafe-fixes", "--no-color", str(target)])
    assert "Fixed 4 findings." in fixed.output


@pytest.mark.parametrize("name", ["blaxel.toml", "cerebrium.toml"])
def test_the_broken_examples_comments_name_the_findings_on_their_lines(name: str) -> None:
    """Issue 19, item 7: a comment `# rule-name: ...` on a line of
    examples/broken names a rule that finds something on that line."""
    import re

    from triggercfg.api import check_text

    path = Path(__file__).parent.parent / "examples" / "broken" / name
    text = path.read_text(encoding="utf-8")
    found = {(f.line, f.rule) for f in check_text(text, name.split(".")[0]).findings}
    from triggercfg.rules import all_rules

    rules = all_rules()
    named = [
        (number, word)
        for number, line in enumerate(text.splitlines(), 1)
        if "#" in line
        for word in re.findall(r"[a-z]+(?:-[a-z]+)+", line.split("#", 1)[1])
        if word in rules
    ]
    assert named, "the example names its findings"
    for number, rule in named:
        assert (number, rule) in found, f"line {number} names {rule}, which finds nothing there"


def test_an_output_file_under_a_file_says_not_a_directory(tmp_path: Path) -> None:
    """Issue 19, item 7: `--output-file a/b.sarif` where `a` is a file said "File exists"."""
    (tmp_path / "a").write_text("", encoding="utf-8")
    target = str(tmp_path / "a" / "b.sarif")
    clean = str(Path(__file__).parent.parent / "examples" / "clean" / "blaxel.toml")
    result = CliRunner().invoke(cli, ["check", "--output-format", "sarif", "--output-file", target, clean])
    assert result.exit_code == 2
    assert result.output.endswith(
        f"triggercfg: error: cannot write the report to {target}: {tmp_path / 'a'} is a file, not a directory\n"
    )


def test_the_cli_writes_no_file_itself() -> None:
    """The command line is a thin shell (issue 25): every file it changes or
    creates is written below it (the fixer, `rewrite.py`), where the API and
    the language server reach the same code."""
    import ast

    import triggercfg.cli

    tree = ast.parse(Path(triggercfg.cli.__file__).read_text(encoding="utf-8"))
    writes = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in {"write_atomic", "write_text", "write_bytes", "replace", "rename", "makedirs", "mkdir", "chmod"}:
            writes.append((name, node.lineno))
        if name == "open":
            modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
            if any(set(str(m)) & set("wax+") for m in modes):
                writes.append((name, node.lineno))
    assert writes == []
