"""HTML in an input, whatever its file type, recognised and reduced to its readable text.

A saved web page (or a JSON field or pasted text holding one) would otherwise reach the briefing
as markup: scripts, style sheets and tags. ``looks_like_html`` spots it; ``html_to_text`` keeps
the text a reader sees, one line per block (paragraph, heading, list item), with BeautifulSoup.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

# Elements whose content is never article text.
_NOT_TEXT = ("script", "style", "noscript", "template", "head", "svg", "iframe", "form", "nav", "button", "select")
# Elements that start a new line of text.
_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "header",
           "footer", "aside", "blockquote", "pre", "figcaption", "dd", "dt", "main", "table", "ul", "ol")
_SURE_SIGNS = re.compile(r"<(?:!doctype\s+html|html|body|head|script|style)\b", re.IGNORECASE)
_TAG = re.compile(r"</?(?:" + "|".join(_BLOCKS + ("a", "span", "b", "i", "em", "strong", "img", "meta")) + r")\b[^>]*>",
                  re.IGNORECASE)
# Tags needed before a text without a sure sign counts as HTML: one stray "<br>" in prose does not.
_MIN_TAGS = 3


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is (or holds) an HTML page or fragment rather than prose."""
    return bool(_SURE_SIGNS.search(text)) or len(_TAG.findall(text, 0, 200_000)) >= _MIN_TAGS


def html_to_text(html: str) -> str:
    """The readable text of an HTML page or fragment: one line per block, scripts and styles left out."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(_NOT_TEXT):
        element.decompose()
    for element in soup.find_all(_BLOCKS):
        element.insert_before("\n")
        element.insert_after("\n")
    lines = (" ".join(line.split()) for line in soup.get_text().splitlines())
    return "\n\n".join(line for line in lines if line)
