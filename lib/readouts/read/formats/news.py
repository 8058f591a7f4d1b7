"""Quirks of news reports: the seed's header line, photo captions with a credit, datelines.

Each function takes plain strings and returns plain values; the loader decides where to
apply them.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from . import patterns

MAX_CAPTION_WORDS = 80    # a caption is short; a long paragraph ending "(A/B)" is body text


@dataclass(frozen=True)
class Header:
    date: str | None          # ISO date, or None if the header's date is not a real date
    raw_date: str
    headline: str | None      # a header may give the date alone


def parse_header(first_line: str) -> Header | None:
    """Read the seed's first line, ``" date YYYY-MM-DD <headline>"``.

    >>> parse_header(" date 2025-10-31 Xi says China ready").headline
    'Xi says China ready'
    >>> parse_header(" date 2025-13-45 Bad date").date is None
    True
    >>> parse_header("Chinese President Xi Jinping said") is None
    True
    """
    m = patterns.SEED_HEADER.match(first_line)
    if not m or not m.group("date")[:1].isdigit():
        return None
    raw = m.group("date")
    return Header(date=iso_date(raw), raw_date=raw, headline=m.group("headline"))


def iso_date(value: str) -> str | None:
    """``value`` if it is a real ISO date (``YYYY-MM-DD``), else None."""
    if not patterns.ISO_DATE.match(value):
        return None
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


@dataclass(frozen=True)
class Credit:
    credit: str        # "Xinhua/Ding Lin"
    outlet: str        # "Xinhua"
    start: int         # where the credit (with its parentheses and the space before) starts


def find_photo_credit(paragraph: str) -> Credit | None:
    """The photo credit closing a caption paragraph, if the paragraph is one.

    >>> find_photo_credit("Xi meets Takaichi in Gyeongju. (Xinhua/Ding Lin)").credit
    'Xinhua/Ding Lin'
    """
    m = patterns.PHOTO_CREDIT.search(paragraph)
    if not m or len(paragraph.split()) > MAX_CAPTION_WORDS or m.start() == 0:
        return None
    return Credit(credit=f"{m.group('outlet').strip()}/{m.group('photographer').strip()}",
                  outlet=m.group("outlet").strip(), start=m.start())


@dataclass(frozen=True)
class Dateline:
    dateline: str      # "GYEONGJU, South Korea, Oct. 31 (Xinhua) --"
    place: str         # "GYEONGJU, South Korea"
    outlet: str | None
    end: int           # where the body text starts


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening a news story's first body paragraph.

    >>> d = find_dateline("GYEONGJU, South Korea, Oct. 31 (Xinhua) -- Chinese President Xi")
    >>> d.place, d.outlet, d.end
    ('GYEONGJU, South Korea', 'Xinhua', 43)
    """
    m = patterns.DATELINE.match(paragraph)
    if not m:
        return None
    separator = m.group("dateline").rstrip().split()[-1]
    # "UN - the ..." and "PEACE — that is" are not datelines: only "--" may follow a bare place
    if separator != "--" and not (m.group("day") or m.group("outlet")):
        return None
    return Dateline(dateline=m.group("dateline").strip(), place=m.group("place").strip(),
                    outlet=(m.group("outlet") or "").strip() or None, end=m.end())
