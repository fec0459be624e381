"""Load and validate the knowledge base in `knowledge/`.

Markdown files carry YAML front matter (see knowledge/README.md); the classifier's data
are YAML files with the same `id`/`title`/`kind` header. Validation is strict: unknown
fields, bad values and missing sections are `KnowledgeError`s that name the file and
the field. Everything here is plain data; nothing touches the network or a model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.errors import KnowledgeError
from assistant.model.vocabulary import INDUSTRIES, OVERLAP_OF, Audience, Overlap, Sphere

Kind = Literal["definition", "symptom", "intervention", "question", "stance"]
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
INTERVENTION_SECTIONS = ("When to use it", "Steps", "What good looks like", "Examples")
EXAMPLE_SUBSECTIONS = INDUSTRIES  # one example per industry, under "### <industry id>"


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    points_to: Sphere | None
    when: str = Field(min_length=3)


class FrontMatter(BaseModel):
    """The schema of every Markdown file's front matter."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3)
    kind: Kind
    sphere: Sphere | None = None
    overlap: Overlap | None = None
    audience: tuple[Audience, ...] = Field(min_length=1)
    tags: tuple[str, ...] = ()
    question: str | None = None
    separates: tuple[Sphere, ...] | None = None
    answers: tuple[Answer, ...] | None = None
    # the industries an intervention's form fits (a setup-and-pack-down order fits a site,
    # not a software team); empty: every industry
    suits: tuple[str, ...] = ()
    # patterns (Python, case-insensitive) for the symptoms an intervention is written for
    # ("nobody restocks the colour" for one named owner): a move whose signal is in the
    # person's words comes before moves that only read alike
    signals: tuple[str, ...] = ()

    @field_validator("signals")
    @classmethod
    def _compiles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"signal {pattern!r} is not a valid pattern: {error}") from None
        return value

    @field_validator("suits")
    @classmethod
    def _known_industries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [v for v in value if v not in INDUSTRIES]
        if unknown:
            raise ValueError(f"unknown industry {unknown[0]!r} (one of {', '.join(INDUSTRIES)})")
        return value

    @field_validator("separates")
    @classmethod
    def _distinct_spheres(cls, value: tuple[Sphere, ...] | None) -> tuple[Sphere, ...] | None:
        if value is not None and (len(value) < 2 or len(set(value)) != len(value)):
            raise ValueError("needs two or three different spheres")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> FrontMatter:
        if self.overlap is not None and self.sphere is not None:
            expected = OVERLAP_OF[self.sphere]
            if self.overlap != expected:
                raise _FieldProblem(
                    "overlap",
                    f"{str(self.overlap)!r} does not match sphere {str(self.sphere)!r} "
                    f"(expected {str(expected)!r})",
                )
        if self.overlap is not None and self.sphere is None:
            raise _FieldProblem("sphere", "is required when 'overlap' is given")
        if self.kind in ("intervention", "symptom") and self.sphere is None:
            raise _FieldProblem("sphere", f"is required for kind '{self.kind}'")
        if self.kind == "intervention" and self.overlap is None:
            raise _FieldProblem("overlap", "is required for kind 'intervention'")
        question_fields = ("question", "separates", "answers")
        if self.kind == "question":
            for name in question_fields:
                if getattr(self, name) is None:
                    raise _FieldProblem(name, "is required for kind 'question'")
            assert self.separates is not None and self.answers is not None
            covered = {a.points_to for a in self.answers}
            missing = [s for s in self.separates if s not in covered]
            if missing:
                raise _FieldProblem("answers", f"no answer points to {', '.join(missing)}")
        else:
            for name in question_fields:
                if getattr(self, name) is not None:
                    raise _FieldProblem(name, "is only allowed for kind 'question'")
        return self


class _FieldProblem(ValueError):
    """Raised inside validators to name the field a cross-field check is about."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Document:
    """One knowledge file: its front matter, body and repo-relative path."""

    meta: FrontMatter
    body: str
    source: str

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def kind(self) -> str:
        return self.meta.kind

    @property
    def sphere(self) -> Sphere | None:
        return self.meta.sphere

    @property
    def overlap(self) -> Overlap | None:
        return self.meta.overlap


@dataclass(frozen=True)
class Question:
    """A follow-up question from the bank, with what each answer points to."""

    id: str
    text: str
    separates: frozenset[str]
    answers: tuple[Answer, ...]
    source: str
    tags: tuple[str, ...] = ()


def _describe(error: ValidationError) -> tuple[str, str]:
    # a typo shows as an unknown field plus a missing one: name the typo
    first = min(error.errors(), key=lambda e: e["type"] != "extra_forbidden")
    location = ".".join(str(part) for part in first["loc"]) or None
    ctx_error = (first.get("ctx") or {}).get("error")
    if isinstance(ctx_error, _FieldProblem):
        return ctx_error.field, ctx_error.problem
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "is not a known field (see knowledge/README.md)"
    elif first["type"] == "missing":
        message = "is required"
    elif "input" in first and first["type"] != "missing":
        message = f"{message} (got {first['input']!r})"
    return location or "front matter", message


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    """Split `---\\nYAML\\n---\\nbody` into the parsed mapping and the body."""
    if not text.startswith("---"):
        raise KnowledgeError(source, None, "does not start with YAML front matter ('---')")
    match = re.match(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.DOTALL)
    if match is None:
        raise KnowledgeError(source, None, "front matter is not closed with a '---' line")
    meta = load_yaml(match.group(1), source)
    if not isinstance(meta, dict):
        raise KnowledgeError(source, None, "front matter must be a YAML mapping")
    return meta, text[match.end() :]


# libyaml's parser when PyYAML was built with it (several times faster on the eval suites),
# with the same safe constructor either way
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[misc]
    """A safe loader that refuses duplicate keys (PyYAML silently keeps the last one)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def load_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError(source, None, f"invalid YAML{where}: {problem}") from None


