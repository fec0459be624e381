"""The checkup statements in `knowledge/checkup/statements.yaml`, loaded and validated.

Validation is strict, like the rest of the knowledge base: an unknown field, a sphere or
overlap that does not exist, an overlap that does not belong to its sphere, a duplicate
id, an intervention id that is not in `knowledge/interventions/`, or too few statements
per sphere and overlap is a `KnowledgeError` naming the file and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import KnowledgeError
from assistant.model.vocabulary import OVERLAP_OF, OVERLAPS, SPHERES, Overlap, Sphere

FILE = Path("checkup") / "statements.yaml"
PER_SPHERE = 4  # at least this many statements measure each sphere (overlap ones aside)
PER_OVERLAP = 2  # and at least this many each overlap
ITEM_ID = r"^[A-Z][0-9]{1,2}$"


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ITEM_ID)
    sphere: Sphere
    overlap: Overlap | None = None
    text: str = Field(min_length=10, max_length=160)
    reverse: bool = False
    fixes: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _overlap_of_sphere(self) -> _Item:
        if self.overlap is not None and OVERLAP_OF[self.sphere] != self.overlap:
            raise ValueError(
                f"overlap {self.overlap.value!r} does not show weak {self.sphere.value} "
                f"(that is {OVERLAP_OF[self.sphere].value!r})"
            )
        return self


class _Scale(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min: int = 1
    max: int = 5
    labels: tuple[str, ...]

    @model_validator(mode="after")
    def _one_label_per_point(self) -> _Scale:
        if (self.min, self.max) != (1, 5):
            raise ValueError("the scale is 1 to 5")
        if len(self.labels) != self.max - self.min + 1:
            raise ValueError(f"needs {self.max - self.min + 1} labels, one per point")
        return self


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    kind: str
    scale: _Scale
    items: tuple[_Item, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Statement:
    id: str
    sphere: str
    overlap: str | None
    text: str
    reverse: bool
    fixes: tuple[str, ...]

    def adjusted(self, answer: int) -> int:
        """The answer on the "healthy" direction: reverse statements count 6 - answer."""
        return 6 - answer if self.reverse else answer

    def to_contract(self) -> dict[str, object]:
        return {
            "id": self.id,
            "sphere": self.sphere,
            "overlap": self.overlap,
            "text": self.text,
            "reverse": self.reverse,
        }


@dataclass(frozen=True)
class Statements:
    """The checkup: its statements in order and the labels of the 1-5 scale."""

    items: tuple[Statement, ...]
    labels: tuple[str, ...]
    source: str
    low: int = 1
    high: int = 5

    by_id: dict[str, Statement] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update((s.id, s) for s in self.items)

    def get(self, item_id: str) -> Statement | None:
        return self.by_id.get(item_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.items)

    def of_sphere(self, sphere: str) -> tuple[Statement, ...]:
        return tuple(s for s in self.items if s.sphere == sphere)

    def of_overlap(self, overlap: str) -> tuple[Statement, ...]:
        return tuple(s for s in self.items if s.overlap == overlap)

    def to_contract(self) -> dict[str, object]:
        return {
            "scale": {"min": self.low, "max": self.high},
            "items": [s.to_contract() for s in self.items],
        }


def _where(error: ValidationError, items: list[object]) -> tuple[str, str]:
    first = error.errors()[0]
    path = first["loc"]
    field = ".".join(str(p) for p in path) or "(file)"
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        raw = items[path[1]] if path[1] < len(items) else None
        name = raw.get("id") if isinstance(raw, dict) else None
        rest = ".".join(str(p) for p in path[2:])
        field = f"items[{name or path[1]}]" + (f".{rest}" if rest else "")
    return field, re.sub(r"^Value error, ", "", first["msg"])


def load_statements(knowledge_dir: Path, check_fixes: bool = True) -> Statements:
    """Read and check the statements (see the module docstring for what is checked).
    `check_fixes=False` leaves out the check of the intervention ids against the rest of
    the knowledge base (the web page draws its form before the coach is built)."""
    from assistant.retrieval.knowledge import load_knowledge, load_yaml_data, relative_source

    path = knowledge_dir / FILE
    source = relative_source(path, knowledge_dir)
    data = load_yaml_data(path, "checkup", knowledge_dir)
    found = data.get("items")
    raw_items: list[object] = found if isinstance(found, list) else []
    try:
        parsed = _File.model_validate(data)
    except ValidationError as exc:
        field, problem = _where(exc, raw_items)
        raise KnowledgeError(source, field, problem) from None
    seen: set[str] = set()
    interventions = {d.id: d.overlap for d in load_knowledge(knowledge_dir).of_kind("intervention")}
    for item in parsed.items:
        if item.id in seen:
            raise KnowledgeError(source, f"items[{item.id}].id", "is used twice")
        seen.add(item.id)
        for fix in item.fixes if check_fixes else ():
            if fix not in interventions:
                raise KnowledgeError(
                    source, f"items[{item.id}].fixes", f"{fix!r} is not an intervention id"
                )
            if interventions[fix] != OVERLAP_OF[item.sphere]:
                raise KnowledgeError(
                    source,
                    f"items[{item.id}].fixes",
                    f"{fix!r} is a {interventions[fix]} move; weak {item.sphere.value} "
                    f"needs {OVERLAP_OF[item.sphere].value} moves",
                )
    for sphere in SPHERES:
        plain = [i for i in parsed.items if i.sphere == sphere and i.overlap is None]
        if len(plain) < PER_SPHERE:
            raise KnowledgeError(
                source, "items", f"{sphere.value} needs at least {PER_SPHERE} statements"
            )
    for overlap in OVERLAPS:
        if len([i for i in parsed.items if i.overlap == overlap]) < PER_OVERLAP:
            raise KnowledgeError(
                source, "items", f"{overlap.value} needs at least {PER_OVERLAP} statements"
            )
    items = tuple(
        Statement(
            i.id,
            i.sphere.value,
            i.overlap.value if i.overlap else None,
            " ".join(i.text.split()),
            i.reverse,
            i.fixes,
        )
        for i in parsed.items
    )
    return Statements(items, parsed.scale.labels, source)


@cache
def cached_statements(knowledge_dir: Path) -> Statements:
    return load_statements(knowledge_dir)
