# valuechain: `make demo` and `make test` install what is missing, then run.
# Everything lands inside the repo: .venv/, node_modules/, .tools/ (anvil, solc bridge)
# and .home/ (Brownie's data folder, holding the configured `development` network).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := $(CURDIR)/.venv
TOOLS := $(CURDIR)/.tools
STAMPS := $(CURDIR)/.stamps
SOLC_VERSION := $(shell sed -n 's/^ *version: *\(0\.8\.[0-9]*\)/\1/p' brownie-config.yaml)
DEV_PORT ?= 28545

export PATH := $(TOOLS)/bin:$(VENV)/bin:$(PATH)
export SOLCX_BINARY_PATH := $(TOOLS)/solcx
# Brownie keeps its network list under $HOME/.brownie: point HOME into the repo for
# Brownie so a fresh clone configures itself and nothing outside the repo changes.
BROWNIE := HOME=$(CURDIR)/.home $(VENV)/bin/brownie
# Bytecode is cached, but outside the source tree: each module compiled once, by the first
# process that imports it (also this machine's PYTHONDONTWRITEBYTECODE is undone).
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/build/pycache
# the package of this checkout, even when the venv's editable install points elsewhere
export PYTHONPATH := $(CURDIR)

.PHONY: help install demo test test-offline test-consortium lint slither slither-analysis bench fuzz coverage types clean client network network-stop network-status network-reset

help:
	@echo "make demo    install what is missing, then run the main scenario on a local Anvil"
	@echo "make test    install what is missing, then run the whole test suite, the linters and Slither"
	@echo "make lint    ruff over the Python trees, mypy over the package (settings: pyproject.toml)"
	@echo "make test-offline  only the tests that need no chain (plain pytest, seconds)"
	@echo "make test-consortium  only the tests on real four-validator geth networks (about 2 min)"
	@echo "make bench   gas table (bench/results/gas.json) and tooling benchmarks (Anvil and a consortium chain)"
	@echo "make fuzz    the stateful tests with ten times the examples"
	@echo "make coverage  statement and branch coverage of contracts/ (bench/results/coverage.json)"
	@echo "make types   regenerate valuechain/contract_types.py after changing a contract's enums, constants, structs or errors"
	@echo "make clean   remove build output and every installed tool"
	@echo "make client  build the consortium chain's client (geth 1.13.15, Clique) into .tools/bin"
	@echo "make network  start the local consortium chain (4 Clique validators, .consortium/; rpc :8601)"
	@echo "make network-stop / network-status / network-reset   stop it / check it / delete it"

$(STAMPS):
	@mkdir -p $@

# Python venv, keyed on pyproject.toml. uv (from PyPI) installs what pyproject.toml asks
# for: it downloads and unpacks in parallel, 55 s instead of pip's 3 min on a fresh machine.
# No --compile-bytecode: compiling all 7,740 modules costs 29 s of CPU at install, on the
# way to every test; PYTHONPYCACHEPREFIX (above) compiles only what is imported, once.
$(STAMPS)/venv: pyproject.toml | $(STAMPS)
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check 'uv==0.13.*'
	$(VENV)/bin/uv pip install --quiet --python $(VENV)/bin/python -e '.[dev]'
	@touch $@

# npm packages (anvil, solc, OpenZeppelin, ganache), keyed on the lock file
$(STAMPS)/node: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# anvil's native binary on PATH (Brownie recognises the backend by the command name,
# and the npm wrapper would not pass on the signal Brownie stops it with) and the solc
# bridge where py-solc-x looks for installed compilers
$(STAMPS)/tools: $(STAMPS)/node tools/solc-bridge.js brownie-config.yaml | $(STAMPS)
	@mkdir -p $(TOOLS)/bin $(TOOLS)/solcx
	ln -sfn $(CURDIR)/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil $(TOOLS)/bin/anvil
	rm -f $(TOOLS)/solcx/solc-v*
	ln -sfn $(CURDIR)/tools/solc-bridge.js $(TOOLS)/solcx/solc-v$(SOLC_VERSION)
	$(TOOLS)/solcx/solc-v$(SOLC_VERSION) --version >/dev/null
	@touch $@

