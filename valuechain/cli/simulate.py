"""`valuechain simulate`: weeks of a consortium's business played on a chain (see
``valuechain.simulate``): resumable (rerun the same command), reproducible by its seed."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from valuechain import accounts
from valuechain.report import console
from valuechain.simulate import Params, run_dir_for, simulate
from valuechain.simulate.summary import summary_table

from . import args as types
from .context import add_chain_options, connect

suppliers = types.integer(2, 100_000, "the number of supplier orgs")
oems = types.integer(1, 10_000, "the number of OEM orgs")
weeks = types.integer(1, 520, "weeks to simulate")
seed = types.integer(0, 2**63 - 1, "the seed of the model")


def register(sub: argparse._SubParsersAction) -> None:
    help_ = ("simulate weeks of a consortium (orders from Catena-X demand, capacity signals, quality holds, "
             "reallocations, a downtime, licences, an incident) on a fresh suite; rerun to resume")
    p = sub.add_parser("simulate", help=help_, description=help_)
    p.add_argument("--suppliers", type=suppliers, default=12, help="supplier orgs (default 12)")
    p.add_argument("--oems", type=oems, default=1, help="OEM orgs (default 1; two suppliers each at least)")
    p.add_argument("--weeks", type=weeks, default=13, help="weeks to simulate (default 13: a quarter)")
    p.add_argument("--seed", type=seed, default=1, help="the model's seed: same seed, same run (default 1)")
    p.add_argument("--run-dir", type=types.folder,
                   help="where the run keeps its manifest, journal and event index (default .valuechain/simulate/…)")
    p.add_argument("--cast-prefix", type=types.nonempty("a keystore name prefix"), default="sim-",
                   help="off the dev chain: the parties are keystore accounts <prefix>oem-0, <prefix>supplier-0, … "
                        "unlocked with --password-env (default sim-)")
    add_chain_options(p)
    p.set_defaults(handler=_simulate)


@contextmanager
def progress_bar(out: Console, weeks: int) -> Iterator[Callable[[int, int, str], None]]:
    """A rich progress bar over the simulated weeks; yields the driver's progress callback."""
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("weeks"),
                  TimeElapsedColumn(), console=out) as bar:
        task = bar.add_task("setup", total=weeks)

        def progress(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)
        yield progress


def _simulate(a: argparse.Namespace) -> int:
    params = Params(a.suppliers, a.oems, a.weeks, a.seed)  # refused before connecting
    ctx = connect(a)
    council = ctx.sender()
    password = None
    if not council.unlocked:  # keystore parties, one password
        password = accounts.password_from(a.password_env or ctx.profile.password_env, "simulation accounts")
    run_dir = a.run_dir or run_dir_for(ctx.w3, params)
    out = console()
    with progress_bar(out, params.weeks) as progress:
        sim = simulate(ctx.w3, council, params, Path(run_dir), progress=progress, keystore_prefix=a.cast_prefix,
                       password=password, keystore_dir=a.keystore_dir)
    out.print(summary_table(sim.figures))
    manifest = Path(run_dir) / f"{ctx.chain_id}.json"
    out.print(f"run folder {run_dir}; read it with `valuechain report --manifest {manifest}`", soft_wrap=True)
    return 0
