"""The plan: valid rows compared with the chain.

Each row is either to be admitted, already done (the org is on chain with the same
roles and this operator), or a problem: its operator already operates another org, or
its org is on chain with other roles or without this operator (a conflict the operator
must resolve; it is never silently skipped).
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

    @property
    def note(self) -> str:
        notes = []
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
    roles, operated by this account (profile and status aside)."""
    org = snapshot.org(row.bpnl)
    return org is not None and org.roles == row.roles and snapshot.org_of(row.operator) == row.bpnl


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
        if operated != row.bpnl:
            now = f"it operates {operated}" if operated else "it operates no org"
            found.append(Problem(row.row, "operator", row.operator,
                                 f"an operator of {row.bpnl}, which is already on chain ({now}; "
                                 "operators of an admitted org are added by the org itself)", "conflict"))
        if found:
            plan.problems += found
        else:
            plan.present.append(Present(row, org))
    return plan