# Brownie's development network: Anvil on paris, with step tracing for coverage
$(STAMPS)/brownie: $(STAMPS)/venv $(STAMPS)/tools Makefile | $(STAMPS)
	@mkdir -p $(CURDIR)/.home
	rm -f $(CURDIR)/.home/.brownie/network-config.yaml
	$(BROWNIE) networks modify development cmd=anvil host=http://127.0.0.1 port=$(DEV_PORT) \
	    evm_version=paris steps_tracing=true gas_limit=30000000 accounts=10 >/dev/null
	@touch $@

# the venv and the npm packages download while the consortium client compiles
install:
	@$(MAKE) --no-print-directory -j3 $(STAMPS)/venv $(STAMPS)/node $(STAMPS)/client
	@$(MAKE) --no-print-directory $(STAMPS)/brownie

demo: install
	$(BROWNIE) run scripts/demo.py

# Three suites and the static checks at once:
# - tests/offline (no chain, no build: plain pytest, see its pytest.ini) and ruff + mypy
#   start at once, while the contracts compile (in full: Slither reads that build, and
#   crytic-compile rejects what an incremental compile left behind; no test writes it);
# - then Slither, tests/consortium (real four-validator geth networks it starts itself:
#   plain pytest, one network per xdist group on six workers, mostly waiting for 1 s
#   blocks) and the chain suite (`brownie test`, which skips both) on two xdist workers,
#   each with its own Anvil (tests/conftest.py), the long stateful tests collected first
#   so they start at once and the rest balances around them.
# The reports of the others follow the chain suite's. Any failing fails the target.
TEST_WORKERS ?= 2
OFFLINE_TESTS := $(VENV)/bin/python -m pytest tests/offline -q
CONSORTIUM_TESTS := $(VENV)/bin/python -m pytest tests/consortium -q -n 6 --basetemp=$(CURDIR)/build/consortium-tmp

test: install
	@mkdir -p build
	@$(OFFLINE_TESTS) >build/tests-offline.log 2>&1 & offline=$$!; \
	$(MAKE) --no-print-directory lint >build/lint.log 2>&1 & lint=$$!; \
	echo "$(BROWNIE) compile --all"; $(BROWNIE) compile --all >/dev/null || { wait; exit 1; }; \
	$(MAKE) --no-print-directory slither-analysis >build/slither.log 2>&1 & slither=$$!; \
	$(CONSORTIUM_TESTS) >build/tests-consortium.log 2>&1 & consortium=$$!; \
	$(BROWNIE) test tests/ -n $(TEST_WORKERS) $(PYTEST_ARGS); chain=$$?; \
	wait $$offline; offline=$$?; wait $$consortium; consortium=$$?; wait $$lint; lint=$$?; wait $$slither; slither=$$?; \
	echo "--- tests/offline (plain pytest, no chain):"; cat build/tests-offline.log; \
	echo "--- tests/consortium (plain pytest, four-validator geth networks):"; cat build/tests-consortium.log; \
	echo "--- ruff, mypy:"; cat build/lint.log; echo "--- Slither:"; cat build/slither.log; \
	test $$chain -eq 0 -a $$offline -eq 0 -a $$consortium -eq 0 -a $$lint -eq 0 -a $$slither -eq 0

# The consortium chain's client, built from its Go module into .tools/bin (DESIGN.md section 6,
# docs/consortium.md): go-ethereum v1.13.15, the last release that seals Clique proof of
# authority, pinned by tools/geth/go.mod and go.sum. (GoQuorum, the first choice, cannot be had:
# the Go module proxy refuses every version of github.com/consensys/quorum with 403.)
# -checklinkname=0: github.com/fjl/memsize, a dependency of geth's debug pprof UI, links
# runtime.stopTheWorld, which Go >= 1.23 refuses; the node never starts that UI.
# CGO_ENABLED=0: geth's pure-Go secp256k1 and no C dependencies (USB wallets, the C
# secp256k1): the first build takes 108 s on two idle cores instead of 6.5 min under load,
# a rebuild from Go's caches a few seconds.
$(STAMPS)/client: tools/geth/go.mod tools/geth/go.sum | $(STAMPS)
	@command -v go >/dev/null || { echo "make: the consortium client is built with Go (1.24 or later): install Go, then run make again" >&2; exit 1; }
	@mkdir -p $(TOOLS)/bin
	cd tools/geth && CGO_ENABLED=0 go build -trimpath -ldflags=-checklinkname=0 \
	    -o $(TOOLS)/bin/geth github.com/ethereum/go-ethereum/cmd/geth
	$(TOOLS)/bin/geth version | grep -q '^Version: 1.13.15-stable'
	@touch $@

