"""Publication dates: read from the words a page or a byline prints, normalized, and ordered honestly.

A date is kept with what it says and no more: a day without a time covers the whole day, and a time
without a time zone could be anywhere on Earth (UTC-12 to UTC+14). Two sources are in a known order only
when those spans do not overlap, so Reader never guesses who was first from dates that cannot tell.

Hand-written rather than ``dateparser``: the formats outlets print are few (below, tested), and
``dateparser`` costs about 0.45 s to import and parse its first date, most of what ``reader align`` may
take as a whole process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Literal

from reader.core.text.patterns import compiled
from reader.core.text.rules import MONTH_NUMBERS

Order = Literal["before", "after", "unknown"]

_MONTH = r"(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_ZONES = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "bst": 1,
    "cet": 1,
    "cest": 2,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
}
_TIME = (
    r"(?:,?\s*(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s+(?P<zone>" + "|".join(k for k in _ZONES if k != "z") + r")\b)?)?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_MONTH_FIRST = compiled(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b{_TIME}", re.IGNORECASE)
_DAY_FIRST = compiled(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b{_TIME}", re.IGNORECASE)
_ISO = compiled(
    r"\b(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
    r"(?:Z|[+-][0-2]\d:?[0-5]\d)?)?)(?![\d:])"
)
_RELATIVE = compiled(
    r"\b(?P<count>\d{1,3}|an?|one)\s+(?P<unit>minute|min|hour|hr|day|week)s?\s+ago\b|\b(?P<word>yesterday)\b",
    re.IGNORECASE,
)
_UNITS = {"minute": 60, "min": 60, "hour": 3600, "hr": 3600, "day": 86400, "week": 7 * 86400}
_AHEAD = timedelta(hours=14)  # local time is at most this far ahead of UTC (UTC+14) ...
_BEHIND = timedelta(hours=12)  # ... and at most this far behind (UTC-12)


@dataclass(frozen=True, slots=True)
class Published:
    """When a source was published. ``when`` is aware when the zone was shown, naive otherwise;
    ``has_time`` says whether a time of day was shown; ``words`` is what it was read from."""

    when: datetime
    has_time: bool
    words: str = ""

    @property
    def shown(self) -> str:
        """For people: "Apr 30, 2026 1:41 PM", "Apr 30, 2026", "Apr 30, 2026 1:41 PM UTC-4"."""
        day = f"{self.when:%b} {self.when.day}, {self.when.year}"
        if not self.has_time:
            return day
        hour = self.when.hour % 12 or 12
        text = f"{day} {hour}:{self.when:%M} {'AM' if self.when.hour < 12 else 'PM'}"
        offset = self.when.utcoffset()
        if offset is None:
            return text
        hours = offset.total_seconds() / 3600
        return text + (" UTC" if hours == 0 else f" UTC{hours:+g}")

    @property
    def day(self) -> str:
        """The day alone, for people: "Apr 30, 2026" (where a time would not fit)."""
        return f"{self.when:%b} {self.when.day}, {self.when.year}"

    @property
    def iso(self) -> str:
        """ISO 8601: a date alone, a local time without zone, or a time with its offset."""
        if not self.has_time:
            return self.when.date().isoformat()
        return self.when.isoformat(timespec="minutes")

    def span(self) -> tuple[datetime, datetime]:
        """The instants (UTC, naive) it could mean: a day covers the day, an unzoned time every zone."""
        if self.when.tzinfo is not None:
            start = self.when.astimezone(UTC).replace(tzinfo=None)
            return start, start + (timedelta(minutes=1) if self.has_time else timedelta(days=1))
        start = self.when
        end = start + (timedelta(minutes=1) if self.has_time else timedelta(days=1))
        return start - _AHEAD, end + _BEHIND

    def order(self, other: Published) -> Order:
        """Whether this was published before or after ``other``, or that the dates cannot tell."""
        mine, theirs = self.span(), other.span()
        if mine[1] <= theirs[0]:
            return "before"
        if theirs[1] <= mine[0]:
            return "after"
        return "unknown"

    def difference(self, other: Published) -> timedelta:
        """How much later ``other`` is, read from the dates as printed (for "3 days earlier")."""
        return _wall(other) - _wall(self)

    @classmethod
    def from_iso(cls, value: str) -> Published | None:
        """The inverse of ``iso`` (what the library stores); None for anything else."""
        found = parse_date(value)
        return found if found is not None and found.words == value.strip() else None


def _wall(published: Published) -> datetime:
    return published.when.replace(tzinfo=None)


def parse_date(text: str, now: datetime | None = None) -> Published | None:
    """The first date ``text`` prints, in any of the formats outlets use ("Apr 30, 2026 1:41 PM",
    "2026-04-30T13:41:00Z", "April 30, 2026", "30 April 2026", "Thursday, April 30, 2026 at 9:05 a.m. EDT");
    "3 hours ago" and "yesterday" need ``now`` (when the page was saved). None when there is none."""
    best: tuple[int, Published] | None = None
    for finder in (_named, _iso, _relative):
        found = finder(text, now)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    return best[1] if best else None


DATELINE_CHARS = 60  # a passage longer than this is more than a date


def dateline(text: str) -> bool:
    """Is ``text`` a date and nothing else ("May 9, 2026", "Apr 30, 2026 1:41 PM"), or a metadata line
    ("Outlet: WIRED")? Two outlets' datelines say when each was published, not one fact told two ways: they
    are never an edited copy of each other."""
    return (len(text) <= DATELINE_CHARS and _dateline(text)) or label_line(text)


def label_line(text: str) -> bool:
    """Is ``text`` a file's metadata line ("Outlet: WIRED")? It says which copy this is, never a fact."""
    return _LABEL_LINE.match(text) is not None


