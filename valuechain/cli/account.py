"""`valuechain account new|list|import`: encrypted keystores."""

from __future__ import annotations

import argparse
import getpass
import sys

from rich.table import Table

from valuechain import accounts
from valuechain.errors import InputError
from valuechain.report import console

from . import args as types


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("account", help="create, list and import keystore accounts")
    s = p.add_subparsers(dest="action", required=True)
    for action in ("new", "import"):
        q = s.add_parser(action, help=f"{action} a keystore account")
        q.add_argument("name", metavar="NAME", type=types.account_name,
                       help="the account's name (letters, digits, '.', '_' or '-')")
        q.add_argument("--password-env", type=types.env_name,
                       help="environment variable holding the new password (else prompted)")
        q.add_argument("--keystore-dir", type=types.folder, help="keystore folder (default keystores/)")
        if action == "import":
            q.add_argument("--key-env", type=types.env_name, help="environment variable holding the private key "
                           "(else read hidden from the terminal or stdin)")
        q.set_defaults(handler=_new if action == "new" else _import)
    q = s.add_parser("list", help="list keystore accounts")
    q.add_argument("--keystore-dir", type=types.folder, help="keystore folder (default keystores/)")
    q.set_defaults(handler=_list)


def _new(args: argparse.Namespace) -> int:
    password = accounts.password_from(args.password_env, f"new account {args.name}", confirm=True)
    info = accounts.new(args.name, password, args.keystore_dir)
    console().print(f"created [bold]{info.name}[/bold] {info.address} in {info.path}")
    return 0


def _import(args: argparse.Namespace) -> int:
    import os

    if args.key_env:
        key = os.environ.get(args.key_env, "")
        if not key:
            raise InputError(f"${args.key_env} is empty: export the private key there first (expected 64 hex digits)",
                             what="private key", where=f"--key-env {args.key_env}", expected="64 hex digits",
                             found="nothing")
    elif sys.stdin.isatty():
        key = getpass.getpass("private key (hidden): ")
    else:
        key = sys.stdin.readline()
    password = accounts.password_from(args.password_env, f"account {args.name}", confirm=True)
    info = accounts.import_key(args.name, key, password, args.keystore_dir)
    console().print(f"imported [bold]{info.name}[/bold] {info.address} into {info.path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    table = Table(title="Keystore accounts")
    table.add_column("name")
    table.add_column("address")
    table.add_column("file")
    for info in accounts.list_keystores(args.keystore_dir):
        table.add_row(info.name, info.address, str(info.path))
    console().print(table)
    return 0
