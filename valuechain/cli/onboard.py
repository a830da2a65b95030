"""`valuechain onboard FILE.csv`: admit suppliers from a spreadsheet export, exactly once."""

from __future__ import annotations

import argparse
from pathlib import Path

from valuechain.onboarding import onboard
from valuechain.report import console

from .context import add_chain_options, connect


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("onboard", help="admit organisations from a CSV (validate, plan, send in batches; rerun to resume)")
    add_chain_options(p)
    p.add_argument("csv", type=Path)
    p.add_argument("--dry-run", action="store_true", help="validate and show the plan; send nothing")
    p.add_argument("--skip-invalid", action="store_true", help="send the valid rows, write the others to a reject file")
    p.add_argument("--journal-dir", type=Path, help="where the journal of sent batches lives (default .onboarding/)")
    p.add_argument("--report", type=Path, help="JSON report per row (default <csv>.report.json)")
    p.set_defaults(handler=_onboard)


def _onboard(a: argparse.Namespace) -> int:
    ctx = connect(a)
    sender = None if a.dry_run else ctx.sender()
    onboard(a.csv, sender, ctx.contract("ConsortiumRegistry"), dry_run=a.dry_run, skip_invalid=a.skip_invalid,
            journal_dir=a.journal_dir, report_path=a.report, console=console())
    return 0
