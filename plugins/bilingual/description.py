"""The plain-text description of a story or page: what search results, link
previews, JSON-LD and story cards show beneath its title.

A pure function of the story's own fields, so a photo story with no words in
its body is described by its picture, never by the site's tagline.
"""

from markupsafe import Markup


def describe(
    summary: str | None,
    body_html: str,
    caption: str | None = None,
    alt: str | None = None,
    max_words: int | None = None,
) -> str:
    """The ``Summary`` header as written, else the first ``max_words`` words
    of the body's text, else of the hero image's caption, else of its
    alternative text (" …" marks a cut); "" when the story has none."""
    if summary and summary.strip():
        return summary.strip()
    for text in (Markup(body_html or "").striptags(), caption, alt):
        words = (text or "").split()
        if words:
            limit = max_words or len(words)
            return " ".join(words[:limit]) + (" …" if len(words) > limit else "")
    return ""
