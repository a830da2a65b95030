"""The official JSON schemas of the Catena-X aspect models, and validation against them.

``schemas/`` holds the SAMM-generated ``<model>/<version>/gen/*-schema.json`` of
eclipse-tractusx/sldt-semantic-models, unchanged (CC-BY-4.0; source, commit and authors
in ``schemas/NOTICE.md``). A payload is validated with ``jsonschema`` (draft 4, as the
files declare) against the schema of its model and version. Every subschema names the
SAMM characteristic it was generated from (``x-samm-aspect-model-urn``); that keyword
runs the hand-kept rule of the characteristic (``_validate.RULES``), so the rules the
schemas do not state apply wherever a model uses the characteristic.

Three official keywords report more precisely than stock ``jsonschema``:

- ``properties`` also refuses properties the model does not have (the schemas allow any:
  a misspelt optional property would vanish silently, yet be hashed on chain);
- ``required`` is reported at the missing property, ``uniqueItems`` at the repeated item
  (and left to the rule of a set that is unique by a key);
- ``type`` refuses numbers beyond 10**±100 (``_validate.MAX_MAGNITUDE``).

Every problem becomes a :class:`~._validate.Problem`: the JSON path, what was expected,
what was found. Where the schema and a rule both object to the same value, the schema's
objection is the one reported.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, cast

from jsonschema import Draft4Validator, FormatChecker, ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import extend

from ._json import parse_json
from ._problem import Problem, json_path, show
from ._validate import EXPECTED, MAX_MAGNITUDE, RULES, UNIQUE_BY_KEY, Finding, is_number, json_key, too_large

log = logging.getLogger(__name__)

SAMM = "x-samm-aspect-model-urn"
_TYPES = {"string": "a string", "number": "a number", "integer": "an integer", "boolean": "true or false",
          "array": "an array", "object": "an object", "null": "null"}


@dataclass(frozen=True)
class AspectModel:
    """One version of a Catena-X aspect model and its official JSON schema."""

    name: str  # WeekBasedCapacityGroup
    version: str  # 3.0.1
    urn: str  # urn:samm:io.catenax.week_based_capacity_group:3.0.1#WeekBasedCapacityGroup
    schema: dict[str, Any] = field(repr=False, compare=False)

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def properties(self) -> tuple[str, ...]:
        """The payload's top-level properties, as the schema lists them."""
        return tuple(self.schema["properties"])

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(self.schema.get("required", ()))

    def problems(self, data: Any) -> list[Problem]:
        """Everything wrong with ``data`` as a payload of this model version."""
        return _problems(_validator(self.urn), data)


def _version_key(model: AspectModel) -> tuple[int, ...]:
    return tuple(int(part) for part in model.version.split("."))


@cache
def aspect_models() -> dict[str, tuple[AspectModel, ...]]:
    """Every model of ``schemas/`` by name, its versions oldest first."""
    found: dict[str, list[AspectModel]] = defaultdict(list)
    for namespace in sorted(resources.files(__package__).joinpath("schemas").iterdir(), key=lambda p: p.name):
        if not namespace.is_dir():
            continue
        for version in namespace.iterdir():
            gen = version.joinpath("gen")
            for file in (gen.iterdir() if gen.is_dir() else ()):
                if file.name.endswith("-schema.json"):
                    schema = parse_json(file.read_text(encoding="utf-8"))
                    urn = schema[SAMM]
                    name = urn.rpartition("#")[2]
                    found[name].append(AspectModel(name, urn.rpartition(":")[2].partition("#")[0], urn, schema))
    return {name: tuple(sorted(models, key=_version_key)) for name, models in found.items()}


def by_urn(urn: str) -> AspectModel | None:
    return next((m for models in aspect_models().values() for m in models if m.urn == urn), None)


# --- the validator ---------------------------------------------------------------------------


class _Found(ValidationError):
    """An error this module words itself: ``message`` is what was expected."""

    def __init__(self, expected: str, found: str | None = None, path: Iterable[str | int] = (),
                 repeats: tuple[str | int, ...] | None = None) -> None:
        steps = tuple(path)
        super().__init__(expected, path=steps)
        self.found = found
        self.repeats = repeats
        self.depth = len(steps)  # steps below the value the rule judged (the path grows as errors bubble up)


def _characteristic(schema: Any) -> str:
    urn = schema.get(SAMM, "") if isinstance(schema, dict) else ""
    return str(urn).rpartition("#")[2].lower()


