"""Related stories in (near-)linear time over the whole site (pure).

Candidates come from an inverted index of terms (tags count double, the
category once). Each term contributes at most ``window`` of its newest
stories, so a story's work is bounded by its number of terms, not by the
size of the archive; the site's total work grows linearly with it.
"""

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import chain
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
    (term, weight) pairs, each weight a small positive integer."""
    index: defaultdict[Hashable, list[int]] = defaultdict(
        list
    )  # term -> positions of its newest stories
    for n, story in enumerate(stories):
        for term, _weight in terms_of(story):
            postings = index[term]
            if len(postings) < window:
                postings.append(n)

    related: list[list[Story]] = []
    size = len(stories)
    for n, story in enumerate(stories):
        # A term of weight w lists its stories w times: one C-level count
        # then adds up every story's score.
        listed = [index[term] for term, weight in terms_of(story) for _ in range(weight)]
        scores: Counter[int] = Counter(chain.from_iterable(listed))
        scores.pop(n, None)
        # Higher score first, then the newer story (lower position), as one
        # integer per candidate: compared in C, without a key function.
        ranked = heapq.nlargest(limit, [score * size - other for other, score in scores.items()])
        related.append([stories[-rank % size] for rank in ranked])
    return related
