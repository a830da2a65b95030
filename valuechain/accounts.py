"""Operator accounts from encrypted keystores (eth-account, Web3 Secret Storage v3).

A key exists in clear only in memory, inside an eth-account ``LocalAccount``. It is
never written to a config file, a log line or an exception message: files hold the
encrypted keystore, passwords come from an environment variable or a prompt.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import to_checksum_address

from valuechain.errors import ConfigError, InputError

DEFAULT_DIR = Path(os.environ.get("VALUECHAIN_KEYSTORES", Path(__file__).resolve().parent.parent / "keystores"))
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeystoreInfo:
    name: str
    address: str
    path: Path


def check_name(name: str) -> str:
    """``name`` if it can name a keystore file, else InputError."""
    if not _NAME.match(name):
        expected = "letters, digits, '.', '_' or '-' (at most 64)"
        raise InputError(f"account name {name!r}: expected {expected}", what="account name", expected=expected,
                         found=name)
    return name


def _path(name: str, directory: Path | None) -> Path:
    return (directory or DEFAULT_DIR) / f"{check_name(name)}.json"


def password_from(env_var: str | None, purpose: str, confirm: bool = False) -> str:
    """The password in ``$env_var`` if set, else a prompt on an interactive terminal."""
    if env_var and os.environ.get(env_var):
        return os.environ[env_var]
    if not sys.stdin.isatty():
        hint = f"set ${env_var}" if env_var else "name a password variable (--password-env)"
        raise ConfigError(f"{purpose}: no password available ({hint}, or run interactively to be prompted)",
                          what=f"{purpose} password", where=f"${env_var}" if env_var else None,
                          expected="a password in the environment or an interactive terminal")
    password = getpass.getpass(f"{purpose} password: ")
    if confirm and getpass.getpass("again: ") != password:
        raise InputError("the two passwords differ", what=f"{purpose} password", expected="the same password twice")
    return password


def encrypt(key: bytes, password: str, kdf: Literal["scrypt", "pbkdf2"] = "scrypt",
            iterations: int | None = None) -> dict[str, Any]:
    """The Web3 Secret Storage v3 keystore of ``key``, readable by every client. eth-account
    writes the 128-bit AES-CTR IV as a number, dropping its leading zero bytes: one keystore
    in 256 gets a 15-byte IV, which eth-account reads back but geth cannot (it panics at
    unlock, "bad IV length"; seen in CI as a validator that died after it answered)."""
    keystore: dict[str, Any] = Account.encrypt(key, password, kdf=kdf, iterations=iterations)
    params = keystore["crypto"]["cipherparams"]
    params["iv"] = params["iv"].rjust(32, "0")
    return keystore


def _write(name: str, key: bytes, password: str, directory: Path | None, kdf_iterations: int | None) -> KeystoreInfo:
    path = _path(name, directory)
    if not password:
        raise InputError("refusing to encrypt a keystore with an empty password", what="password",
                         expected="a password that is not empty", found="")
    kdf: Literal["scrypt", "pbkdf2"] = "scrypt" if kdf_iterations is None else "pbkdf2"
    keystore = encrypt(key, password, kdf, kdf_iterations)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as fh:  # never overwrite an existing key
            json.dump(keystore, fh)
    except FileExistsError:
        raise ConfigError(f"a keystore named {name!r} exists already at {path}; choose another name",
                          what="account name", where=str(path), expected="a name without a keystore", found=name) from None
    os.chmod(path, 0o600)
    info = KeystoreInfo(name, Account.from_key(key).address, path)
    log.info("keystore %s for %s written to %s", name, info.address, path)
    return info


def new(name: str, password: str, directory: Path | None = None, kdf_iterations: int | None = None) -> KeystoreInfo:
    """Create a fresh key and store it encrypted as ``<directory>/<name>.json``."""
    account = Account.create()
    return _write(name, bytes(account.key), password, directory, kdf_iterations)


def import_key(name: str, key_hex: str, password: str, directory: Path | None = None,
               kdf_iterations: int | None = None) -> KeystoreInfo:
    """Encrypt an existing private key (hex) into a keystore."""
    text = key_hex.strip().removeprefix("0x")
    if not re.fullmatch(r"[0-9a-fA-F]{64}", text):
        expected = "64 hex digits (optionally 0x-prefixed)"
        # never echo the key, not even in `found`
        raise InputError(f"the private key must be {expected}", what="private key", expected=expected)
    return _write(name, bytes.fromhex(text), password, directory, kdf_iterations)


def list_keystores(directory: Path | None = None) -> list[KeystoreInfo]:
    folder = directory or DEFAULT_DIR
    result = []
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        try:
            address = json.loads(path.read_text())["address"]
        except (ValueError, KeyError):
            continue
        result.append(KeystoreInfo(path.stem, "0x" + address.removeprefix("0x"), path))
    return result


def address_of(name: str, directory: Path | None = None) -> str:
    """The address of keystore ``name``, read from the file without decrypting it (a dry
    run needs who would send, not the key)."""
    path = _path(name, directory)
    try:
        address = json.loads(path.read_text())["address"]
    except FileNotFoundError:
        raise _unknown(name, path, directory) from None
    except (ValueError, KeyError):
        raise ConfigError(f"keystore {path} names no address; unlock it instead (run without --dry-run)",
                          what=str(path), where="address", expected="a keystore naming its address") from None
    return to_checksum_address("0x" + address.removeprefix("0x"))


def unlock(name: str, password: str, directory: Path | None = None) -> LocalAccount:
    """Decrypt keystore ``name``; a wrong password raises ConfigError."""
    path = _path(name, directory)
    if not path.exists():
        raise _unknown(name, path, directory)
    try:
        key = Account.decrypt(json.loads(path.read_text()), password)
    except ValueError:
        raise ConfigError(f"cannot unlock account {name!r}: wrong password (keystore {path})", what=name,
                          where=str(path), expected="the keystore's password") from None
    log.debug("unlocked account %s (%s)", name, path)
    return Account.from_key(key)


def _unknown(name: str, path: Path, directory: Path | None) -> ConfigError:
    known = [k.name for k in list_keystores(directory)]
    return ConfigError(f"unknown account {name!r}: no keystore at {path} (known: {', '.join(known) or 'none'})",
                       what="account", where=str(path), expected=known, found=name)
