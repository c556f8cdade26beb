"""What a page's templates read about its content, computed once per build by
the linking pipeline (``pipeline.py``): one typed view per story or page."""

from dataclasses import dataclass, field
from typing import Any

from .editorial import Correction, Credit
from .variants import Alternates


@dataclass(frozen=True)
class Pairing:
    """A variant among its story's variants."""

    is_original: bool
    original: Any  # the original variant (a Pelican Article or Page)
    translations: tuple[Any, ...]  # the other variants with the same status
    original_updated: bool  # the original changed after this translation


@dataclass(frozen=True)
class Editorial:
    """Corrections and credits from the header (``editorial.py``)."""

    corrections: tuple[Correction, ...] = ()
    source: Credit | None = None
    translator: Credit | None = None
    translation_method: str | None = None


@dataclass(frozen=True)
class Neighbours:
    """Related stories, and the newer and older story, in one language."""

    related: tuple[Any, ...] = ()
    newer: Any = None
    older: Any = None


@dataclass(frozen=True)
class PageView:
    pairing: Pairing
    editorial: Editorial
    neighbours: Neighbours
    alternates: Alternates
    summary_text: str
    reading_minutes: int
    extra: dict[str, Any] = field(default_factory=dict)

    def attributes(self) -> dict[str, Any]:
        """The names templates read on a story or page (``article.translations``)."""
        return {
            "is_original": self.pairing.is_original,
            "original": self.pairing.original,
            "translations": list(self.pairing.translations),
            "original_updated": self.pairing.original_updated,
            "corrections": list(self.editorial.corrections),
            "source": self.editorial.source,
            "translator": self.editorial.translator,
            "translation_method": self.editorial.translation_method,
            "related": list(self.neighbours.related),
            "newer": self.neighbours.newer,
            "older": self.neighbours.older,
            "alternates": self.alternates,
            "summary_text": self.summary_text,
            "reading_minutes": self.reading_minutes,
        }