_LABEL_LINE = compiled(
    r"\s*(?:Outlet|Publisher|Publication|Source|Author|Byline)\s*:\s*\S+(?:[ \t]+\S+){0,4}\s*\Z",
    re.IGNORECASE,
)
"""A file's metadata line ("Outlet: WIRED"): like a dateline, it says which copy this is, never a fact."""


@functools.lru_cache(maxsize=1 << 12)
def _dateline(text: str) -> bool:
    """``dateline`` for a short text, kept: the edited-copy check asks again for each candidate pair."""
    found = parse_date(text)
    if found is None:
        return False
    rest = text.replace(found.words, " ", 1)
    return not any(character.isalnum() for character in rest)


def describe_gap(gap: timedelta) -> str:
    """ "3 h", "4 days", "25 min": how far apart two publications are, rounded as people say it."""
    seconds = abs(gap.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 2 * 86400:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 86400)} days"


def _named(text: str, now: datetime | None) -> tuple[int, Published] | None:
    best: tuple[int, Published] | None = None
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        for match in pattern.finditer(text):
            found = _from_parts(match)
            if found is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), found)
                break
    return best


def _from_parts(match: re.Match[str]) -> Published | None:
    try:
        day = date(int(match["year"]), MONTH_NUMBERS[match["month"].lower()], int(match["day"]))
    except ValueError:  # "February 30"
        return None
    words = match.group(0).strip().rstrip(",")
    if match["hour"] is None:
        return Published(datetime.combine(day, time()), False, words)
    hour, minute = int(match["hour"]), int(match["minute"])
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"].lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return Published(datetime.combine(day, time()), False, words)
    when = datetime.combine(day, time(hour, minute))
    if match["zone"]:
        when = when.replace(tzinfo=timezone(timedelta(hours=_ZONES[match["zone"].lower()])))
    return Published(when, True, words)


def _iso(text: str, now: datetime | None) -> tuple[int, Published] | None:
    for match in _ISO.finditer(text):
        value = match["iso"]
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T"))
        except ValueError:
            continue
        return match.start(), Published(when.replace(second=0, microsecond=0), len(value) > 10, value)
    return None


def _relative(text: str, now: datetime | None) -> tuple[int, Published] | None:
    if now is None:
        return None
    match = _RELATIVE.search(text)
    if match is None:
        return None
    if match["word"]:
        return match.start(), Published(datetime.combine((now - timedelta(days=1)).date(), time()), False)
    count = match["count"].lower()
    number = 1 if count in ("a", "an", "one") else int(count)
    seconds = number * _UNITS[match["unit"].lower()]
    when = now - timedelta(seconds=seconds)
    if seconds >= 86400:
        return match.start(), Published(datetime.combine(when.date(), time()), False, match.group(0))
    return match.start(), Published(when.replace(second=0, microsecond=0), True, match.group(0))


# -- which date on a page is its publication date ---------------------------------------------------------

_LABEL = compiled(r"\b(?:published|posted|updated|first published|date)\b\s*:?", re.IGNORECASE)
_AROUND = 40  # a line with this little beside its date is a dateline or a byline, not a sentence


def publication_date(head: str, now: datetime | None = None) -> Published | None:
    """The publication date in the top of a text (its first lines): a date on a line of its own or in a
    short byline, a date labelled "Published"/"Updated", or a date with a time of day (a timestamp). A date
    inside a sentence ("admitted on April 30, 2026, that…") is when something happened, not when it was
    published, and is not taken. ``now``: when the page was saved, for "3 hours ago"."""
    for line in head.splitlines():
        line = line.strip()
        if not line:
            continue
        found = parse_date(line, now)
        if found is None:
            continue
        if len(line) - len(found.words) <= _AROUND or found.has_time or _LABEL.search(line):
            return found
    return None
