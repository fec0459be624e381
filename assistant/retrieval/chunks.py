"""Chunks: the passages retrieval indexes, cut along the Markdown structure.

A knowledge file is split at its headings (LangChain's MarkdownHeaderTextSplitter), and a
long section again by size (RecursiveCharacterTextSplitter). Every chunk carries its id,
source path, title, kind, sphere and overlap, and a content hash that decides whether it
must be embedded again. Team documents (Markdown, text, PDF) are chunked the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputError
from assistant.retrieval.knowledge import Document

MAX_CHARS = 1200
OVERLAP_CHARS = 120
TEAM_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".pdf")


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    source: str
    title: str
    kind: str
    sphere: str | None
    overlap: str | None
    doc_id: str
    collection: str  # "knowledge" or "team"
    audience: tuple[str, ...] = ()

    @property
    def embed_text(self) -> str:
        """What gets embedded: the title gives a short section its context."""
        return f"{self.title}\n{self.text}"

    @property
    def digest(self) -> str:
        payload = "\x1f".join(
            [
                self.text,
                self.title,
                self.kind,
                self.sphere or "",
                self.overlap or "",
                self.source,
                *list(self.audience),
            ]
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def metadata(self) -> dict[str, str]:
        """Chroma metadata (it stores no None, so a missing sphere is '')."""
        return {
            "source": self.source,
            "title": self.title,
            "kind": self.kind,
            "sphere": self.sphere or "",
            "overlap": self.overlap or "",
            "doc_id": self.doc_id,
            "collection": self.collection,
            "audience": ",".join(self.audience),
            "hash": self.digest,
        }


def _sections(markdown: str) -> list[tuple[str, str]]:
    """(heading path, text) pairs, split at #, ## and ### headings, long ones by size."""
    from langchain_text_splitters import (
        MarkdownHeaderTextSplitter,
        RecursiveCharacterTextSplitter,
    )

    by_heading = MarkdownHeaderTextSplitter(
        headers_to_split_on=[("#", "h1"), ("##", "h2"), ("###", "h3")], strip_headers=True
    ).split_text(markdown)
    by_size = RecursiveCharacterTextSplitter(chunk_size=MAX_CHARS, chunk_overlap=OVERLAP_CHARS)
    out: list[tuple[str, str]] = []
    for part in by_heading:
        heading = " / ".join(part.metadata[h] for h in ("h2", "h3") if part.metadata.get(h))
        for piece in by_size.split_text(part.page_content):
            if piece.strip():
                out.append((heading, piece.strip()))
    return out


def _title(base: str, heading: str) -> str:
    return f"{base} — {heading}" if heading else base


def chunk_id(doc_id: str, index: int) -> str:
    """A chunk's id: its document's id and its number in the document."""
    return f"{doc_id}:{index}"


def document_of(chunk: str) -> str:
    """The document id inside a chunk id (see `chunk_id`)."""
    return chunk.rsplit(":", 1)[0]


def knowledge_chunks(documents: Iterable[Document]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for doc in documents:
        for index, (heading, text) in enumerate(_sections(doc.body)):
            chunks.append(
                Chunk(
                    id=chunk_id(doc.id, index),
                    text=text,
                    source=doc.source,
                    title=_title(doc.title, heading),
                    kind=doc.kind,
                    sphere=doc.sphere,
                    overlap=doc.overlap,
                    doc_id=doc.id,
                    collection="knowledge",
                    audience=tuple(doc.meta.audience),
                )
            )
    return chunks


def read_team_file(path: Path) -> str:
    """The text of a Markdown, text or PDF file; InputError names what is wrong."""
    suffix = path.suffix.lower()
    if suffix not in TEAM_SUFFIXES:
        raise InputError(
            f"{path}: unsupported file type {suffix or '(none)'}; use {', '.join(TEAM_SUFFIXES)}"
        )
    if suffix == ".pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(str(path))
            return "\n\n".join((page.extract_text() or "") for page in reader.pages)
        except (PdfReadError, OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot read this PDF ({exc})") from None
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None


def team_chunks(path: Path) -> list[Chunk]:
    source = str(path.resolve())
    text = read_team_file(path)
    if not text.strip():
        raise InputError(f"{path}: holds no text to index")
    key = hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]
    chunks = []
    for index, (heading, piece) in enumerate(_sections(text)):
        chunks.append(
            Chunk(
                id=chunk_id(f"team-{key}", index),
                text=piece,
                source=source,
                title=_title(path.name, heading),
                kind="team",
                sphere=None,
                overlap=None,
                doc_id=f"team-{key}",
                collection="team",
            )
        )
    return chunks


def team_files(paths: Iterable[Path]) -> list[Path]:
    """Files to index: the files given, and supported files under folders given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEAM_SUFFIXES
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return found