client: $(STAMPS)/client

# The local consortium chain (tools/consortium/network.py, profile tools/consortium/profile.toml):
# four validators, one per founding member, detached, data dirs, keys, logs and PIDs under
# .consortium/; node 1's RPC is valuechain.toml's consortium-local. `network-status` exits 1
# unless every node runs with all others as peers and blocks keep coming.
NETWORK := $(VENV)/bin/python -m tools.consortium.network --dir $(CURDIR)/.consortium
network: $(STAMPS)/client $(STAMPS)/venv
	$(NETWORK) start

network-stop network-status network-reset: $(STAMPS)/venv
	$(NETWORK) $(patsubst network-%,%,$@)

# ruff and mypy as configured in pyproject.toml (mypy: the whole package, fully typed)
lint: $(STAMPS)/venv
	$(VENV)/bin/ruff check valuechain scripts tools bench tests
	$(VENV)/bin/mypy valuechain

test-offline: install
	$(OFFLINE_TESTS) $(PYTEST_ARGS)

# only the consortium suite (a few minutes of 1 s blocks; needs `brownie compile`d contracts)
test-consortium: install
	$(BROWNIE) compile >/dev/null
	$(CONSORTIUM_TESTS) $(PYTEST_ARGS)

slither: install
	$(BROWNIE) compile --all >/dev/null
	@$(MAKE) --no-print-directory slither-analysis

# Slither on the build as it is (`slither` and `test` compile in full first)
slither-analysis:
	HOME=$(CURDIR)/.home $(VENV)/bin/slither . --compile-force-framework brownie --brownie-ignore-compile \
	    --filter-paths node_modules --exclude-dependencies --fail-medium

bench: install
	$(BROWNIE) run scripts/bench_gas.py
	$(BROWNIE) run scripts/bench_onboard.py
	$(BROWNIE) run scripts/bench_events.py
	$(BROWNIE) run scripts/bench_simulate.py
	$(BROWNIE) run scripts/bench_consortium.py

fuzz: install
	STATEFUL_SCALE=10 $(BROWNIE) test tests/stateful

# Statement and branch coverage of contracts/ -> bench/results/coverage.json (README,
# "Coverage"). Not `brownie test --coverage`: Brownie 1.22.2 crashes merging its results
# and its tracing makes the stateful tests crawl. The bench.coverage_trace plugin traces
# every transaction and eth_call of the run itself (Anvil --steps-tracing, see `install`)
# against Brownie's pcMap/coverageMap; bench.coverage writes the report even when a
# test failed (the target still fails then). tests/tooling is left out: it exercises the
# Python package, and the contracts it touches are covered by unit/stateful/integration.
COVERAGE_TESTS ?= tests/unit tests/stateful tests/integration tests/access
coverage: install
	rm -f build/coverage/hits.json
	PYTEST_PLUGINS=bench.coverage_trace $(BROWNIE) test $(COVERAGE_TESTS) $(PYTEST_ARGS); \
	    status=$$?; $(VENV)/bin/python -m bench.coverage $(COVERAGE_ARGS) || status=$$?; exit $$status

# valuechain/contract_types.py: the contracts' enums, role/purpose bits, structs and errors
# for Python, generated from the build (tests/tooling/test_contract_types.py fails when stale)
types: install
	$(BROWNIE) compile --all >/dev/null
	$(VENV)/bin/python tools/gen_contract_types.py

# clean keeps .valuechain/ (Catena-X sidecar: off-chain data) and .onboarding/ (journals)
clean:
	rm -rf build reports crytic-export $(STAMPS) $(TOOLS) $(CURDIR)/.home $(VENV) node_modules
