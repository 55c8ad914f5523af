"""What the project knows of Indonesian, in one place: its profile (sentence rules, dateline words, number and
scale words, terms, capitalised common words, the translator's example pairs), the closed classes (days, months,
number words, fractions, scales, percent, ordinals) and the bilingual lexicon.

``summarizer.facts`` reads the terms and capitalised common words, ``summarizer.translate.meaning`` the closed classes and
the lexicon, ``summarizer.translate.prompt`` the terms. The lexicon (``lexicon-id-en.json`` beside this module)
was learned from ``parallel-id-en`` with the eflomal word aligner (``python -m eval build-lexicon``); its
``"made"`` record names the data files, their SHA-256, the aligner and the thresholds.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from . import en as lang_en
from .profile import LanguageProfile

LEXICON_FILE = Path(__file__).with_name("lexicon-id-en.json")

# Indonesian -> English terms that small models get wrong: exonyms, acronyms and common news words.
# One table, two uses: the translator names the terms a sentence holds in its prompt (the first
# rendering), and the fact check accepts any rendering, in any case, as a kept name. Keys are lower
# case; a name spelled alike in both languages (Rusia/Russia) needs no entry.
ID_EN_TERMS = {
    "tiongkok": ("China", "Chinese"), "cina": ("China", "Chinese"), "jepang": ("Japan", "Japanese"),
    "pbb": ("UN", "United Nations"), "amerika serikat": ("United States", "US", "U.S.", "America"),
    "as": ("US", "U.S.", "United States"), "inggris": ("Britain", "British", "England", "English", "UK"),
    "jerman": ("Germany", "German"), "belanda": ("Netherlands", "Dutch"), "mesir": ("Egypt", "Egyptian"),
    "prancis": ("France", "French"), "perancis": ("France", "French"), "eropa": ("Europe", "European"),
    "korea selatan": ("South Korea",), "korea utara": ("North Korea",), "arab saudi": ("Saudi Arabia",),
    "uni eropa": ("European Union", "EU"), "ue": ("EU", "European Union"), "selandia baru": ("New Zealand",),
    "spanyol": ("Spain", "Spanish"), "italia": ("Italy", "Italian"), "yunani": ("Greece", "Greek"),
    "turki": ("Turkey", "Turkish"), "filipina": ("Philippines", "Philippine"), "kanada": ("Canada", "Canadian"),
    "meksiko": ("Mexico", "Mexican"), "brasil": ("Brazil", "Brazilian"), "swiss": ("Switzerland", "Swiss"),
    "afrika selatan": ("South Africa",), "timur tengah": ("Middle East",), "gedung putih": ("White House",),
    "laut tiongkok selatan": ("South China Sea",), "perang dunia ii": ("World War II", "Second World War"),
    "perang dunia kedua": ("Second World War", "World War II"), "mahkamah agung": ("Supreme Court",),
    "dpr": ("House of Representatives", "Parliament"), "ktt": ("summit",),
    "miliar": ("billion",), "milyar": ("billion",), "triliun": ("trillion",), "juta": ("million",),
    "tanduk rusa": ("deer antlers", "antlers"), "rusa": ("deer",),
}
# Capitalised Indonesian common words that start titles and institution names; they are
# translated, not kept, so they are not names to check (Presiden -> President).
CAPITALISED_COMMON_WORDS = frozenset("""
presiden wakil menteri perdana badan kementerian pulau perang dunia selatan utara barat timur tengah
raya kota provinsi kabupaten gubernur bupati wali walikota jenderal dewan majelis mahkamah agung komisi
partai negara republik kerajaan persatuan perserikatan bangsa universitas sungai gunung laut teluk selat
danau tahun hari energi atom nasional internasional umum pusat daerah rakyat perwakilan kepolisian polisi
tentara angkatan darat udara bandara pelabuhan stasiun jalan istana kantor sekretaris direktur ketua
kepala juru bicara pemerintah ibu bapak nota perjanjian kesepakatan anda
""".split())

# Days of the week, 1 (Monday) to 7 (Sunday). "Minggu" is also "week": it is read as Sunday only when
# capitalised inside a sentence or after "hari" (``meaning.closed_classes``).
DAYS = {"senin": 1, "selasa": 2, "rabu": 3, "kamis": 4, "jumat": 5, "jum'at": 5, "sabtu": 6, "minggu": 7, "ahad": 7}
AMBIGUOUS_DAYS = frozenset({"minggu"})
MONTHS = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7, "agustus": 8,
    "september": 9, "oktober": 10, "november": 11, "desember": 12, "nopember": 11, "pebruari": 2,
}
# Number words (KBBI): units, then the words that multiply what comes before them. "se-" is "one" in
# "sepuluh", "sebelas", "seratus", "seribu", "sejuta".
UNITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
         "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000, "sejuta": 1e6}
TEENS = "belas"  # "dua belas" is 12
MULTIPLIERS = {"puluh": 10, "ratus": 100}
SCALES = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}
# Words for an unspecified many: "ribuan orang" is thousands of people.
MAGNITUDES = {"puluhan": 10, "ratusan": 100, "ribuan": 1e3, "jutaan": 1e6, "miliaran": 1e9, "triliunan": 1e12}
# Fractions: "se-per-N" is one N-th; "dua pertiga" two thirds (the "per-" word after a unit).
FRACTIONS = {"setengah": 0.5, "separuh": 0.5, "seperdua": 0.5, "sepertiga": 1 / 3, "seperempat": 0.25,
             "seperlima": 0.2, "seperenam": 1 / 6, "sepertujuh": 1 / 7, "seperdelapan": 0.125,
             "sepersembilan": 1 / 9, "sepersepuluh": 0.1, "seperseratus": 0.01, "seperseribu": 0.001}
FRACTION_DENOMINATORS = {"perdua": 2, "pertiga": 3, "perempat": 4, "perlima": 5, "perenam": 6, "pertujuh": 7,
                         "perdelapan": 8, "persembilan": 9, "persepuluh": 10, "perseratus": 100}
PERCENT_WORDS = frozenset({"persen", "%", "prosen"})
# Ordinals: "ke-" before a unit word, or "ke-3"; "pertama" is first. "kedua" is also "both" ("kedua negara").
ORDINALS = {"pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6,
            "ketujuh": 7, "kedelapan": 8, "kesembilan": 9, "kesepuluh": 10, "kesebelas": 11, "keseratus": 100}
ORDINAL_PREFIX = "ke"
# Words after which "satu" is not the number one but "one of" / "a" ("salah satu", "satu-satunya").
NOT_A_COUNT_BEFORE_ONE = frozenset({"salah"})

# Function words: never content words, whatever the lexicon says (the lexicon check ignores them).
STOP_WORDS = frozenset("""
yang dan di ke dari dengan untuk pada dalam ini itu adalah akan telah sudah tidak tak bukan juga atau tetapi
namun karena oleh sebagai bahwa saat ketika jika kalau maka agar supaya hingga sampai serta para sang si
ia dia mereka kami kita saya aku anda kamu beliau nya pun lah kah tersebut seperti antara atas bawah bagi
sejak selama setelah sebelum tentang terhadap dapat bisa harus masih sedang lebih paling sangat hanya
saja lagi pula secara sebuah seorang suatu se ada apa siapa mana bagaimana mengapa kapan sini sana situ
begitu demikian yaitu yakni ialah merupakan menjadi jadi punya banyak beberapa semua setiap tiap
masing lain sendiri sama pernah belum mungkin tentu hal cara kali pukul
""".split())


def is_closed_class(word: str) -> bool:
    """Whether the lower-case ``word`` is a day, month, number word, fraction or ordinal (``meaning`` compares
    these, so the name check leaves them alone)."""
    return any(word in table for table in (DAYS, MONTHS, UNITS, SCALES, MAGNITUDES, FRACTIONS, ORDINALS))


def english_renderings(word: str) -> tuple[str, ...]:
    """English words that translate the Indonesian ``word`` (lower case): the terms table, the day and month
    names, and the lexicon's translations both ways (English words the English -> Indonesian table renders
    as ``word``: Bumi/Earth). Used to tell a translated capitalised word from a dropped name."""
    lowered = word.lower()
    found = list(ID_EN_TERMS.get(lowered, ()))
    if lowered in DAYS:
        found += [name for name, day in lang_en.DAYS.items() if day == DAYS[lowered]]
    if lowered in MONTHS:
        found += [name for name, month in lang_en.MONTHS.items() if month == MONTHS[lowered]]
    return tuple(found) + lexicon().get(lowered, ()) + english_words_for().get(lowered, ())


# How Indonesian spells names and loans that English spells otherwise (Kaspia/Caspian, Ekspo/Expo, Yudea/Judea,
# Filipina/Philippines): ``loan_spelling`` writes a word of either language in the Indonesian way.
LOAN_SPELLINGS = (("ph", "f"), ("x", "ks"), ("q", "k"), ("c", "k"), ("j", "y"))


def loan_spelling(word: str) -> str:
    """``word`` (lower case) as Indonesian would spell it, so a name and its English spelling compare alike."""
    for english, indonesian in LOAN_SPELLINGS:
        word = word.replace(english, indonesian)
    return word


@lru_cache(maxsize=1)
def english_words_for() -> dict[str, tuple[str, ...]]:
    """Indonesian word -> the English words whose Indonesian words (``english_lexicon``) include it."""
    found: dict[str, list[str]] = {}
    for english, (_, _, words) in english_lexicon().items():
        for word in words:
            found.setdefault(word, []).append(english)
    return {word: tuple(english) for word, english in found.items()}


@lru_cache(maxsize=1)
def lexicon_tables() -> dict:
    """The lexicon file as read (``{"made": ..., "lexicon": ..., "english": ...}``); empty tables when it is not
    there, as in a checkout before ``python -m eval build-lexicon`` was run."""
    if not LEXICON_FILE.exists():
        return {"made": {}, "lexicon": {}, "english": {}}
    return json.loads(LEXICON_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, ...]]:
    """The bilingual lexicon: Indonesian word -> its English translations, most frequent first."""
    return {word: tuple(translations) for word, translations in lexicon_tables()["lexicon"].items()}


@lru_cache(maxsize=1)
def english_lexicon() -> dict[str, tuple[int, float, tuple[str, ...]]]:
    """The lexicon read the other way: English word -> (its links in the aligned pairs, the share of them that
    go to its first Indonesian word, its Indonesian words most linked first)."""
    return {word: (int(entry[0]), float(entry[1]), tuple(entry[2:]))
            for word, entry in lexicon_tables().get("english", {}).items()}


def lexicon_record() -> dict:
    """What made the lexicon (data files and their SHA-256, aligner and version, thresholds)."""
    return lexicon_tables()["made"]


PROFILE = LanguageProfile(
    code="id", name="Indonesian",
    # Abbreviations sentencex 1.0.32 ends a sentence after. Titles and address words come before a name, so they
    # never end a sentence: Jl./Jln. (jalan, street), Bpk./Bp. (bapak, Mr), Ir. (insinyur, engineer), Dra.
    # (doktoranda), Hj. (hajah), Sdr./Sdri. (saudara/saudari), Tn./Ny. (tuan/nyonya), military and police ranks,
    # Kec./Kab./Kel./Prov. (district, regency, village, province).
    abbreviations=frozenset("jl jln bpk bp ir dra hj sdr sdri tn ny kol letjen mayjen brigjen irjen kombes"
                            " kec kab kel prov".split()),
    # dkk. (dan kawan-kawan, et al.), dll. (dan lain-lain, etc.), dsb. (dan sebagainya), dst. (dan seterusnya),
    # tgl. (tanggal, date) also end sentences ("... buah, sayur, dll."): kept only before a lower-case word.
    clause_abbreviations=frozenset("dkk dll dsb dst tgl".split()),
    dateline_months={
        "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "mei": 5, "juni": 6, "juli": 7, "agustus": 8,
        "agu": 8, "agt": 8, "oktober": 10, "okt": 10, "nopember": 11, "desember": 12, "des": 12},
    weekday_pattern="senin|selasa|rabu|kamis|jum'?at|sabtu|minggu",
    date_labels="tanggal|diterbitkan|dipublikasikan|diperbarui|terbit",
    months=MONTHS,
    # Numbers that sources often spell out ("kunjungan empat hari"), as the fact check reads them.
    number_words={
        "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
        "sepuluh": 10, "sebelas": 11, "seratus": 100, "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4,
        "kelima": 5, "setengah": 0.5},
    scale_words=SCALES,
    decimal_comma=True,
    terms=ID_EN_TERMS,
    capitalised_common_words=CAPITALISED_COMMON_WORDS,
    # Example pairs the translator may show before each sentence, as chat turns. Taken from FLORES-200 dev,
    # Indonesian -> English (ind_Latn / eng_Latn lines 504, 528, 767, 787 and 733, counted from 1; Wikivoyage and
    # Wikibooks sentences, https://github.com/facebookresearch/flores, licensed CC BY-SA 4.0: these pairs are shared
    # under the same licence). None of them is among the first 500 dev sentences the scores are measured on.
    prompt_examples=(
        ("MySpace merupakan situs terpopuler peringkat ketiga yang dipakai di Amerika Serikat dengan 54 juta profil "
         "saat ini.",
         "MySpace is the third most popular website used in the United States and has 54 million profiles currently."),
        ("Pada 28 Juni, Marsekal Italo Balbo, Gubernur Jenderal Libia dan pewaris dari Mussolini, terbunuh oleh "
         "tembakan pihaknya sendiri saat mendarat di Tobruk.",
         "On June 28, Marshal Italo Balbo, the Governor-General of Libya and apparent heir to Mussolini, was killed "
         "by friendly fire while landing in Tobruk."),
        ("Kota Beijing di Tiongkok akan menjadi kota tuan rumah Olimpiade Musim Dingin tahun 2022, yang akan "
         "menjadikannya kota pertama yang menjadi tuan rumah Olimpiade musim panas dan musim dingin.",
         "The city of Beijing in China will be the host city of the Olympic Winter Games in 2022, which will make it "
         "the first city to have hosted both the summer and winter Olympics."),
        ("Dunia memiliki lebih dari 5.000 bahasa berbeda, dua puluh di antaranya berpenutur 50 juta atau lebih.",
         "The world has over 5,000 different languages, including more than twenty with 50 million or more "
         "speakers."),
        ("Whistler (1,5 jam berkendara dari Vancouver) mahal tapi terkenal karena Olimpiade Musim Dingin 2010.",
         "Whistler (1.5 hour drive from Vancouver) is expensive but well-known because of the 2010 Winter Olympics."),
    ),
)
