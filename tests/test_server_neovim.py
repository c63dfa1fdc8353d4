"""A smoke test of `triggercfg server` from a real editor's own LSP client:
headless Neovim (its built-in client, 0.7 or later) attaches the server to a
broken blaxel.toml, gets the diagnostic, lists the code actions, applies the
preferred fix and hovers a key. Skipped where Neovim is not installed (on
Debian: `apt-get install neovim`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NVIM = shutil.which("nvim")
pytestmark = [
    pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (apt-get install neovim)"),
    pytest.mark.skipif(not __import__("importlib").util.find_spec("pygls"), reason="pygls is not installed"),
]

SCRIPT = r"""
local id = vim.lsp.start_client({ name = "triggercfg", cmd = { os.getenv("TRIGGERCFG_PYTHON"), "-m", "triggercfg", "server" },
                                  root_dir = vim.fn.getcwd() })
vim.lsp.buf_attach_client(0, id)
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  table.insert(lines, string.format("diagnostic %s %d %d %d %s", code, d.lnum, d.col, d.end_col, d.message))
end
local diag = vim.diagnostic.get(0)[1]
if diag then
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) },
    range = { start = { line = diag.lnum, character = diag.col }, ["end"] = { line = diag.end_lnum, character = diag.end_col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, diag.lnum) } }
  for _, r in pairs(vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 20000) or {}) do
    for _, action in ipairs(r.result or {}) do
      table.insert(lines, "action " .. action.title)
      if action.isPreferred then vim.lsp.util.apply_workspace_edit(action.edit, "utf-16") end
    end
  end
  table.insert(lines, "text " .. vim.api.nvim_buf_get_lines(0, 5, 6, false)[1])
  local hover = vim.lsp.buf_request_sync(0, "textDocument/hover",
    { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 4, character = 1 } }, 20000) or {}
  for _, r in pairs(hover) do
    if r.result then table.insert(lines, "hover " .. vim.split(r.result.contents.value, "\n")[1]) end
  end
end
vim.fn.writefile(lines, os.getenv("TRIGGERCFG_OUT"))
vim.lsp.stop_client(id)
vim.cmd("qa!")
"""


def test_neovim_sees_fixes_and_hovers(tmp_path: Path) -> None:
    (tmp_path / "blaxel.toml").write_text(
        'type = "agent"\nname = "writer"\n\n[[triggers]]\nid = "report"\ntype = "http_async"\n', encoding="utf-8"
    )
    (tmp_path / "smoke.lua").write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "out.txt"
    done = subprocess.run(
        [NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-c", "luafile smoke.lua", "blaxel.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "TRIGGERCFG_PYTHON": sys.executable,
            "TRIGGERCFG_OUT": str(out),
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
        },
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").splitlines() == [
        'diagnostic TC103 5 7 19 trigger type "http_async" does not exist; did you mean `http-async`?',
        'action Replace with "http-async" (invalid-trigger-type)',
        "action Ignore `invalid-trigger-type` on this line",
        "action Fix all safe problems (1)",
        'text type = "http-async"',  # the preferred fix, applied by Neovim itself
        "hover **`triggers.id`** (blaxel.toml)",
    ]
