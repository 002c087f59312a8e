"""What a calculator is, and the one entry point that parses, checks, computes and renders."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .errors import InputError
from .fields import Field, FieldProblem, Value, fields_of, parse_value, raw_text
from .files import Upload

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass(frozen=True)
class Export(Generic[In, Out]):
    """A file made from a scenario besides its result (the timeline's calendar): the result offers it as a
    download, and the command line writes it with ``--export NAME``."""

    filename: str
    mime: str
    label: str  # the download link's text
    make: Callable[[In, Out], str]


@dataclass(frozen=True)
class Calculator(Generic[In, Out]):
    """A calculator is data plus pure functions.

    ``inputs`` is a frozen dataclass whose attributes are declared with ``fields.field`` (the
    declaration the form, the command line and the parser read); ``compute`` may raise InputError
    for rules that join several fields; ``render`` builds the result HTML (with an SVG chart) and
    escapes every user string.
    """

    id: str
    title: str
    summary: str
    inputs: type[In]
    compute: Callable[[In], Out]
    render: Callable[[In, Out], str]
    exports: Mapping[str, Export[In, Out]] = dataclasses.field(default_factory=dict)

    @property
    def fields(self) -> tuple[Field, ...]:
        return fields_of(self.inputs)

    def field(self, name: str) -> Field:
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(name)

    def parse(self, raw: Mapping[str, object]) -> In:
        """Check every field, collecting all messages before raising."""
        values: dict[str, Value] = {}
        errors: dict[str, str] = {}
        for item in self.fields:
            try:
                values[item.name] = parse_value(item, raw.get(item.name))
            except FieldProblem as problem:
                errors[item.name] = str(problem)
        if errors:
            raise InputError(errors)
        return self.inputs(**values)

    def example_inputs(self) -> dict[str, str]:
        """The form's initial values: the article's example where it gives one."""
        return {item.name: item.form_value for item in self.fields}


@dataclass(frozen=True)
class Result:
    """A computed scenario: the parsed inputs, the outputs and the rendered HTML.

    ``inputs`` and ``outputs`` are plain JSON types (dates as ISO text).
    """

    calc_id: str
    inputs: Mapping[str, Any]
    outputs: Mapping[str, Any]
    html: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.calc_id, "inputs": dict(self.inputs), "outputs": dict(self.outputs)}

    def query(self) -> dict[str, str]:
        """The inputs as form/URL text: feeding them back to ``run`` reproduces the result."""
        return {name: raw_text(value) for name, value in self.inputs.items()}


def jsonable(value: object) -> Any:
    """Dataclasses, tuples and dates as plain JSON types (lists, dicts, numbers, strings).

    A file is described by its name and size, never its content."""
    if isinstance(value, Upload):
        return value.described()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Scenario(Generic[In, Out]):
    """One scenario, parsed and computed (not yet rendered)."""

    calculator: Calculator[In, Out]
    inputs: In
    outputs: Out

    def result(self) -> Result:
        return Result(
            calc_id=self.calculator.id,
            inputs=jsonable(self.inputs),
            outputs=jsonable(self.outputs),
            html=self.calculator.render(self.inputs, self.outputs),
        )

    def export(self, name: str) -> str:
        return self.calculator.exports[name].make(self.inputs, self.outputs)


def compute(calculator: Calculator[Any, Any], raw: Mapping[str, object]) -> Scenario[Any, Any]:
    """Parse, check and compute one scenario."""
    inputs = calculator.parse(raw)
    return Scenario(calculator, inputs, calculator.compute(inputs))


def evaluate(calculator: Calculator[Any, Any], raw: Mapping[str, object]) -> Result:
    """Parse, check, compute and render one scenario."""
    return compute(calculator, raw).result()
