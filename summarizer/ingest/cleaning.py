"""Strip web boilerplate from plain article text and pick up the date it states.

Scraped articles carry page furniture along with the story: comment forms, share and follow
widgets, cookie notices, photo credits, web-archive crawl notices, a headline repeated above the
body, a site name signed under it. ``clean_text`` removes those lines with the named patterns in
``BOILERPLATE_PATTERNS`` (matched against whole lines, so a sentence that merely mentions a photo
or a tweet stays), keeps the date of a date line such as ``date 2024-05-18``, and splits sentences
that lost the space after their full stop (``May 16 to 17.The negotiations``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from ..languages import every_language, profiles

_ANY_CASE = re.IGNORECASE

# Each pattern must match a whole line (``fullmatch``) for the line to count as boilerplate.
BOILERPLATE_PATTERNS: dict[str, re.Pattern[str]] = {
    "comment form": re.compile(
        r"leave a (?:reply|comment)|post a comment|add a comment|\d*\s*comments?"
        r"|(?:show|view|load) comments|cancel reply|tinggalkan (?:balasan|komentar)"
        r"|you must be logged in to post a comment\.?"
        r"|your email address will not be published\.?(?:\s*required fields are marked\s*\*?)?"
        r"|required fields are marked\s*\*?"
        r"|alamat email anda tidak akan (?:dipublikasikan|ditampilkan).*",
        _ANY_CASE,
    ),
    "share widget": re.compile(
        r"(?=.*\b(?:share|tweet|pin|e-?mail|print|facebook|twitter|pinterest|linkedin|whatsapp"
        r"|telegram|reddit|bagikan)\b)"
        r"(?:\s*(?:share(?: this)?(?: article| story)?(?: on)?|tweet|pin|e-?mail|print"
        r"|facebook|twitter|pinterest|linkedin|whatsapp|telegram|reddit|copy link|bagikan|x)"
        r"\s*[,|/•·:]?\s*)+",
        _ANY_CASE,
    ),
    "follow widget": re.compile(
        r"follow (?:us|me|him|her|them|@\w+|[\w .'’-]{1,40}?) on (?:twitter|facebook|instagram|x"
        r"|tiktok|youtube|linkedin|threads|google news)\b.*"
        r"|ikuti (?:kami|[\w .'’-]{1,40}?) di (?:google news|twitter|instagram|facebook|whatsapp"
        r"|telegram|youtube|tiktok)\b.*",
        _ANY_CASE,
    ),
    "subscribe widget": re.compile(
        r"(?:subscribe|sign up|signup|newsletter sign up|berlangganan)\b.*|.*\b(?:free )?sign up"
        r"|.*\b(?:delivered (?:straight )?to your (?:email )?inbox|by signing up,? you agree)\b.*",
        _ANY_CASE,
    ),
    "back to top": re.compile(
        r"(?:back to top|scroll to top|kembali ke atas)\s*[↑^]?", _ANY_CASE
    ),
    "font-size widget": re.compile(
        r"(?=.*(?:px|↺|⟲|size|ukuran|reset))"
        r"(?:[\s:+\-−–↺⟲⟳]|\d{0,2}\s*px\b|\ba\b|text size|font size"
        r"|ukuran (?:huruf|teks|font)|reset)+",
        _ANY_CASE,
    ),
    "cookie notice": re.compile(
        r"(?:we|this (?:web)?site|our (?:web)?site)\s+uses?\s+cookies\b.*"
        r"|by (?:continuing to (?:use|browse)|using) (?:this|our) (?:web)?site\b.*"
        r"|accept(?: all)? cookies|cookie (?:policy|settings|preferences)"
        r"|situs ini menggunakan cookie\b.*",
        _ANY_CASE,
    ),
    "twitter embed": re.compile(
        r"tweet with a location|add a location to your tweets"
        r"|you can add location information to your tweets\b.*|when you tweet with a location\b.*",
        _ANY_CASE,
    ),
    "web-archive notice": re.compile(
        r"(?=.*\b(?:crawl(?:s|ed|ing)?|web captures?|web collections?)\b)"
        r"(?=.*\b(?:internet archive|wayback machine|warc|seed|heritrix|archive-it"
        r"|national archives|archive pages|crawl (?:start|end) date)\b).*",
        _ANY_CASE,
    ),
    "photo credit": re.compile(
        r"(?:(?:facebook|twitter|pinterest|share|email)\s+)*"
        r"(?:photos?|photograph|image|picture|foto|gambar|credit|source|sumber|file photo"
        r"|featured image)(?:\s+(?:credit|by))?\s*[:\-–]\s*.{1,100}"
        r"|[\[(]\s*(?:photo|featured image|image|foto)\b[^\])]*[\])]"
        r"|(?:image copyright|image caption|media caption|enlarge this image)\b.*"
        r"|slideshow \(\d+ images?\)|photos?|foto|video",
        _ANY_CASE,
    ),
    "advertisement": re.compile(
        r"advertisements?(?:\s+continue reading the main story)?|ads?|iklan|sponsored(?: content)?"
        r"|scroll to continue with content|report this ad|story continued below"
        r"|continue reading(?: the main story)?",
        _ANY_CASE,
    ),
    "read more": re.compile(
        r"(?:read more|baca juga|baca selengkapnya|read or share this story)\b.*"
        r"|also\s*:|(?:related(?: articles?| stories| news)?|see also|more|berita terkait"
        r"|artikel terkait|lihat juga)\s*:.*",
        _ANY_CASE,
    ),
    "javascript notice": re.compile(
        r"(?:please )?(?:enable|turn on) javascript\b.*|you need to enable javascript\b.*"
        r"|.*\bjavascript (?:is )?(?:required|disabled)\b.*|your browser does not support\b.*",
        _ANY_CASE,
    ),
    "click prompt": re.compile(
        r"click (?:here|to)\b.*|.*\(opens in (?:a )?new window\)", _ANY_CASE
    ),
    "copyright": re.compile(
        r"(?:copyright|©|\(c\))\s*©?\s*\d{4}\b.*|.*\ball rights reserved\.?|hak cipta\b.*",
        _ANY_CASE,
    ),
    "symbols only": re.compile(r"[\W_]+"),
}

# A last line this short without sentence punctuation is a site signature ("News.Az").
MAX_SIGNATURE_WORDS = 3
# A first line this short without a final full stop, followed by more text, is the headline.
MAX_TITLE_WORDS = 20
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "'", "’", ")", ":", ";", ",")
_TITLE_END = (".", ":", ";", ",")
_CLOSING_QUOTES = "\"”’')]"
# A sentence ending inside a line ("... climb. Will he"), which a headline does not have.
_INNER_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"”’)]?\s+\S")

# Datelines' month names, weekdays and labels in every language with a profile (``summarizer.languages``).
_MONTHS = every_language("dateline_months")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTH_FIRST_DATE = re.compile(
    r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", _ANY_CASE
)
_DAY_FIRST_DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b", _ANY_CASE
)
_DATE = rf"{_ISO_DATE.pattern}|{_MONTH_FIRST_DATE.pattern}|{_DAY_FIRST_DATE.pattern}"
_DATE_LABEL = "(?:" + "|".join(language.date_labels for language in profiles() if language.date_labels) + ")"
_WEEKDAY = "|".join(language.weekday_pattern for language in profiles() if language.weekday_pattern)
_TIME = (
    r"T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|\s*(?:,|at|pukul|-|\|)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?"
    r"\s*(?:[ap]\.?m\.?|wib|wita|wit|gmt|utc)?"
)
# A line that states a date and nothing else but a label, a time and page furniture.
_DATE_LINE = re.compile(
    rf"\W*(?:{_DATE_LABEL}\b[\s:,|-]*)*(?:(?:{_WEEKDAY})\b[\s,]*)?"
    rf"(?P<date>{_DATE})(?:{_TIME})?(?P<rest>.*)",
    _ANY_CASE,
)

# "17.The" or "Mongolia.This": a full stop between a lowercase letter or digit and a capitalised
# word of three or more letters. "News.Az", "U.S.", "2.5" and "10.30" do not match.
# A full stop glued to a capitalised word of 3+ letters, or to a common two-letter sentence
# opener ("challenges.In a"), starts a new sentence; "News.Az" does not.
_GLUED_SENTENCES = re.compile(
    r"(?<=[a-z0-9])\.([\"”’)]?)(?=[A-Z][a-z]{2,}|(?:In|It|As|At|On|He|We|If|By|An|So|No|To)\b)")
_DOMAIN_ENDINGS = {"com", "net", "org", "gov", "edu", "info"}
_TOKEN = re.compile(r"\S+")

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"[^\S\n]+")


@dataclass
class CleanedText:
    """The cleaned body, the headline and date found in it, and every line that was removed."""

    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    removed: list[str] = field(default_factory=list)


def is_boilerplate(line: str) -> bool:
    """Whether a whole line (or sentence) is page furniture matched by ``BOILERPLATE_PATTERNS``."""
    stripped = line.strip()
    return bool(stripped) and any(p.fullmatch(stripped) for p in BOILERPLATE_PATTERNS.values())


def parse_date(text: str) -> str | None:
    """The first valid calendar date written in ``text`` (ISO, "May 18, 2024", "18 Mei 2024"),
    as an ISO string, or None."""
    matches = [m for p in (_ISO_DATE, _MONTH_FIRST_DATE, _DAY_FIRST_DATE) for m in p.finditer(text)]
    for match in sorted(matches, key=lambda m: m.start()):
        parts = match.groups()
        if match.re is _ISO_DATE:
            year, month, day = (int(p) for p in parts)
        elif match.re is _MONTH_FIRST_DATE:
            month, day, year = _MONTHS.get(parts[0].lower()), int(parts[1]), int(parts[2])
        else:
            day, month, year = int(parts[0]), _MONTHS.get(parts[1].lower()), int(parts[2])
        if month is None:
            continue
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def split_glued_sentences(text: str) -> str:
    """Put back the space lost after a full stop ("17.The" -> "17. The"), leaving URLs,
    e-mail addresses and domain names ("Kompas.Com") alone."""
    return _TOKEN.sub(_split_glued_token, text)


def _split_glued_token(token: re.Match[str]) -> str:
    word = token.group()
    if "://" in word or "@" in word or word.lower().startswith("www."):
        return word
    return _GLUED_SENTENCES.sub(_space_unless_domain, word)


def _space_unless_domain(match: re.Match[str]) -> str:
    next_word = re.match(r"[A-Za-z]+", match.string[match.end() :]).group()
    if next_word.lower() in _DOMAIN_ENDINGS:
        return match.group()
    return f".{match.group(1)} "


def clean_text(text: str, title: str | None = None) -> CleanedText:
    """Remove boilerplate lines, a repeated headline and a trailing signature; keep the date.

    :param text: the article as plain text, paragraphs on their own lines.
    :param title: the headline when it is already known; leading lines repeating it are removed.
        When None, a short first line without a final full stop is taken as the headline.
    :return: the cleaned text (paragraphs separated by blank lines) with what was found and removed.
    """
    removed: list[str] = []
    found_date: str | None = None
    paragraphs: list[str] = []
    for line in _normalise_whitespace(text).split("\n"):
        date_in_line = _date_line(line)
        if date_in_line or is_boilerplate(line):
            found_date = found_date or date_in_line
            removed.append(line)
        elif line:
            paragraphs.append(line)
    title = _take_title(paragraphs, title, removed)
    _drop_trailer(paragraphs, removed)
    body = "\n\n".join(split_glued_sentences(p) for p in paragraphs)
    return CleanedText(text=body, title=title, date=found_date, removed=removed)


def _normalise_whitespace(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _date_line(line: str) -> str | None:
    """The date of a stripped line that is only a date (with label, time or widgets around it).

    A date ending in a colon heads an entry of a timeline: it is not the article's date.
    """
    match = _DATE_LINE.fullmatch(line)
    if not match or line.endswith(":"):
        return None
    rest = match["rest"].strip()
    return parse_date(match["date"]) if not rest or is_boilerplate(rest) else None


def _same_line(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _take_title(paragraphs: list[str], title: str | None, removed: list[str]) -> str | None:
    """Remove the leading headline lines from ``paragraphs`` and return the headline."""
    if title is None and len(paragraphs) > 1 and _looks_like_title(paragraphs[0]):
        title = paragraphs[0]
    while title is not None and len(paragraphs) > 1 and _same_line(paragraphs[0], title):
        removed.append(paragraphs.pop(0))
    return title


def _looks_like_title(line: str) -> bool:
    return (
        len(line.split()) <= MAX_TITLE_WORDS
        and not line.rstrip(_CLOSING_QUOTES).endswith(_TITLE_END)
        and not _INNER_SENTENCE_END.search(line)
    )


def _drop_trailer(paragraphs: list[str], removed: list[str]) -> None:
    """Remove a last line that is a site signature: a few words without sentence punctuation."""
    if len(paragraphs) > 1:
        last = paragraphs[-1]
        if len(last.split()) <= MAX_SIGNATURE_WORDS and not last.endswith(_SENTENCE_END):
            removed.append(paragraphs.pop())
