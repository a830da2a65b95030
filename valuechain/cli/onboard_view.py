"""What `valuechain onboard` (and the demo) show of an onboarding run: its lines, the
plan's tables, a progress bar while sending, the per-row result."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from valuechain.onboarding.report import OnboardingReport, problems_table, rows_table, summary_table
from valuechain.onboarding.run import Advance, OnboardingView


class ConsoleView(OnboardingView):
    """Prints an onboarding run on ``console``: warnings in yellow, at most ``table_rows``
    rows of the result table."""

    def __init__(self, console: Console, table_rows: int = 40) -> None:
        self.console = console
        self.table_rows = table_rows

    def line(self, level: int, message: str) -> None:
        prefix = "[yellow]warning[/yellow]: " if level >= logging.WARNING else ""
        self.console.print(prefix + escape(message), soft_wrap=True, highlight=False)

    def planned(self, report: OnboardingReport) -> None:
        if report.problems:
            self.console.print(problems_table(report.problems))
        self.console.print(summary_table(report, f"Plan at block {report.plan_block}"))

    @contextmanager
    def sending(self, rows: int) -> Iterator[Advance]:
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("rows"), TimeElapsedColumn())
        with Progress(*columns, console=self.console) as progress:
            task = progress.add_task("sending", total=rows)
            yield lambda n, text: progress.update(task, advance=n, description=text or None)

    def finished(self, report: OnboardingReport, path: Path) -> None:
        title = "Dry run: nothing sent" if report.dry_run else "Onboarding result"
        self.console.print(rows_table(report, self.table_rows, title))
        self.console.print(summary_table(report, "Summary"))
