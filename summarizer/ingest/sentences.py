"""Split article text into sentences with sentencex, in English or Indonesian.

sentencex (https://github.com/wikimedia/sentencex) knows English abbreviations ("Dr.", "U.S.",
"a.m.") and decimals ("10.30"), and falls back to English rules for a language code it does not
know. Two of its habits are corrected here:

- it breaks inside a token at a full stop with no space after it ("News.Az" -> "News." "Az");
  a sentence boundary here always needs whitespace after it. Text should therefore be cleaned
  first: ``cleaning.clean_text`` puts back the space lost in "17.The";
- its Indonesian rules miss common Indonesian abbreviations ("Jl.", "Bpk.", "dll."), so a
  sentence is not ended after those listed in ``EXTRA_ABBREVIATIONS``.
"""
from __future__ import annotations

from sentencex import segment

# Abbreviations sentencex 1.0.32 ends a sentence after, by language. Titles and address words
# come before a name, so they never end a sentence:
# Jl./Jln. (jalan, street), Bpk./Bp. (bapak, Mr), Ir. (insinyur, engineer), Dra. (doktoranda),
# Hj. (hajah), Sdr./Sdri. (saudara/saudari), Tn./Ny. (tuan/nyonya), military and police ranks,
# Kec./Kab./Kel./Prov. (district, regency, village, province).
EXTRA_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "id": frozenset(
        "jl jln bpk bp ir dra hj sdr sdri tn ny kol letjen mayjen brigjen irjen kombes"
        " kec kab kel prov".split()
    ),
}
# Abbreviations that also end sentences ("... buah, sayur, dll."): kept in the sentence only
# when the next word is in lowercase. dkk. (dan kawan-kawan, et al.), dll. (dan lain-lain, etc.),
# dsb. (dan sebagainya), dst. (dan seterusnya), tgl. (tanggal, date).
EXTRA_CLAUSE_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "id": frozenset("dkk dll dsb dst tgl".split()),
}


def split_sentences(text: str, language: str) -> list[str]:
    """Split ``text`` into stripped, non-empty sentences; every line break ends a sentence.

    :param text: cleaned article text (see ``cleaning.clean_text``).
    :param language: an ISO 639-1 code such as "en" or "id"; unknown codes get English rules.
    """
    sentences: list[str] = []
    for line in text.splitlines():
        if line.strip():
            sentences.extend(_split_line(line, language))
    return sentences


def _split_line(line: str, language: str) -> list[str]:
    sentences: list[str] = []
    for piece in segment(language, line):
        if sentences and _continues(sentences[-1], piece, language):
            sentences[-1] += piece
        else:
            sentences.append(piece)
    return [s.strip() for s in sentences if s.strip()]


def _continues(previous: str, piece: str, language: str) -> bool:
    """Whether sentencex ended ``previous`` where no sentence ends."""
    if not previous[-1:].isspace() and not piece[:1].isspace():
        return True
    words = previous.split()
    if not words or not words[-1].endswith("."):
        return False
    abbreviation = words[-1].rstrip(".").lower()
    if abbreviation in EXTRA_ABBREVIATIONS.get(language, ()):
        return True
    clause_abbreviations = EXTRA_CLAUSE_ABBREVIATIONS.get(language, ())
    return abbreviation in clause_abbreviations and piece.lstrip()[:1].islower()
