"""The prose of a story: its text without code, URLs, addresses and log
output, which are neither figures nor sentences in a language.

Tech copy is full of them: ``127.0.0.1`` is not the number 127,001 and a
pasted ``nginx`` error log is not an English paragraph. The editorial
advisories read only what is left.
"""

import re

from bs4 import BeautifulSoup, Tag

# Code as Markdown renders it (and Pygments wraps it), and keyboard input.
# Code elements, and blocks highlighted as code. Matched with find_all, not a
# CSS selector: soupsieve compiles its parser's patterns at the first
# select(), 0.2 s of every `make status`.
CODE_TAGS = frozenset({"pre", "code", "kbd", "samp", "script", "style"})
CODE_CLASSES = frozenset({"highlight", "codehilite"})
# Fences and inline code that reached the text literally.
LITERAL_CODE = re.compile(r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)|`[^`\n]+`", re.DOTALL)
URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
# Octets without leading zeros: "1.200.100.000" is an Indonesian number.
OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4 = re.compile(rf"(?<![\w.]){OCTET}(?:\.{OCTET}){{3}}(?::\d+)?(?:/\d{{1,2}})?(?![\w.]?\d)")
IPV6 = re.compile(r"(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4})*::[0-9a-f:]*(?:/\d{1,3})?", re.I)
PATH = re.compile(r"(?<!\S)(?:~|\.{1,2})?/[\w.-]+(?:/[\w.@-]*)*")
# A line as logs, terminals and tracebacks print it: a timestamp (ISO,
# syslog, nginx, a kernel's uptime), a level in capitals, an access-log
# line, a shell prompt, key=value pairs, a Python traceback.
LOG_LINE = re.compile(
    r"""^[ \t]*(?:
        \d{4}[-/]\d{2}[-/]\d{2}[T\ ]\d{2}:\d{2}
      | [A-Z][a-z]{2}\ [\ \d]\d\ \d{2}:\d{2}:\d{2}\b
      | \[\s*\d+\.\d+\]
      | \[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL|ALERT|EMERG|PANIC)\]?[:\ ]
      | \[(?:trace|debug|info|notice|warn|error|crit|alert|emerg)\]
      | \S+\ \S+\ \S+\ \[\d{2}/\w{3}/\d{4}:
      | [\w.-]+@[\w.-]+:\S*\s?[$\#]\ | [$\#]\ [a-z./~]
      | \w+=\S+\s+\w+=
      | Traceback\ \(most\ recent\ call\ last\)
      | File\ "[^"]+",\ line\ \d+
      | [EW]:\s
    ).*$""",
    re.MULTILINE | re.VERBOSE,
)


def drop_code(soup: BeautifulSoup) -> None:
    """Remove code elements from ``soup``, in place."""
    for element in soup.find_all(_is_code):
        element.decompose()


def _is_code(tag: Tag) -> bool:
    return tag.name in CODE_TAGS or not CODE_CLASSES.isdisjoint(tag.get_attribute_list("class"))


def without_machine_text(text: str) -> str:
    """``text`` with log lines, literal code, URLs, e-mail and IP addresses
    and file paths blanked out."""
    text = LOG_LINE.sub(" ", text)
    for pattern in (LITERAL_CODE, URL, IPV4, IPV6, PATH):
        text = pattern.sub(" ", text)
    return text


def prose_text(html: str) -> str:
    """The prose of a rendered story body, as plain text."""
    soup = BeautifulSoup(html, "html.parser")
    drop_code(soup)
    return without_machine_text(soup.get_text(" "))
