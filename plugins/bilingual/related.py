"""Related stories in (near-)linear time over the whole site (pure).

Candidates come from an inverted index of terms (tags count double, the
category once). Each term contributes at most ``window`` of its newest
stories, so a story's work is bounded by its number of terms, not by the
size of the archive; the site's total work grows linearly with it.
"""

import heapq
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

Story = TypeVar("Story")


def related_stories(
    stories: Sequence[Story],
    terms_of: Callable[[Story], Iterable[tuple[Hashable, int]]],
    limit: int = 4,
    window: int = 64,
) -> list[list[Story]]:
    """For ``stories`` (newest first, one language), the list of related
    stories of each, in the same order. ``terms_of(story)`` yields
    (term, weight) pairs."""
    index: defaultdict[Hashable, list[int]] = defaultdict(
        list
    )  # term -> positions of its newest stories
    for n, story in enumerate(stories):
        for term, _weight in terms_of(story):
            postings = index[term]
            if len(postings) < window:
                postings.append(n)

    related: list[list[Story]] = []
    for n, story in enumerate(stories):
        scores: defaultdict[int, int] = defaultdict(int)
        for term, weight in terms_of(story):
            for other in index[term]:
                if other != n:
                    scores[other] += weight
        ranked = heapq.nsmallest(limit, scores, key=lambda other: (-scores[other], other))
        related.append([stories[other] for other in ranked])
    return related
