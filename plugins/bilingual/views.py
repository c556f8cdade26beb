"""What a page's templates read about its content, computed once per build by
the linking pipeline (``pipeline.py``): one typed view per story or page."""

from dataclasses import dataclass
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
    """Templates read it as ``view(article)`` (``view(page)``); Python code
    as ``site.view(content)``."""

    pairing: Pairing
    editorial: Editorial
    neighbours: Neighbours
    alternates: Alternates
    summary_text: str
    reading_minutes: int
