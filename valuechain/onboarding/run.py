"""``onboard()``: a supplier list from CSV to admitted members, exactly once.

read -> validate (every problem at once) -> settle what an earlier run left pending ->
plan against the chain -> (dry run stops) -> send in batches sized to the block gas
limit -> confirm -> report (JSON, reject file).

It prints nothing: every step is logged (``logging``, logger ``valuechain.onboarding.run``)
and told to an ``OnboardingView``, which the command line fills with tables and a
progress bar (``valuechain.cli.onboard_view``).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import requests
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import TransactionNotFound

from valuechain.contract_types import DEFAULT_ADMIN_ROLE as ADMIN_ROLE
from valuechain.errors import ChainError, ConfigError, InputError, SuitePaused
from valuechain.identity import format_roles
from valuechain.onboarding import chainstate, csvfile, recover, sizing
from valuechain.onboarding.execute import BatchEvent, Executor
from valuechain.onboarding.journal import Journal
from valuechain.onboarding.plan import Plan, holds, make_plan
from valuechain.onboarding.report import OnboardingReport, RowResult, rejection_lines
from valuechain.onboarding.validate import Problem, SupplierRow, validate
from valuechain.tx import Sender

#: where the journal, the report and the reject file go by default (README: Onboarding)
JOURNAL_FOLDER = Path(".onboarding")
HINT = "fix them, or skip those rows (--skip-invalid) to onboard the others and get the rest in a reject file"

log = logging.getLogger(__name__)

#: advances the progress of sending by a number of rows, with a status text (or None)
Advance = Callable[[int, str | None], None]


class OnboardingView:
    """What ``onboard()`` tells while it runs, for a user to watch. This one shows nothing
    (every line is logged anyway); the command line's view prints the lines, the plan's
    tables and a progress bar."""

    def line(self, level: int, message: str) -> None:
        """One line of the narrative: ``logging.INFO`` for progress, ``WARNING`` for
        something the user should act on."""

    def planned(self, report: OnboardingReport) -> None:
        """The plan (``report.problems`` included) before anything is sent."""

    def sending(self, rows: int) -> AbstractContextManager[Advance]:
        """Around the sending of ``rows`` rows: gives the callback that advances the progress."""
        return nullcontext(lambda n, text: None)

    def finished(self, report: OnboardingReport, path: Path) -> None:
        """The outcome (of a dry run too), once the report is written to ``path``."""


class _Narrator:
    """Logs every line and tells it to the view."""

    def __init__(self, view: OnboardingView) -> None:
        self.view = view

    def __call__(self, message: str, level: int = logging.INFO) -> None:
        log.log(level, "%s", message)
        self.view.line(level, message)


class InvalidRows(InputError):
    """Rows of the supplier list are invalid or conflict with the chain; nothing was sent.
    ``problems`` lists each (row, column, value, expected); ``lines`` has one line per
    rejected row; ``report`` is the whole plan. ``what`` is the file, ``where`` and
    ``expected`` those of the first problem."""

    def __init__(self, csv: Path, problems: list[Problem], report: OnboardingReport) -> None:
        self.problems = problems
        self.report = report
        self.lines = rejection_lines(str(csv), problems)
        first = min(problems, key=lambda p: (p.row, p.column))
        rows = len({p.row for p in problems})
        lines = "\n".join(f"  {line}" for line in self.lines)
        super().__init__(f"{csv}: {len(problems)} problem(s) in {rows} row(s); nothing was sent:\n{lines}\n{HINT}",
                         what=str(csv), where=f"row {first.row}, column {first.column}", expected=first.expected,
                         found=first.value)


def onboard(
    csv_path: Path | str,
    sender: Sender | None,
    registry: Contract,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    journal_dir: Path | None = None,
    report_path: Path | None = None,
    reject_path: Path | None = None,
    view: OnboardingView | None = None,
    gas_fraction: float = sizing.GAS_FRACTION,
    max_batch_size: int | None = None,
    max_in_flight: int = 4,
    wait_timeout: float = 120.0,
    on_batch: Callable[[BatchEvent], None] | None = None,
) -> OnboardingReport:
    """Admit the suppliers listed in ``csv_path`` to ``registry`` as ``sender``.

    Every row is validated first and all problems are reported together; while any row
    is invalid nothing is sent (InvalidRows), unless ``skip_invalid``: then the valid
    rows go ahead and the others are written to ``reject_path`` with an ``error``
    column. ``dry_run`` stops after the plan (no sender needed, nothing written but the
    report). With either, the rejected rows are in ``report.problems`` (the CLI exits 2).

    Rerunning after a crash, a killed node or Ctrl-C finishes the job: the journal in
    ``journal_dir`` records each batch before it is waited for, and the chain decides
    what is done. Everything goes to ``journal_dir`` (default ``.onboarding/`` in the
    current directory, as the README says), whatever folder the CSV is in: the journal,
    the JSON report (``report_path``, default ``<csv name>.report.json``) and the reject
    file (``reject_path``, default ``<csv name>.rejected.csv``). ``view`` is shown what
    happens as it happens (nothing by default; everything is logged)."""
    started = time.perf_counter()
    view = view or OnboardingView()
    say = _Narrator(view)
    csv_path = Path(csv_path)
    if sender is None and not dry_run:
        raise ConfigError("onboarding sends transactions: an acting account is needed (only a dry run goes without)")
    w3 = registry.w3
    chain_id = w3.eth.chain_id
    if sender is not None and sender.w3 is not w3 and sender.w3.eth.chain_id != chain_id:
        raise ConfigError(f"the acting account is connected to chain {sender.w3.eth.chain_id}, the registry to chain "
                          f"{chain_id}: use one connection for both")
    journal_dir = Path(journal_dir) if journal_dir else JOURNAL_FOLDER
    report_path = Path(report_path) if report_path else journal_dir / f"{csv_path.stem}.report.json"
    reject_path = Path(reject_path) if reject_path else journal_dir / f"{csv_path.stem}.rejected.csv"

    clock = _Clock(started)
    source = csvfile.read(csv_path)
    rows, problems = validate(source)
    timings = {"read_validate": clock.lap()}
    report = OnboardingReport(str(csv_path), chain_id, registry.address, sender.address if sender else None, dry_run,
                              timings=timings, encoding=source.encoding)
    say(f"Onboarding {csv_path} ({len(source.rows)} rows, '{source.delimiter}'-separated, {source.encoding}) to "
        f"registry {registry.address} on chain {chain_id}" + (f" as {sender.address}" if sender else "")
        + (" (dry run)" if dry_run else ""))

    journal = None if dry_run else Journal.open(journal_dir, chain_id, registry.address)
    try:
        if journal is not None:
            report.journal = str(journal.path)
            for settled in recover.settle(journal, w3, timeout=wait_timeout, say=say):
                report.settled.append(str(settled))
                say(f"settled {settled}")
        else:
            _note_open_batches(journal_dir, chain_id, registry.address, say)
        if sender is not None:
            _check_may_admit(registry, sender.address, refuse=not dry_run, say=say)
        _check_not_paused(registry, refuse=not dry_run, say=say)
        timings["settle"] = clock.lap()

        snapshot = chainstate.read_rows(registry, rows)
        plan = make_plan(rows, snapshot)
        problems = problems + plan.problems
        report.problems, report.plan_block = problems, plan.block
        results = _results(w3, source, plan, problems, journal)
        report.rows = [results[raw.row] for raw in source.rows]
        report.awaiting_acceptance = [p.row.bpnl for p in plan.present if p.awaiting]
        timings["plan"] = clock.lap()

        view.planned(report)
        if problems and not skip_invalid and not dry_run:
            report.elapsed_s = time.perf_counter() - started
            report.write(report_path)
            raise InvalidRows(csv_path, problems, report)
        if problems and skip_invalid and not dry_run:
            bad = {p.row for p in problems}
            rejects = [(raw, results[raw.row].reason or "") for raw in source.rows if raw.row in bad]
            csvfile.write_rejects(source, rejects, reject_path)
            report.rejects = str(reject_path)
            say(f"{len(rejects)} invalid row(s) skipped, written to {reject_path} (column 'error')", logging.WARNING)
        if dry_run or not plan.to_admit:
            if not plan.to_admit and not dry_run:
                say("nothing to send: every valid row is already on chain")
            return _finish(report, report_path, view, say, started)

        assert sender is not None and journal is not None
        size = sizing.measure(registry, sender.address, plan.to_admit, gas_fraction, max_batch_size)
        report.block_gas_limit, report.gas_per_member, report.batch_size = size.block_gas_limit, size.gas_per_member, size.size
        lengths = size.batches(len(plan.to_admit))
        timings["size"] = clock.lap()
        say(f"{len(plan.to_admit)} to admit in {len(lengths)} batch(es) of at most {max(lengths)} "
            f"(~{size.gas_per_member:,} gas per member, block gas limit {size.block_gas_limit:,}, "
            f"batches use at most {gas_fraction:.0%} of it)")
        executor = Executor(sender, registry, journal, size, on_batch=on_batch, max_in_flight=max_in_flight,
                            wait_timeout=wait_timeout, say=say)
        try:
            with view.sending(len(plan.to_admit)) as advance:
                executor.advance = advance
                outcomes = executor.run(plan.to_admit)
        except KeyboardInterrupt:
            say(f"interrupted: {len(executor.batches)} batch(es) sent so far are in {journal.path}; run the same "
                "command again to finish (nothing is sent twice)", logging.WARNING)
            raise
        report.batches = executor.batches
        timings["send_confirm"] = clock.lap()
        for row in plan.to_admit:
            outcome = outcomes[row.row]
            results[row.row].status, results[row.row].reason = outcome.status, outcome.reason
            results[row.row].tx, results[row.row].block = outcome.tx, outcome.block
        report.awaiting_acceptance += _confirm(registry, [r for r in plan.to_admit if results[r.row].status == "admitted"], results)
        timings["read_back"] = clock.lap()
        return _finish(report, report_path, view, say, started)
    except requests.exceptions.RequestException as exc:
        where = f"; what was sent so far is in {journal.path}" if journal is not None else ""
        raise ChainError(f"lost the node while onboarding ({type(exc).__name__}: {exc}){where}: run the same "
                         "command again once the node is back (nothing is sent twice)") from None
    finally:
        if journal is not None:
            journal.close()


class _Clock:
    def __init__(self, start: float) -> None:
        self.last = start

    def lap(self) -> float:
        now = time.perf_counter()
        lap, self.last = round(now - self.last, 4), now
        return lap


def _results(w3: Web3, source: csvfile.SupplierCsv, plan: Plan, problems: list[Problem],
             journal: Journal | None) -> dict[int, RowResult]:
    """A result per row of the file: rejected with its problems, already present, or
    planned (status changes to admitted once sent)."""
    by_row: dict[int, list[Problem]] = defaultdict(list)
    for p in problems:
        by_row[p.row].append(p)
    earlier = journal.admitted_by() if journal is not None else {}
    results: dict[int, RowResult] = {}
    for raw in source.rows:
        v = raw.values
        results[raw.row] = RowResult(raw.row, v["bpnl"], v["name"], v["roles"], v["operator"], v["profile"],
                                     "rejected", "; ".join(f"{p.column}: {p.expected}" for p in by_row[raw.row]))

    def fill(row: SupplierRow, status: str, reason: str | None = None) -> RowResult:
        r = results[row.row]
        r.roles, r.operator, r.profile = format_roles(row.roles), row.operator, "0x" + row.profile_hash.hex()
        r.status, r.reason = status, reason
        return r

    confirmed: dict[str, bool] = {}
    for present in plan.present:
        r = fill(present.row, "already_present", present.note or None)
        batch = earlier.get((present.row.bpnl, present.row.operator))
        if batch is not None and batch.tx is not None:
            # admitted by an earlier run of this job: say by which transaction, once this
            # chain confirms it (a dev chain restarted empty reuses the registry address)
            if batch.tx not in confirmed:
                confirmed[batch.tx] = _mined_at(w3, batch.tx) == batch.block
            if confirmed[batch.tx]:
                r.tx, r.block = batch.tx, batch.block
    for row in plan.to_admit:
        fill(row, "planned")
    return results


def _mined_at(w3: Web3, tx: str) -> int | None:
    try:
        return int(w3.eth.get_transaction_receipt(tx)["blockNumber"])  # type: ignore[arg-type]
    except TransactionNotFound:
        return None


def _confirm(registry: Contract, admitted: list[SupplierRow], results: dict[int, RowResult]) -> list[str]:
    """Read the admitted rows back in one snapshot: the receipts said so, the state must
    agree. Returns the BPNLs whose operator key still has to accept its binding."""
    snapshot = chainstate.read_rows(registry, admitted)
    awaiting = []
    for row in admitted:
        if not holds(snapshot, row):
            r = results[row.row]
            r.status = "rejected"
            r.reason = f"not on chain at block {snapshot.block} although tx {r.tx} succeeded (reorg?): rerun"
        elif snapshot.offered(row.operator, row.bpnl):
            awaiting.append(row.bpnl)
    return awaiting


def _finish(report: OnboardingReport, path: Path, view: OnboardingView, say: _Narrator,
            started: float) -> OnboardingReport:
    report.elapsed_s = time.perf_counter() - started
    report.write(path)
    view.finished(report, path)
    awaiting = report.awaiting_acceptance
    if awaiting and not report.dry_run:
        some = ", ".join(awaiting[:5]) + (", …" if len(awaiting) > 5 else "")
        say(f"{len(awaiting)} admitted org(s) can act only once their operator key accepts the binding: "
            f"acceptOperator(bpnl), sent by that key itself ({some})", logging.WARNING)
    say(f"{len(report.rows)} rows in {report.elapsed_s:.2f} s ({report.rows_per_s:,.0f} rows/s); report: {path}")
    return report


def _check_may_admit(registry: Contract, account: str, refuse: bool, say: _Narrator) -> None:
    onboarder = registry.functions.ONBOARDER_ROLE().call()
    if registry.functions.hasRole(onboarder, account).call() or registry.functions.hasRole(ADMIN_ROLE, account).call():
        return
    message = (f"{account} may not admit members of the registry at {registry.address}: it holds neither "
               "ONBOARDER_ROLE nor the council role (ask the council to grant ONBOARDER_ROLE)")
    if refuse:
        raise ChainError(message, what="account", where=f"registry {registry.address}",
                         expected="ONBOARDER_ROLE or the council role", found=account)
    say(message, logging.WARNING)


def _check_not_paused(registry: Contract, refuse: bool, say: _Narrator) -> None:
    if not registry.functions.paused().call():
        return
    if refuse:
        raise SuitePaused("onboarding")  # before anything is sent: the journal has no new batch
    say(f"the suite is paused (registry {registry.address}): a real run would send nothing until the council or a "
        "guardian resumes it (`valuechain emergency resume`)", logging.WARNING)


def _note_open_batches(directory: Path, chain_id: int, registry: str, say: _Narrator) -> None:
    """Dry run: read the journal without taking it over, and say what a real run would settle first."""
    path = directory / f"onboarding-{chain_id}-{registry}.jsonl"
    if not path.exists():
        return
    pending = Journal.read(path).open_batches()
    if pending:
        say(f"{len(pending)} batch(es) of an earlier run are unsettled in {path}; a real run settles them first, "
            "so this plan may shrink", logging.WARNING)
