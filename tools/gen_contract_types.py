#!/usr/bin/env python3
"""Generate ``valuechain/contract_types.py`` from Brownie's build artifacts.

The contracts are the one source of their enums, role and purpose bits, role ids,
public constants, structs and custom errors; this script writes their Python side:

- enums: every ``enum`` of the project's sources, members in order, from the solc AST;
- ``Role`` / ``Purpose`` bits: constants found by name across all source units
  (``ROLE_X`` or ``_ROLE_X`` anywhere, any constant of a library ``Roles``; ``PURPOSE_X``
  anywhere, any constant of a library ``Purposes``, and the constants of the type of
  ``ALL_PURPOSES`` declared beside it). Their values are evaluated from the AST (literals,
  references to other constants, ``|``, ``<<``, conversions, ``keccak256``); every
  declaration of a member must agree, so two contracts drifting apart fail here. Only
  single bits are members; masks (``ALL_PURPOSES``) become plain constants;
- ``ROLE_IDS``: the bytes32 constants named ``*_ROLE`` (AccessControl role ids);
- public constants of the project (and library constants) as module constants;
- structs that appear in an ABI, as NamedTuples with the ABI's field names;
- ``ERRORS``: the ABI of every custom error of every artifact (OpenZeppelin's included)
  by selector, ``ERROR_NOTICES`` their NatSpec ``@notice``.

usage: tools/gen_contract_types.py [--build build/contracts] [--out valuechain/contract_types.py] [--check]
(``make types`` compiles and runs it; ``tests/tooling/test_contract_types.py`` fails when
the committed file is stale.)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from eth_utils import keccak
from eth_utils.abi import collapse_if_tuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BUILD = ROOT / "build" / "contracts"
DEFAULT_OUT = ROOT / "valuechain" / "contract_types.py"
PROJECT_PREFIX = "contracts/"
#: an enum whose NatSpec names a Catena-X standard (CX-0146 ...) gets the Catena-X spelling
CATENA_X = re.compile(r"\bCX-\d{4}\b")
SUBDENOMINATIONS = {None: 1, "wei": 1, "gwei": 10**9, "ether": 10**18, "seconds": 1, "minutes": 60,
                    "hours": 3600, "days": 86400, "weeks": 604800}


class GenerationError(Exception):
    """The artifacts do not allow a consistent module (stale build, drifting constants)."""


@dataclass(frozen=True)
class FlagSpec:
    """How the constants of one flag set are recognised by name."""

    name: str
    prefix: str  # ROLE_ -> ROLE_OEM, _ROLE_OEM
    library: str  # constants of this library (prefix optional)
    mask: str | None  # constants of the mask's type declared beside this mask
    doc: str


FLAGS = (
    FlagSpec("Role", "ROLE_", "Roles", None, "Role bits of member organisations (an org's role set is an OR of them)."),
    FlagSpec("Purpose", "PURPOSE_", "Purposes", "ALL_PURPOSES",
             "Usage purpose bits of data licences (terms and licences carry an OR of them)."),
)


@dataclass
class Constant:
    scope: str  # contract, library or interface name; the file for file-level constants
    scope_kind: str  # contract | library | interface | file
    name: str
    type: str
    visibility: str
    node: dict[str, Any]
    project: bool

    @property
    def where(self) -> str:
        return f"{self.scope}.{self.name}"


@dataclass
class Artifacts:
    """The build folder, read: ABIs, NatSpec and one AST per source unit."""

    contracts: list[dict[str, Any]] = field(default_factory=list)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    nodes: dict[int, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Artifacts:
        paths = sorted(folder.glob("*.json"))
        if not paths:
            raise GenerationError(f"no build artifacts in {folder}: run `brownie compile` first")
        art = cls()
        for path in paths:
            data = json.loads(path.read_text())
            if "abi" not in data:
                continue
            art.contracts.append(data)
            unit = data.get("ast")
            if not unit:
                raise GenerationError(f"{path.name} holds no AST: compile with Brownie (it keeps `ast`)")
            art.units.setdefault(unit["absolutePath"], unit)
        art.contracts.sort(key=lambda c: (not c["sourcePath"].startswith(PROJECT_PREFIX), c["contractName"]))
        for source, unit in art.units.items():
            for node in _walk(unit):
                known = art.nodes.setdefault(node["id"], node)
                if known is not node and known.get("src") != node.get("src"):
                    raise GenerationError(f"node id {node['id']} of {source} clashes with another source unit: the build "
                                          "mixes compilations; run `brownie compile --all`")
        return art

    def scopes(self) -> Iterator[tuple[str, str, dict[str, Any], bool]]:
        """(scope name, kind, declaration node, project source?) of every declaration."""
        for path, unit in sorted(self.units.items()):
            project = path.startswith(PROJECT_PREFIX)
            for node in unit["nodes"]:
                if node["nodeType"] == "ContractDefinition":
                    for inner in node["nodes"]:
                        yield node["name"], node["contractKind"], inner, project
                else:
                    yield path, "file", node, project


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if isinstance(node.get("id"), int) and "nodeType" in node:
            yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


# ---------------------------------------------------------------- constant expressions


class Unresolved(Exception):
    """An expression this evaluator does not handle (the constant is left out)."""


def _bits(type_name: str) -> tuple[bool, int] | None:
    m = re.fullmatch(r"(u?)int(\d*)", type_name)
    return (m.group(1) == "u", int(m.group(2) or 256)) if m else None


def _convert(value: Any, type_name: str) -> Any:
    """``value`` as Solidity type ``type_name`` holds it (int, bytes of the size, bool, str)."""
    ints = _bits(type_name)
    if ints:
        unsigned, width = ints
        number = int.from_bytes(value, "big") if isinstance(value, bytes) else int(value)
        number &= (1 << width) - 1
        return number if unsigned or number < 1 << (width - 1) else number - (1 << width)
    m = re.fullmatch(r"bytes(\d+)", type_name)
    if m:
        size = int(m.group(1))
        if isinstance(value, int):
            return value.to_bytes(size, "big")
        return bytes(value)[:size].ljust(size, b"\x00")
    if type_name.startswith("enum "):
        return int(value)
    return value


class Evaluator:
    def __init__(self, art: Artifacts) -> None:
        self.art = art
        self.memo: dict[int, Any] = {}

    def constant(self, decl: dict[str, Any]) -> Any:
        if decl["id"] not in self.memo:
            if not decl.get("constant") or decl.get("value") is None:
                raise Unresolved(f"{decl.get('name')} is not a constant")
            self.memo[decl["id"]] = _convert(self.eval(decl["value"]), decl["typeDescriptions"]["typeString"])
        return self.memo[decl["id"]]

    def _declaration(self, node: dict[str, Any], name: str) -> dict[str, Any]:
        decl = self.art.nodes.get(node.get("referencedDeclaration", -1))
        if decl is None or decl.get("name") != name:
            raise Unresolved(f"{name}: declaration not in the build (a source unit without artifact?)")
        return decl

    def eval(self, node: dict[str, Any]) -> Any:
        kind = node["nodeType"]
        type_string = node.get("typeDescriptions", {}).get("typeString") or ""
        fixed = re.fullmatch(r"int_const (-?\d+)", type_string)
        if fixed:
            return int(fixed.group(1))
        if kind == "Literal":
            if node["kind"] == "number":
                text = node["value"].replace("_", "")
                number = int(text, 16) if text.startswith("0x") else int(Decimal(text))
                return number * SUBDENOMINATIONS[node.get("subdenomination")]
            if node["kind"] in ("string", "hexString", "unicodeString"):
                return bytes.fromhex(node["hexValue"])
            if node["kind"] == "bool":
                return node["value"] == "true"
        if kind == "TupleExpression" and len(node.get("components", [])) == 1:
            return self.eval(node["components"][0])
        if kind == "Identifier":
            return self.constant(self._declaration(node, node["name"]))
        if kind == "MemberAccess":
            return self._member(node)
        if kind == "UnaryOperation":
            value = self.eval(node["subExpression"])
            if node["operator"] == "-":
                return -value
            if node["operator"] == "~":
                return _convert(~value, type_string)
            if node["operator"] == "!":
                return not value
        if kind == "BinaryOperation":
            return self._binary(node)
        if kind == "FunctionCall":
            return self._call(node, type_string)
        raise Unresolved(f"{kind} expression")

    def _member(self, node: dict[str, Any]) -> Any:
        member, base = node["memberName"], node["expression"]
        if member in ("max", "min") and base["nodeType"] == "FunctionCall" and base["expression"].get("name") == "type":
            target = base["arguments"][0]
            type_name = (target.get("typeName") or {}).get("name") or target["typeDescriptions"]["typeString"]
            ints = _bits(type_name)
            if ints:
                unsigned, width = ints
                if member == "max":
                    return (1 << width) - 1 if unsigned else (1 << (width - 1)) - 1
                return 0 if unsigned else -(1 << (width - 1))
            enum = self._declaration(target, target.get("name", ""))
            return len(enum["members"]) - 1 if member == "max" else 0
        decl = self._declaration(node, member)
        if decl["nodeType"] == "EnumValue":
            enum = next(n for n in self.art.nodes.values()
                        if n["nodeType"] == "EnumDefinition" and any(m["id"] == decl["id"] for m in n["members"]))
            return [m["id"] for m in enum["members"]].index(decl["id"])
        return self.constant(decl)

    def _binary(self, node: dict[str, Any]) -> Any:
        left, right = self.eval(node["leftExpression"]), self.eval(node["rightExpression"])
        ops = {"+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
               "/": lambda: left // right, "%": lambda: left % right, "**": lambda: left**right,
               "<<": lambda: left << right, ">>": lambda: left >> right, "&": lambda: left & right,
               "|": lambda: left | right, "^": lambda: left ^ right}
        if node["operator"] not in ops:
            raise Unresolved(f"operator {node['operator']}")
        common = (node.get("commonType") or {}).get("typeString", "")
        value = ops[node["operator"]]()
        return _convert(value, common) if _bits(common) else value

    def _call(self, node: dict[str, Any], type_string: str) -> Any:
        args = node.get("arguments", [])
        if node.get("kind") == "typeConversion" and len(args) == 1:
            return _convert(self.eval(args[0]), type_string)
        callee = node["expression"]
        if callee.get("nodeType") == "Identifier" and callee.get("name") == "keccak256" and len(args) == 1:
            data = self.eval(args[0])
            if isinstance(data, bytes):
                return keccak(data)
        raise Unresolved("function call")


# ---------------------------------------------------------------- collecting


@dataclass
class Model:
    enums: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (python name, EnumDefinition)
    flags: dict[str, dict[str, int]] = field(default_factory=dict)
    flag_types: dict[str, str] = field(default_factory=dict)
    role_ids: dict[str, bytes] = field(default_factory=dict)
    constants: dict[str, tuple[Any, str]] = field(default_factory=dict)  # name -> (value, type)
    structs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # canonical name -> components
    struct_docs: dict[str, str] = field(default_factory=dict)
    errors: dict[str, dict[str, Any]] = field(default_factory=dict)  # 0xselector -> ABI
    notices: dict[str, str] = field(default_factory=dict)


def _notice(node: dict[str, Any]) -> str:
    text = (node.get("documentation") or {}).get("text", "")
    notice = re.split(r"@(?:dev|param|return|custom)\b", text)[0].replace("@notice", "")
    return " ".join(notice.split())


def _agree(table: dict[str, Any], key: str, value: Any, where: str, seen: dict[str, str]) -> None:
    """``table[key] = value``, unless another declaration (``seen[key]``) said otherwise."""
    if key in table and table[key] != value:
        raise GenerationError(f"{where} = {value!r} but {seen[key]} = {table[key]!r}: the contracts disagree")
    table.setdefault(key, value)
    seen.setdefault(key, where)


def _py(value: Any) -> str:
    """A Python literal of JSON-like ``value`` (double-quoted strings)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_py(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def _constants(art: Artifacts) -> list[Constant]:
    out = []
    for scope, scope_kind, node, project in art.scopes():
        if node["nodeType"] == "VariableDeclaration" and node.get("constant"):
            out.append(Constant(scope, scope_kind, node["name"], node["typeDescriptions"]["typeString"],
                                node.get("visibility", "internal"), node, project))
    return out


def _flag_member(spec: FlagSpec, c: Constant, masks: dict[str, str]) -> str | None:
    """The member name constant ``c`` gives flag ``spec``, or None."""
    bare = c.name.lstrip("_")
    if bare.startswith(spec.prefix):
        return bare[len(spec.prefix):]
    if c.scope == spec.library:
        return bare
    if spec.mask and masks.get(c.scope) == c.type and not c.name.startswith("_") and c.name != spec.mask:
        return bare
    return None


def collect(art: Artifacts) -> Model:
    model = Model()
    ev = Evaluator(art)
    constants = _constants(art)
    masks = {spec.name: {c.scope: c.type for c in constants if c.name == spec.mask} for spec in FLAGS}

    for spec in FLAGS:
        members: dict[str, int] = {}
        seen: dict[str, str] = {}
        for c in constants:
            name = _flag_member(spec, c, masks[spec.name])
            if name is None or not _bits(c.type):
                continue
            value = ev.constant(c.node)  # a flag member must evaluate: an error here is a finding
            if value > 0 and value & (value - 1) == 0:
                _agree(members, name, value, c.where, seen)
                model.flag_types.setdefault(spec.name, c.type)
        if not members:
            raise GenerationError(f"no {spec.name} constants found ({spec.prefix}*, library {spec.library})")
        model.flags[spec.name] = dict(sorted(members.items(), key=lambda kv: kv[1]))

    flag_members = {c.name for c in constants for spec in FLAGS if _flag_member(spec, c, masks[spec.name])}
    seen_ids: dict[str, str] = {}
    seen_constants: dict[str, str] = {}
    for c in constants:
        public = c.visibility == "public" or c.scope_kind in ("library", "file")
        if c.name.startswith("_") or not public or (not c.project and not c.name.endswith("_ROLE")):
            continue
        try:
            value = ev.constant(c.node)
        except Unresolved:
            continue
        if c.type == "bytes32" and c.name.endswith("_ROLE"):
            _agree(model.role_ids, c.name, value, c.where, seen_ids)
        if c.name in flag_members and _bits(c.type) and value > 0 and value & (value - 1) == 0:
            continue
        _agree(model.constants, c.name, (value, c.type), c.where, seen_constants)
    model.role_ids = dict(sorted(model.role_ids.items()))
    model.constants = dict(sorted(model.constants.items()))

    names: dict[str, str] = {}
    for _scope, _kind, node, project in art.scopes():
        if project and node["nodeType"] == "EnumDefinition":
            if node["name"] in names and names[node["name"]] != node["canonicalName"]:
                raise GenerationError(f"two enums named {node['name']} ({names[node['name']]}, {node['canonicalName']}): "
                                      "rename one (the Python module names enums by their Solidity name)")
            if node["name"] not in names:
                names[node["name"]] = node["canonicalName"]
                model.enums.append((node["name"], node))
        if project and node["nodeType"] == "StructDefinition":
            model.struct_docs[node["canonicalName"]] = _notice(node)
    model.enums.sort(key=lambda e: e[1]["canonicalName"])

    for contract in art.contracts:
        natspec = (contract.get("natspec") or {}).get("errors", {})
        for item in contract["abi"]:
            for param in [*item.get("inputs", []), *item.get("outputs", [])]:
                _structs(param, model)
            if item.get("type") != "error":
                continue
            signature = f"{item['name']}({','.join(collapse_if_tuple(i) for i in item['inputs'])})"
            selector = "0x" + keccak(text=signature)[:4].hex()
            model.errors.setdefault(selector, {"type": "error", "name": item["name"], "inputs": item["inputs"]})
            doc = (natspec.get(signature) or [{}])[0]
            notice = " ".join((doc.get("notice") or doc.get("details") or "").split())
            if notice:
                model.notices.setdefault(selector, notice)
    model.errors = dict(sorted(model.errors.items(), key=lambda kv: (kv[1]["name"], kv[0])))
    model.notices = {k: model.notices[k] for k in model.errors if k in model.notices}
    model.structs = dict(sorted(model.structs.items()))
    return model


def _structs(item: dict[str, Any], model: Model) -> None:
    internal = item.get("internalType") or ""
    if item["type"].startswith("tuple") and internal.startswith("struct "):
        name = re.sub(r"(\[\d*\])+$", "", internal.removeprefix("struct "))
        model.structs.setdefault(name, item["components"])
    for component in item.get("components", []):
        _structs(component, model)


# ---------------------------------------------------------------- writing


def _python_type(item: dict[str, Any], enums: dict[str, str], structs: dict[str, str]) -> str:
    kind, internal = item["type"], item.get("internalType") or ""
    if kind.endswith("]"):
        inner = dict(item, type=kind[: kind.rindex("[")], internalType=re.sub(r"\[\d*\]$", "", internal))
        return f"list[{_python_type(inner, enums, structs)}]"
    if kind == "tuple":
        return structs.get(internal.removeprefix("struct "), "tuple")
    if internal.startswith("enum "):
        return enums.get(internal.removeprefix("enum "), "int")
    if kind == "bool":
        return "bool"
    if kind in ("address", "string"):
        return "str"
    if kind.startswith("bytes"):
        return "bytes"
    return "int"


def _doc(text: str) -> list[str]:
    """A class docstring (indented, wrapped at 100 columns) holding ``text``."""
    text = text.replace("\\", "/").replace('"', "'")
    lines = textwrap.wrap(text, 92) or [""]
    if len(lines) == 1:
        return [f'    """{lines[0]}"""']
    return [f'    """{lines[0]}', *(f"    {line}" for line in lines[1:]), '    """']


def _literal(value: Any) -> str:
    if isinstance(value, bytes):
        return f'bytes.fromhex("{value.hex()}")'
    return repr(value)


def render(model: Model) -> str:
    enum_names = {node["canonicalName"]: name for name, node in model.enums}
    struct_names = {canonical: canonical.split(".")[-1] for canonical in model.structs}
    top = [*enum_names.values(), *model.flags, *model.constants, *struct_names.values()]
    clashes = sorted({n for n in top if top.count(n) > 1})
    if clashes:
        raise GenerationError(f"two contract types would have the Python name {', '.join(clashes)}: rename one")
    out = [
        '"""The suite\'s contract types in Python. GENERATED: do not edit.',
        "",
        "Written by ``tools/gen_contract_types.py`` (``make types``) from Brownie's build artifacts",
        "(solc ASTs and ABIs); ``tests/tooling/test_contract_types.py`` fails when it is stale.",
        "Enums and structs keep their Solidity names; ``Role`` and ``Purpose`` are the role and",
        "purpose constants as bits; ``ERRORS`` holds every custom error's ABI by selector.",
        '"""',
        "",
        "# ruff: noqa: E501",
        "from __future__ import annotations",
        "",
        "from typing import Any, NamedTuple",
        "",
        "from valuechain.abi import CatenaXEnum, ChainEnum, ChainFlag",
        "",
        "# ---------------------------------------------------------------- enums",
    ]
    for name, node in model.enums:
        base = "CatenaXEnum" if CATENA_X.search(_notice(node)) else "ChainEnum"
        out += ["", "", f"class {name}({base}):", *_doc(f'{node["canonicalName"]}: {_notice(node)}'), ""]
        out += [f"    {m['name']} = {i}" for i, m in enumerate(node["members"])]
    out += ["", "", "# ---------------------------------------------------------------- role and purpose bits"]
    for spec in FLAGS:
        out += ["", "", f"class {spec.name}(ChainFlag):", *_doc(f"{spec.doc} On chain: {model.flag_types[spec.name]}."), ""]
        out += [f"    {member} = {value}" for member, value in model.flags[spec.name].items()]
    out += ["", "", "#: AccessControl role ids (bytes32 constants named *_ROLE), by name.", "ROLE_IDS: dict[str, bytes] = {"]
    out += [f'    "{name}": {_literal(value)},' for name, value in model.role_ids.items()]
    out += ["}", "", "# ---------------------------------------------------------------- public constants", ""]
    out += [f"{name} = {_literal(value)}  # {type_name}" for name, (value, type_name) in model.constants.items()]
    out += ["", "# ---------------------------------------------------------------- structs"]
    for canonical, components in model.structs.items():
        doc = model.struct_docs.get(canonical, "")
        out += ["", "", f"class {struct_names[canonical]}(NamedTuple):", *_doc(canonical + (f": {doc}" if doc else "")), ""]
        out += [f"    {c['name']}: {_python_type(c, enum_names, struct_names)}" for c in components]
    out += ["", "", "#: Enums and structs by Solidity name, as ABIs name them in ``internalType``."]
    out += ["ENUMS: dict[str, type[ChainEnum]] = {"]
    out += [f'    "{node["canonicalName"]}": {name},' for name, node in model.enums]
    out += ["}", "STRUCTS: dict[str, type[tuple[Any, ...]]] = {"]
    out += [f'    "{canonical}": {struct_names[canonical]},' for canonical in model.structs]
    out += ["}", "", "# ---------------------------------------------------------------- custom errors", "",
            "#: The ABI of every custom error of the build (OpenZeppelin's included), by selector.",
            "ERRORS: dict[str, dict[str, Any]] = {"]
    out += [f'    "{selector}": {_py(abi)},' for selector, abi in model.errors.items()]
    out += ["}", "", "#: The NatSpec @notice of each error, by selector: `arg` names its arguments.",
            "ERROR_NOTICES: dict[str, str] = {"]
    out += [f"    {json.dumps(selector)}: {json.dumps(notice, ensure_ascii=False)}," for selector, notice in model.notices.items()]
    out += ["}", ""]
    return "\n".join(out)


def generate(build: Path = DEFAULT_BUILD) -> str:
    """The module text for the artifacts in ``build``."""
    return render(collect(Artifacts.load(build)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, default=DEFAULT_BUILD, help="Brownie's build/contracts folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the module to write")
    parser.add_argument("--check", action="store_true", help="exit 1 if the module is stale (write nothing)")
    args = parser.parse_args(argv)
    try:
        text = generate(args.build)
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    current = args.out.read_text() if args.out.exists() else ""
    if args.check:
        if current != text:
            print(f"{args.out} is stale: run `make types`", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.out.write_text(text)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
