"""Argument types of the council commands: each refuses bad input with one line that
names what was expected (argparse prefixes the argument's name)."""

from __future__ import annotations

import argparse
from pathlib import Path

from eth_utils import is_hex_address
from web3 import Web3

from valuechain.errors import InputError
from valuechain.identity import check_bpnl, parse_roles
from valuechain.onboarding.profile import ProfileResolver


def bpnl(text: str) -> str:
    try:
        return check_bpnl(text.strip(), "BPNL")
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("BPNL: ")) from None


def address(text: str) -> str:
    text = text.strip()
    digits = text[2:] if text[:2].lower() == "0x" else ""
    mixed = digits.lower() != digits and digits.upper() != digits
    if not is_hex_address(text) or not text.startswith("0x"):
        raise argparse.ArgumentTypeError(f"{text!r} is not an account address (expected 0x followed by 40 hex digits)")
    if mixed and not Web3.is_checksum_address(text):
        raise argparse.ArgumentTypeError(f"{text!r}: its mixed-case checksum is wrong, check for a typo (expected the "
                                         "EIP-55 checksummed address, or all lower case)")
    if int(text, 16) == 0:
        raise argparse.ArgumentTypeError("the zero address is nobody's account (expected 0x followed by 40 hex digits)")
    return Web3.to_checksum_address(text)


def roles(text: str) -> int:
    try:
        return int(parse_roles(text, "roles"))
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("roles: ")) from None


def reason(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("empty (expected the reason in words; its keccak256 goes on chain)")
    return text.strip()


def profile(text: str) -> bytes:
    digest, expected = ProfileResolver(Path.cwd()).resolve(text.strip())
    if digest is None:
        raise argparse.ArgumentTypeError(f"{text!r}: expected {expected}")
    return digest
