"""The solc bridge answers like native solc for py-solc-x, Brownie and Slither."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
import solcx

ROOT = Path(__file__).resolve().parents[2]
BRIDGE = ROOT / "tools" / "solc-bridge.js"


def run_bridge(*args: str, stdin: str | None = "", timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BRIDGE), *args], input=stdin, capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )


def standard_input(source: str, name: str = "Probe.sol") -> str:
    return json.dumps(
        {
            "language": "Solidity",
            "sources": {name: {"content": source}},
            "settings": {
                "evmVersion": "paris",
                "optimizer": {"enabled": True, "runs": 200},
                "remappings": ["@openzeppelin/contracts=node_modules/@openzeppelin/contracts"],
                "outputSelection": {"*": {"*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"]}},
            },
        }
    )


def test_version_looks_like_native_solc():
    out = run_bridge("--version", stdin=None)
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0] == "solc, the solidity compiler commandline interface"
    assert re.fullmatch(r"Version: 0\.8\.\d+\+commit\.[0-9a-f]{8}\.\S+", lines[1])


def test_version_is_answered_without_loading_the_compiler():
    run_bridge("--version", stdin=None)  # make sure the cache exists

    def timed(*args: str, stdin: str | None = None) -> float:
        start = time.perf_counter()
        assert run_bridge(*args, stdin=stdin).returncode == 0
        return time.perf_counter() - start

    # relative to loading the WebAssembly compiler, so a busy machine does not matter
    version = min(timed("--version") for _ in range(3))
    compile_ = min(timed("--standard-json", stdin=standard_input("contract A {}")) for _ in range(2))
    assert version < compile_ / 2


SOLC_VERSION = re.search(r"version: (0\.8\.\d+)", (ROOT / "brownie-config.yaml").read_text()).group(1)


def test_pysolcx_sees_the_bridge():
    version = SOLC_VERSION
    assert str(solcx.get_installed_solc_versions()[0]) == version
    assert os.environ["SOLCX_BINARY_PATH"] in str(solcx.install.get_executable(version))


def test_standard_json_compiles_with_openzeppelin_import():
    source = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
contract Probe is Ownable { constructor() Ownable(msg.sender) {} function f() external view onlyOwner returns (uint256) { return 7; } }
"""
    out = run_bridge("--standard-json", "--allow-paths", str(ROOT), stdin=standard_input(source))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert not [e for e in result.get("errors", []) if e["severity"] == "error"]
    probe = result["contracts"]["Probe.sol"]["Probe"]
    assert {item["name"] for item in probe["abi"] if item["type"] == "function"} >= {"f", "owner"}
    bytecode = probe["evm"]["deployedBytecode"]["object"]
    assert bytecode and "5f" not in _opcodes(bytecode)  # paris: no PUSH0
    assert "node_modules/@openzeppelin/contracts/access/Ownable.sol" in result["sources"]


def _opcodes(hexcode: str) -> list[str]:
    """The opcode bytes of runtime code (skipping PUSH data), up to the metadata."""
    code = bytes.fromhex(hexcode)
    meta = int.from_bytes(code[-2:], "big") + 2
    code, ops, i = code[:-meta], [], 0
    while i < len(code):
        op = code[i]
        ops.append(f"{op:02x}")
        i += 1 + (op - 0x5F if 0x60 <= op <= 0x7F else 0)
    return ops


def test_compile_error_is_reported_as_solc_does():
    out = run_bridge("--standard-json", stdin=standard_input("pragma solidity ^0.8.0; contract Broken { function f( }"))
    assert out.returncode == 0
    errors = json.loads(out.stdout)["errors"]
    assert errors[0]["severity"] == "error" and errors[0]["type"] == "ParserError"
    with pytest.raises(solcx.exceptions.SolcError, match="ParserError"):
        solcx.compile_standard(json.loads(standard_input("contract Broken { function f( }")), solc_version=SOLC_VERSION)


def test_missing_import_is_an_error_not_a_hang():
    out = run_bridge("--standard-json", stdin=standard_input('import "./nowhere/Missing.sol"; contract A {}'), timeout=30)
    errors = json.loads(out.stdout)["errors"]
    assert any("Missing.sol" in e["message"] for e in errors if e["severity"] == "error")


@pytest.mark.parametrize("stdin", ["", "not json"])
def test_bad_or_empty_input_gives_error_json(stdin):
    out = run_bridge("--standard-json", stdin=stdin, timeout=30)
    assert out.returncode == 0
    assert json.loads(out.stdout)["errors"][0]["type"] == "JSONError"


def test_unsupported_mode_fails_loudly():
    out = run_bridge("--bin", "Probe.sol", stdin=None)
    assert out.returncode == 1
    assert "unsupported option --bin" in out.stderr
