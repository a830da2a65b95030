"""Compiled contracts (Brownie's build folder) and the custom errors decoding knows."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from eth_utils import function_abi_to_4byte_selector

from valuechain import contract_types
from valuechain.errors import ConfigError

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Custom errors of deployed contracts (the ABIs of loaded manifests), by selector.
_learned: dict[bytes, dict[str, Any]] = {}


def build_dir() -> Path:
    """``$VALUECHAIN_BUILD`` or the project's ``build/contracts``."""
    return Path(os.environ.get("VALUECHAIN_BUILD", PROJECT_ROOT / "build" / "contracts"))


@cache
def load(name: str) -> dict[str, Any]:
    """The build artifact of contract ``name`` (abi, bytecode, compiler settings)."""
    path = build_dir() / f"{name}.json"
    if not path.exists():
        raise ConfigError(f"no compiled artifact for {name} at {path}: run `brownie compile` (or `make install`) first",
                          what=f"build artifact of {name}", where=str(path), expected="a compiled contract",
                          found="no file")
    return json.loads(path.read_text())


def learn_abi(abi: Iterable[Mapping[str, Any]]) -> None:
    """Know the custom errors of ``abi`` (a deployed contract's, from its manifest) when
    decoding revert data, whichever contract the error came through."""
    for item in abi:
        if item.get("type") == "error":
            error = dict(item)
            selector = function_abi_to_4byte_selector(error)  # type: ignore[arg-type]  # an ABIError
            if selector not in _learned:
                log.debug("learned custom error %s (0x%s)", error.get("name"), selector.hex())
            _learned[selector] = error


def error_abis() -> dict[bytes, dict[str, Any]]:
    """Every custom error decoding knows, by its 4-byte selector: the build's (generated
    into ``contract_types.ERRORS``, OpenZeppelin's included) merged with those of every
    manifest loaded (``learn_abi``), which win: they are what the chain runs."""
    merged = {bytes.fromhex(selector[2:]): abi for selector, abi in contract_types.ERRORS.items()}
    merged.update(_learned)
    return merged
