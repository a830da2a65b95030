"""The plan: valid rows compared with the chain.

Each row is either to be admitted, already done (the org is on chain with the same
roles and this operator, bound or still offered: an admission only offers the first
binding, the key accepts it itself), or a problem: its operator already operates another
org, or its org is on chain with other roles or without this operator (a conflict the
operator must resolve; it is never silently skipped).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from valuechain.identity import Status, format_roles
from valuechain.onboarding.chainstate import OrgOnChain, Snapshot
from valuechain.onboarding.validate import Problem, SupplierRow


@dataclass(frozen=True)
class Present:
    """A row whose org is already on chain as the file describes it."""

    row: SupplierRow
    org: OrgOnChain
    awaiting: bool = False  # the operator key holds the admission's offer, not accepted yet

    @property
    def note(self) -> str:
        notes = []
        if self.awaiting:
            notes.append("operator key has not accepted yet")
        if self.org.status != Status.ACTIVE:
            notes.append(f"status {self.org.status.name}")
        if self.org.profile_hash != self.row.profile_hash:
            notes.append("profile hash on chain differs (updated by the org since?)")
        return "; ".join(notes)


@dataclass
class Plan:
    """What onboarding will do, judged at ``block``."""

    block: int
    to_admit: list[SupplierRow] = field(default_factory=list)
    present: list[Present] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def holds(snapshot: Snapshot, row: SupplierRow) -> bool:
    """Whether the chain holds ``row`` as the file describes it: the org with these
    roles, operated by this account or offered to it (profile and status aside)."""
    org = snapshot.org(row.bpnl)
    return org is not None and org.roles == row.roles and _operates(snapshot, row)


def _operates(snapshot: Snapshot, row: SupplierRow) -> bool:
    """The row's operator operates its org, or holds the admission's offer to."""
    return snapshot.org_of(row.operator) == row.bpnl or snapshot.offered(row.operator, row.bpnl)


def make_plan(rows: list[SupplierRow], snapshot: Snapshot) -> Plan:
    plan = Plan(snapshot.block)
    for row in rows:
        org = snapshot.org(row.bpnl)
        operated = snapshot.org_of(row.operator)
        if org is None:
            if operated:
                plan.problems.append(Problem(row.row, "operator", row.operator,
                                             f"an account that operates no org yet (it operates {operated} on chain)"))
            else:
                plan.to_admit.append(row)
            continue
        found = []
        if org.roles != row.roles:
            found.append(Problem(row.row, "roles", row.roles_text,
                                 f"{format_roles(org.roles)}, the roles {row.bpnl} already holds on chain "
                                 "(role changes go through the council, not onboarding)", "conflict"))
        if not _operates(snapshot, row):
            now = f"it operates {operated}" if operated else "it operates no org"
            found.append(Problem(row.row, "operator", row.operator,
                                 f"an operator of {row.bpnl}, which is already on chain ({now}; "
                                 "operators of an admitted org are added by the org itself)", "conflict"))
        if found:
            plan.problems += found
        else:
            plan.present.append(Present(row, org, snapshot.offered(row.operator, row.bpnl)))
    return plan
