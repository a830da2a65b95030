"""`valuechain onboard FILE.csv`: admit suppliers from a spreadsheet export, exactly once."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape

from valuechain.onboarding import InvalidRows, onboard
from valuechain.onboarding.report import rejection_lines
from valuechain.onboarding.run import HINT
from valuechain.report import console

from . import args as types
from .context import add_chain_options, connect
from .onboard_view import ConsoleView

#: exit code when any row was rejected (invalid, or in conflict with the chain), also
#: with --dry-run and --skip-invalid: a script validates a file with `onboard --dry-run`
EXIT_REJECTED = 2
EPILOG = """\
Journal, report (<csv name>.report.json) and reject file (<csv name>.rejected.csv) go to
.onboarding/ in the current directory (--journal-dir), wherever the CSV is.
The CSV may be UTF-8 (with or without BOM) or Windows-1252 (Excel's "CSV
(Trennzeichen-getrennt)"); Excel's sep=; first line is honoured.

exit codes:
  0  every row is valid (and was admitted, or is already on chain; with --dry-run: would be)
  2  a row was rejected, also with --dry-run and --skip-invalid (one line per rejected row
     on stderr: row, column, value, what was expected), or any other error
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("onboard", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
                       help="admit organisations from a CSV (validate, plan, send in batches; rerun to resume)")
    add_chain_options(p)
    p.add_argument("csv", metavar="CSV", type=types.file, help="the spreadsheet export (CSV)")
    p.add_argument("--dry-run", action="store_true",
                   help="validate and show the plan; send nothing (exit 2 if a row would be rejected)")
    p.add_argument("--skip-invalid", action="store_true",
                   help="send the valid rows, write the others to a reject file (exit 2 if there were any)")
    p.add_argument("--journal-dir", type=types.folder,
                   help="where the journal, the report and the reject file go (default .onboarding/)")
    p.add_argument("--report", type=types.file_path,
                   help="JSON report per row (default <journal-dir>/<csv name>.report.json)")
    p.set_defaults(handler=_onboard)


def _onboard(a: argparse.Namespace) -> int:
    ctx = connect(a)
    sender = None if a.dry_run else ctx.sender()
    try:
        report = onboard(a.csv, sender, ctx.contract("ConsortiumRegistry"), dry_run=a.dry_run,
                         skip_invalid=a.skip_invalid, journal_dir=a.journal_dir, report_path=a.report,
                         view=ConsoleView(console()))
    except InvalidRows as exc:
        console().print(f"[red]nothing was sent[/red]: {len(exc.lines)} row(s) rejected, listed on stderr; {HINT}")
        _rejected(exc.lines)
        return EXIT_REJECTED
    if report.problems:
        _rejected(rejection_lines(str(a.csv), report.problems))
        return EXIT_REJECTED
    return 0


def _rejected(lines: list[str]) -> None:
    err = Console(stderr=True)
    for line in lines:
        err.print(f"[bold red]error:[/bold red] {escape(line)}", highlight=False, soft_wrap=True)