def _headings(body: str, level: int) -> list[str]:
    prefix = "#" * level + " "
    return [line[len(prefix) :].strip() for line in body.splitlines() if line.startswith(prefix)]


def _check_intervention_body(body: str, source: str) -> None:
    found = [h for h in _headings(body, 2) if h in INTERVENTION_SECTIONS]
    for section in INTERVENTION_SECTIONS:
        if section not in found:
            raise KnowledgeError(source, f"section '{section}'", "is missing")
    if found != list(INTERVENTION_SECTIONS):
        raise KnowledgeError(
            source, "sections", f"must come in this order: {', '.join(INTERVENTION_SECTIONS)}"
        )
    steps = body.split("## Steps", 1)[1].split("\n## ", 1)[0]
    if not re.search(r"^\s*1\.\s+\S", steps, re.MULTILINE):
        raise KnowledgeError(source, "section 'Steps'", "must be a numbered list")
    subsections = _headings(body.split("## Examples", 1)[1], 3)
    for sub in EXAMPLE_SUBSECTIONS:
        if sub not in subsections:
            raise KnowledgeError(source, f"section 'Examples / {sub}'", "is missing")


def parse_document(text: str, source: str) -> Document:
    raw, body = split_front_matter(text, source)
    try:
        meta = FrontMatter.model_validate(raw)
    except ValidationError as exc:
        field, problem = _describe(exc)
        raise KnowledgeError(source, field, problem) from None
    if not body.strip():
        raise KnowledgeError(source, "body", "is empty")
    if meta.kind == "intervention":
        _check_intervention_body(body, source)
    return Document(meta=meta, body=body, source=source)


def relative_source(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def load_yaml_data(path: Path, kind: str, root: Path) -> dict[str, Any]:
    """Load a classifier data file and check its `id`/`title`/`kind` header."""
    source = relative_source(path, root)
    if not path.is_file():
        raise KnowledgeError(source, None, "is missing")
    data = load_yaml(path.read_text(encoding="utf-8"), source)
    if not isinstance(data, dict):
        raise KnowledgeError(source, None, "must be a YAML mapping")
    for name in ("id", "title", "kind"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise KnowledgeError(source, name, "is required and must be a string")
    if not re.match(ID_PATTERN, data["id"]):
        raise KnowledgeError(source, "id", f"must be a lowercase slug (got {data['id']!r})")
    if data["kind"] != kind:
        raise KnowledgeError(source, "kind", f"must be {kind!r} (got {data['kind']!r})")
    return data


@dataclass(frozen=True)
class KnowledgeBase:
    root: Path
    documents: tuple[Document, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        out = []
        for doc in self.documents:
            if doc.kind == "question":
                m = doc.meta
                assert m.question and m.separates and m.answers
                out.append(
                    Question(
                        m.id, m.question, frozenset(m.separates), m.answers, doc.source, m.tags
                    )
                )
        return tuple(out)

    def by_id(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def of_kind(self, kind: str) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.kind == kind)


def markdown_files(root: Path) -> Iterable[Path]:
    for path in sorted(root.rglob("*.md")):
        if path.name != "README.md":
            yield path


def load_knowledge(root: Path) -> KnowledgeBase:
    """Parse and validate every Markdown file under `root` (README.md excepted)."""
    if not root.is_dir():
        raise KnowledgeError(str(root), None, "knowledge folder not found (set ALE_KNOWLEDGE_DIR)")
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for path in markdown_files(root):
        source = relative_source(path, root)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise KnowledgeError(source, None, "is not valid UTF-8 text") from None
        doc = parse_document(text, source)
        if doc.id in seen:
            raise KnowledgeError(source, "id", f"{doc.id!r} is already used by {seen[doc.id]}")
        seen[doc.id] = source
        documents.append(doc)
    if not documents:
        raise KnowledgeError(str(root), None, "holds no knowledge files")
    return KnowledgeBase(root=root, documents=tuple(documents))


@cache
def cached_knowledge(root: Path) -> KnowledgeBase:
    return load_knowledge(root)
