"""Rich tables of what the chain holds."""

from __future__ import annotations

from rich.table import Table

from valuechain.identity import Status, format_roles
from valuechain.members import Member

_STATUS_STYLE = {Status.ACTIVE: "green", Status.SUSPENDED: "yellow", Status.OFFBOARDED: "red"}


def members_table(members: list[Member], title: str = "Consortium members (read back from the chain)") -> Table:
    table = Table(title=title)
    table.add_column("BPNL", no_wrap=True)
    table.add_column("roles")
    table.add_column("status")
    table.add_column("joined (UTC)")
    table.add_column("operators")
    table.add_column("profile hash")
    for m in members:
        style = _STATUS_STYLE.get(m.status, "")
        table.add_row(
            m.bpnl,
            format_roles(m.roles),
            f"[{style}]{m.status.name}[/{style}]",
            m.joined_at.strftime("%Y-%m-%d %H:%M:%S"),
            "\n".join(m.operators),
            "0x" + m.profile_hash.hex()[:12] + "…",
        )
    return table
