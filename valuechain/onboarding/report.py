"""The onboarding report: one entry per row (what happened, why, in which tx and
block), written as JSON and shown as rich tables."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich import box
from rich.table import Table

from valuechain.onboarding.execute import SentBatch
from valuechain.onboarding.validate import Problem

#: Row statuses: ``planned`` only in a dry run (or when a run stopped before sending).
STATUSES = ("admitted", "already_present", "rejected", "planned")
_LABEL = {"admitted": "admitted", "already_present": "present", "rejected": "rejected", "planned": "planned"}
_STYLE = {"admitted": "green", "already_present": "cyan", "rejected": "red", "planned": "yellow"}


@dataclass
class RowResult:
    row: int
    bpnl: str
    name: str
    roles: str
    operator: str
    profile: str
    status: str
    reason: str | None = None
    tx: str | None = None
    block: int | None = None


@dataclass
class OnboardingReport:
    csv: str
    chain_id: int
    registry: str
    sender: str | None
    dry_run: bool
    encoding: str | None = None  # the CSV's: UTF-8, UTF-8 with BOM or Windows-1252
    rows: list[RowResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    batches: list[SentBatch] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)  # batches of earlier runs settled first
    awaiting_acceptance: list[str] = field(default_factory=list)  # BPNLs whose operator key has not accepted
    block_gas_limit: int | None = None
    gas_per_member: int | None = None
    batch_size: int | None = None
    plan_block: int | None = None
    journal: str | None = None
    rejects: str | None = None
    path: str | None = None
    elapsed_s: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(r.status for r in self.rows)
        return {s: found.get(s, 0) for s in STATUSES}

    def by_status(self, status: str) -> list[RowResult]:
        return [r for r in self.rows if r.status == status]

    @property
    def rows_per_s(self) -> float:
        return len(self.rows) / self.elapsed_s if self.elapsed_s else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "csv": self.csv,
            "chainId": self.chain_id,
            "registry": self.registry,
            "sender": self.sender,
            "dryRun": self.dry_run,
            "encoding": self.encoding,
            "counts": self.counts,
            "elapsedS": round(self.elapsed_s, 3),
            "timingsS": self.timings,
            "planBlock": self.plan_block,
            "blockGasLimit": self.block_gas_limit,
            "gasPerMember": self.gas_per_member,
            "batchSize": self.batch_size,
            "journal": self.journal,
            "rejects": self.rejects,
            "settledFromEarlierRuns": self.settled,
            "awaitingAcceptance": self.awaiting_acceptance,
            "batches": [asdict(b) for b in self.batches],
            "problems": [p.to_json() for p in self.problems],
            "rows": [asdict(r) for r in self.rows],
        }

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=2) + "\n")
        tmp.replace(path)
        self.path = str(path)


def rejection_lines(csv: str, problems: list[Problem]) -> list[str]:
    """One line per rejected row: the file, the row, and per problem cell its column,
    value and what was expected."""
    by_row: dict[int, list[Problem]] = {}
    for p in sorted(problems, key=lambda p: (p.row, p.column)):
        by_row.setdefault(p.row, []).append(p)
    return [f"{csv}: row {row}, " + "; ".join(f"column {p.column}: {p.value!r}: expected {p.expected}" for p in cells)
            for row, cells in by_row.items()]


def problems_table(problems: list[Problem], title: str = "Problems in the supplier list") -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("row", justify="right")
    table.add_column("column")
    table.add_column("value", overflow="fold")
    table.add_column("expected", overflow="fold")
    for p in sorted(problems, key=lambda p: (p.row, p.column)):
        style = "yellow" if p.kind == "conflict" else "red"
        table.add_row(str(p.row), f"[{style}]{p.column}[/{style}]", p.value or "(empty)", p.expected)
    return table


def summary_table(report: OnboardingReport, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("status")
    table.add_column("rows", justify="right")
    for status, n in report.counts.items():
        if n:
            table.add_row(f"[{_STYLE[status]}]{status.replace('_', ' ')}[/{_STYLE[status]}]", str(n))
    return table


def rows_table(report: OnboardingReport, limit: int, title: str) -> Table:
    """Every row when there are at most ``limit``; otherwise the rows that were not
    simply admitted come first, and the caption points to the JSON report. Problems
    are named by column here; their full text is in the problems table and the report."""
    rows = report.rows
    if len(rows) > limit:
        rows = sorted(rows, key=lambda r: (r.status == "admitted", r.row))[:limit]
    columns_of: dict[int, list[str]] = {}
    for p in report.problems:
        columns_of.setdefault(p.row, []).append(p.column)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("row", justify="right")
    table.add_column("BPNL", no_wrap=True)
    table.add_column("name", overflow="ellipsis", no_wrap=True, max_width=20)
    table.add_column("roles", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("block", justify="right")
    table.add_column("tx / reason", overflow="fold", min_width=14)
    for r in sorted(rows, key=lambda r: r.row):
        style = _STYLE.get(r.status, "")
        if r.row in columns_of:
            detail = "problem in " + ", ".join(dict.fromkeys(columns_of[r.row]))
        else:
            detail = ", ".join(x for x in (_short(r.tx, 8, 4) if r.tx else "", r.reason or "") if x)
        table.add_row(str(r.row), r.bpnl, r.name, r.roles, f"[{style}]{_LABEL[r.status]}[/{style}]",
                      "" if r.block is None else str(r.block), detail)
    if len(report.rows) > limit:
        table.caption = f"{limit} of {len(report.rows)} rows shown" + (f"; all in {report.path}" if report.path else "")
    return table


def _short(text: str, head: int, tail: int) -> str:
    return text if len(text) <= head + tail + 1 else f"{text[:head]}…{text[-tail:]}"
