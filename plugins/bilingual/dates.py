"""Dates as editors write them (ISO 8601 only) and as machines read them
(RFC 3339 in feeds, sitemaps and JSON-LD)."""

import re
from datetime import UTC, datetime, tzinfo

ISO_DATE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
    r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?$"
)
ACCEPTED = "YYYY-MM-DD HH:MM, e.g. 2026-03-05 09:30 (seconds and an offset like +07:00 optional)"


def parse_iso(value: str, zone: tzinfo) -> datetime:
    """``2026-03-05 09:30`` -> an aware datetime in ``zone``.

    A date without an offset is newsroom time; one with an offset is
    converted to it. Anything but ISO 8601 raises ValueError: ``05/03/2026``
    is 5 March to an Indonesian and 3 May to a machine.
    """
    match = ISO_DATE.match(value.strip())
    if not match:
        raise ValueError(f"{value.strip()!r} is not an ISO 8601 date; write {ACCEPTED}")
    text = match["date"] + "T" + (match["time"] or "00:00")
    offset = match["offset"]
    if offset:
        text += "+00:00" if offset == "Z" else offset[:3] + ":" + offset[-2:]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value.strip()!r} is not a date on the calendar") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def machine_time(moment: datetime) -> datetime:
    """The same instant with a whole-minute offset, as RFC 3339 requires.

    Zones had local mean time offsets before standard time (Jakarta was
    +07:07:12 in 1900); such instants are given in UTC instead."""
    offset = moment.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        return moment.astimezone(UTC)
    return moment


def rfc3339(moment: datetime) -> str:
    return machine_time(moment).isoformat()
