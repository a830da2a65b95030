"""`brownie run scripts/onboard_suppliers.py main suppliers.csv [dry-run] [skip-invalid]`

Onboards the suppliers listed in a CSV file to the registry on the local chain Brownie
launched, as dev account 1 (the onboarder). The registry is the one of
deployments/31337.json when it still has code there, else a suite deployed now (dev
account 0 as council, account 1 as onboarder). All the work is
valuechain.onboarding.onboard; the journal (with the report and the reject file) lies in
.onboarding/ of the current directory, so rerunning the same command after an
interruption finishes the job. Any rejected row (also in a dry run or with skip-invalid)
ends the script with an error."""

from __future__ import annotations

from brownie import accounts, web3
from rich.console import Console
from web3 import Web3
from web3.contract import Contract

from valuechain import deploy, manifest
from valuechain.cli.onboard_view import ConsoleView
from valuechain.errors import ConfigError, ValueChainError
from valuechain.network import connect
from valuechain.onboarding import InvalidRows, onboard
from valuechain.onboarding.report import rejection_lines
from valuechain.tx import Sender

OPTIONS = {"dry-run", "skip-invalid"}


def main(csv_path: str, *options: str) -> None:
    unknown = set(options) - OPTIONS
    if unknown:
        raise SystemExit(f"unknown option(s) {', '.join(sorted(unknown))}: expected {', '.join(sorted(OPTIONS))}")
    w3 = connect(web3.provider.endpoint_uri)
    onboarder = Sender(w3, accounts[1].address)
    try:
        registry = _registry(w3, Sender(w3, accounts[0].address), onboarder)
        report = onboard(csv_path, onboarder, registry, dry_run="dry-run" in options,
                         skip_invalid="skip-invalid" in options, view=ConsoleView(Console()))
    except InvalidRows as exc:
        raise SystemExit(f"{len(exc.problems)} problem(s), listed above; nothing was sent "
                         "(fix them, or add `skip-invalid` to send the valid rows)") from None
    except ValueChainError as exc:
        raise SystemExit(f"onboarding stopped: {exc}") from None
    if report.problems:
        raise SystemExit("\n".join(rejection_lines(csv_path, report.problems)))


def _registry(w3: Web3, council: Sender, onboarder: Sender) -> Contract:
    try:
        registry = manifest.load(chain_id=w3.eth.chain_id).contract(w3, "ConsortiumRegistry")
        if w3.eth.get_code(registry.address):
            return registry
    except ConfigError:
        pass
    print("no live suite in deployments/: deploying one on the local chain")
    return deploy.deploy_suite(council, onboarders=[onboarder.address], force=True).contract(w3, "ConsortiumRegistry")