def _samm(validator: Any, urn: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    rule = RULES.get(_characteristic(schema))
    if rule is not None:
        finding: Finding
        for finding in rule(instance, schema):
            yield _Found(finding.expected, finding.found, finding.path, finding.repeats)


def _properties(validator: Any, properties: dict[str, Any], instance: Any,
                schema: dict[str, Any]) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for key, value in instance.items():
        if key in properties:
            yield from validator.descend(value, properties[key], path=key, schema_path=key)
        else:
            yield _Found("only the properties " + ", ".join(properties), f"unknown property {key!r}", (key,))


def _required(validator: Any, required: list[str], instance: Any,
              schema: dict[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "object"):
        for key in required:
            if key not in instance:
                yield _Found("a value (required property)", "missing", (key,))


def _unique_items(validator: Any, unique: bool, instance: Any,
                  schema: dict[str, Any]) -> Iterator[ValidationError]:
    if not unique or not validator.is_type(instance, "array") or _characteristic(schema) in UNIQUE_BY_KEY:
        return
    seen: dict[Hashable, int] = {}
    for index, item in enumerate(instance):
        key = json_key(item)
        if key in seen:
            yield _Found("items unique within the array", None, (index,), (seen[key],))
        else:
            seen.setdefault(key, index)


def _type(validator: Any, types: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    yield from Draft4Validator.VALIDATORS["type"](validator, types, instance, schema)
    if is_number(instance) and too_large(instance) and validator.is_type(instance, "number"):
        yield _Found(f"a number with fewer than {MAX_MAGNITUDE} digits before or after the point", show(instance))


_Validator = extend(Draft4Validator, validators={
    SAMM: _samm, "properties": _properties, "required": _required, "uniqueItems": _unique_items, "type": _type,
})
#: ``format: date`` is checked (PointInTimeCharacteristic); date-times are a hand rule
_FORMATS = FormatChecker(formats=("date",))


@cache
def _validator(urn: str) -> Validator:
    model = by_urn(urn)
    assert model is not None, urn
    return _Validator(model.schema, format_checker=_FORMATS)


# --- errors as problems ------------------------------------------------------------------------


def _problems(validator: Validator, data: Any) -> list[Problem]:
    """Every problem, one per JSON path: the schema's before the hand rules'."""
    found = [(error.validator == SAMM, problem) for error in validator.iter_errors(data) for problem in _convert(error)]
    first: dict[str, Problem] = {}
    for _, problem in sorted(found, key=lambda pair: pair[0]):
        first.setdefault(problem.path, problem)
    return [problem for _, problem in found if first[problem.path] is problem]


def _convert(error: ValidationError) -> list[Problem]:
    path = json_path(error.absolute_path)
    if isinstance(error, _Found):
        found = error.found
        if error.repeats is not None:
            base = list(error.absolute_path)[: len(error.absolute_path) - error.depth]
            found = "a repeat of " + json_path([*base, *error.repeats])
        return [Problem(path, error.message, found)]
    if error.validator == "oneOf":
        return _one_of(error)
    return [Problem(path, *_worded(error))]


def _worded(error: ValidationError) -> tuple[str, str]:
    """What a failed official keyword expected, and what it found, in words."""
    kind, schema = error.validator, error.schema
    value: Any = error.validator_value
    instance: Any = error.instance
    assert isinstance(schema, dict)
    known = EXPECTED.get(_characteristic(schema))
    found = show(instance)
    if kind == "type":
        expected = _one_of_text(schema["enum"]) if "enum" in schema else known or _type_text(value)
    elif kind == "enum":
        expected = _one_of_text(value)
    elif kind in ("pattern", "format"):
        expected = known or (f"text matching {value}" if kind == "pattern" else f"a {value}")
    elif kind == "minimum":
        expected = f"a number {'>' if schema.get('exclusiveMinimum') else '≥'} {value}"
    elif kind == "maximum":
        expected = f"a number {'<' if schema.get('exclusiveMaximum') else '≤'} {value}"
    elif kind in ("maxLength", "minLength"):
        expected = f"text of at {'most' if kind == 'maxLength' else 'least'} {value} characters"
        found = f"{len(instance)} characters"
    else:
        expected = error.message
    return expected, found


def _type_text(types: Any) -> str:
    names = [types] if isinstance(types, str) else list(types)
    return " or ".join(_TYPES.get(name, name) for name in names)


def _one_of_text(values: Iterable[Any]) -> str:
    return "one of " + ", ".join(str(v) for v in values)


def _one_of(error: ValidationError) -> list[Problem]:
    """A oneOf no alternative matched: the alternatives that each allow one value of the
    same property (demandCategory's codes) become one enumeration; otherwise the
    problems of the alternative that came closest."""
    branches: dict[Any, list[ValidationError]] = defaultdict(list)
    for sub in error.context or ():
        branches[sub.relative_schema_path[0]].append(sub)
    if not branches:
        return [Problem(json_path(error.absolute_path), "exactly one of the alternatives", show(error.instance))]
    singles = [errors[0] for errors in branches.values() if len(errors) == 1 and errors[0].validator == "enum"]
    if len(singles) == len(branches) and len({tuple(e.absolute_path) for e in singles}) == 1:
        values = [v for e in singles for v in cast(list[Any], e.validator_value)]
        return [Problem(json_path(singles[0].absolute_path), _one_of_text(values), show(singles[0].instance))]
    closest = min(branches.values(), key=len)
    return [problem for sub in closest for problem in _convert(sub)]
