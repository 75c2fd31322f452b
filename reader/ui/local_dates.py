"""Publication dates in the reader's own locale style (the order of day, month and year, the month's name,
a 12- or 24-hour clock), from the locale's long date format without its weekday and with the month
abbreviated: "Apr 30, 2026 1:41 PM" in the United States, "30. Apr. 2026 13:41" in Germany. The zone, when the
source gives one, follows as an offset from UTC. Stored dates stay ISO 8601 (reader.core.text.dates)."""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QLocale, QTime

from reader.core.text.dates import Published

_WEEKDAY = re.compile(r"d{4}[,.]?\s*")


def day_format(locale: QLocale) -> str:
    pattern = _WEEKDAY.sub("", locale.dateFormat(QLocale.FormatType.LongFormat)).strip(" ,")
    return pattern.replace("MMMM", "MMM")


def local_date(published: Published, locale: QLocale | None = None) -> str:
    locale = locale or QLocale()
    when = published.when
    day = locale.toString(QDate(when.year, when.month, when.day), day_format(locale))
    if not published.has_time:
        return day
    clock = locale.toString(QTime(when.hour, when.minute), locale.timeFormat(QLocale.FormatType.ShortFormat))
    clock = clock.replace("\u202f", " ")  # CLDR's narrow no-break space before "PM": missing from many fonts
    offset = when.utcoffset()
    if offset is None:
        return f"{day} {clock}"
    hours = offset.total_seconds() / 3600
    return f"{day} {clock} " + ("UTC" if hours == 0 else f"UTC{hours:+g}")
