"""Which of our languages a text is in, from function-word frequencies.

No language model needed for Indonesian against English: both have a
small set of very frequent words the other language never uses. Log lines,
literal code, URLs and addresses are not language and are left out; code
elements go before the text gets here (``prose.drop_code``).
"""

import re

from .prose import without_machine_text

FUNCTION_WORDS = {
    "id": set(
        """yang dan di ke dari untuk dengan ini itu tidak dalam pada akan adalah
        juga atau karena oleh bahwa kami mereka kita saya telah sudah bisa dapat
        lebih ada tersebut sebagai seperti bagi tetapi namun jika saat para secara
        menjadi masih belum hanya sebuah setelah banyak harus agar sejak kepada
        antara hingga sangat tentang bukan dia ia nya serta maka sedang""".split()
    ),
    "en": set(
        """the and of to in is that for it with as on was be by this are from at
        or an have has not but they we his her their which will would been can
        more its about than after said who into there what when also were had
        our these those should could may such because while however""".split()
    ),
}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def scores(text: str) -> dict[str, int]:
    """{lang: number of that language's function words in text}."""
    words = [w.lower() for w in WORD.findall(without_machine_text(text))]
    return {lang: sum(w in vocab for w in words) for lang, vocab in FUNCTION_WORDS.items()}


def identify(text: str, minimum: int = 3) -> str | None:
    """The language of ``text``, or None when the evidence is too thin: fewer
    than ``minimum`` function words, or no language with twice the others'."""
    counts = scores(text)
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= minimum and top >= 2 * second:
        return best
    return None
