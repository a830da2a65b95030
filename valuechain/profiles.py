"""Network profiles: where a chain is, which chain it must be, how it prices gas and
which keystore acts on it.

Profiles live in ``valuechain.toml`` (the repo's, or ``$VALUECHAIN_CONFIG``)::

    [networks.consortium]
    rpc_url = "http://besu-node-1:8545"
    chain_id = 1337
    gas = "zero"                 # auto | eip1559 | legacy | zero
    account = "onboarding-bot"   # keystore name
    password_env = "VC_ONBOARDING_PASSWORD"

A Brownie network id (from Brownie's network-config.yaml) also names a chain.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from valuechain.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
GAS_MODES = ("auto", "eip1559", "legacy", "zero")


@dataclass(frozen=True)
class Profile:
    name: str
    rpc_url: str
    chain_id: int | None = None
    gas: str = "auto"
    account: str | None = None
    password_env: str | None = None

    def __post_init__(self) -> None:
        if self.gas not in GAS_MODES:
            raise ConfigError(f"network {self.name}: gas = {self.gas!r}, expected one of {', '.join(GAS_MODES)}",
                              what=f"network {self.name}", where="gas", expected=list(GAS_MODES), found=self.gas)


def config_path() -> Path:
    return Path(os.environ.get("VALUECHAIN_CONFIG", ROOT / "valuechain.toml"))


def _from_config(name: str) -> Profile | None:
    path = config_path()
    if not path.exists():
        return None
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    entry = data.get("networks", {}).get(name)
    if entry is None:
        return None
    unknown = set(entry) - {"rpc_url", "chain_id", "gas", "account", "password_env"}
    if unknown or "rpc_url" not in entry:
        raise ConfigError(
            f"{path} [networks.{name}]: needs rpc_url; allowed keys rpc_url, chain_id, gas, account, "
            f"password_env (unknown: {', '.join(sorted(unknown)) or 'none'})"
        )
    return Profile(name=name, **entry)


def _from_brownie(name: str) -> Profile | None:
    """A network of Brownie's network-config.yaml (live networks carry host and chainid;
    development networks a host and a port)."""
    home = Path(os.environ.get("HOME", "~")).expanduser()
    for folder in (ROOT / ".home" / ".brownie", home / ".brownie"):
        path = folder / "network-config.yaml"
        if not path.exists():
            continue
        import yaml  # Brownie's own dependency; only needed for Brownie network names

        config = yaml.safe_load(path.read_text()) or {}
        for group in config.get("live", []):
            for net in group.get("networks", []):
                if net.get("id") == name:
                    return Profile(name, str(net["host"]), int(net["chainid"]) if net.get("chainid") else None)
        for net in config.get("development", []):
            if net.get("id") == name:
                port = net.get("cmd_settings", {}).get("port", 8545)
                return Profile(name, f"{net['host']}:{port}", None)
    return None


def resolve(name: str) -> Profile:
    """The profile ``name`` from valuechain.toml, else the Brownie network of that id."""
    profile = _from_config(name) or _from_brownie(name)
    if profile is None:
        raise ConfigError(
            f"network {name!r}: no such profile in {config_path()}, nor a Brownie network (expected a "
            f"[networks.{name}] section there, or --rpc-url URL --chain-id N instead)",
            what="network", where=str(config_path()), expected=f"[networks.{name}]", found=name,
        )
    return profile
