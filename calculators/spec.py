"""What a calculator is, and the one entry point that parses, checks, computes and renders."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .errors import InputError
from .fields import Field, FieldProblem, Value, parse_value, raw_text

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass(frozen=True)
class Calculator(Generic[In, Out]):
    """A calculator is data plus pure functions.

    ``compute`` may raise InputError for rules that join several fields (a list that must
    match another list's length, counts that must not grow); ``render`` builds the result
    HTML (with an SVG chart) and escapes every user string.
    """

    id: str
    title: str
    summary: str
    fields: tuple[Field, ...]
    inputs: type[In]
    compute: Callable[[In], Out]
    render: Callable[[In, Out], str]

    def field(self, name: str) -> Field:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)

    def parse(self, raw: Mapping[str, object]) -> In:
        """Check every field, collecting all messages before raising."""
        values: dict[str, Value] = {}
        errors: dict[str, str] = {}
        for field in self.fields:
            try:
                values[field.name] = parse_value(field, raw.get(field.name))
            except FieldProblem as problem:
                errors[field.name] = str(problem)
        if errors:
            raise InputError(errors)
        return self.inputs(**values)

    def example_inputs(self) -> dict[str, str]:
        """The form's initial values: the article's example where it gives one."""
        return {field.name: field.form_value for field in self.fields}


@dataclass(frozen=True)
class Result:
    """A computed scenario: the parsed inputs, the outputs and the rendered HTML."""

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
    """Dataclasses and tuples as plain JSON types (lists, dicts, numbers, strings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    return value


def evaluate(calculator: Calculator[Any, Any], raw: Mapping[str, object]) -> Result:
    """Parse, check, compute and render one scenario."""
    inputs = calculator.parse(raw)
    outputs = calculator.compute(inputs)
    return Result(
        calc_id=calculator.id,
        inputs=jsonable(inputs),
        outputs=jsonable(outputs),
        html=calculator.render(inputs, outputs),
    )
