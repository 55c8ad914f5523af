"""Indonesian articles are translated sentence by sentence; English ones are left alone."""
from summarizer.articles import Article
from summarizer.runtime.generation import load_generator
from summarizer.translate.translator import IdentityTranslator, ModelTranslator, translate_articles


def _article(id_, language, sentences):
    return Article(id=id_, text=" ".join(sentences), language=language, language_confidence=0.99, sentences=sentences)


class DictionaryTranslator:
    """A translator from a fixed sentence table: lets the fact check be tested with known output."""

    def __init__(self, table):
        self.table = table

    def supports(self, language):
        return language == "id"

    def translate(self, sentences, language):
        return [self.table[s] for s in sentences]


def test_marian_translator_keeps_originals_beside_aligned_translations(tiny_models):
    translator = ModelTranslator.from_generator(load_generator(str(tiny_models["marian"])))
    assert translator.supports("id") and not translator.supports("fr") and not translator.supports("en")
    indonesian = _article("a", "id", ["Putin tiba di Beijing.", "Dia menandatangani 22 kesepakatan."])
    english = _article("b", "en", ["Putin arrived in Beijing."])
    translate_articles([indonesian, english], translator, progress=False)
    assert indonesian.sentences == ["Putin tiba di Beijing.", "Dia menandatangani 22 kesepakatan."]
    assert len(indonesian.translation) == 2 and all(indonesian.translation)
    assert english.translation is None and english.english_sentences == ["Putin arrived in Beijing."]


def test_chat_translator_supports_any_language(tiny_models):
    translator = ModelTranslator.from_generator(load_generator(str(tiny_models["chat"])))
    assert translator.supports("id") and translator.supports("fr")
    assert not translator.supports("unknown") and not translator.supports("en")
    assert len(translator.translate(["Selamat pagi.", "Apa kabar?"], "id")) == 2


def test_unsupported_and_unknown_languages_pass_through_with_a_warning(tiny_models):
    translator = ModelTranslator.from_generator(load_generator(str(tiny_models["marian"])))
    french = _article("fr", "fr", ["Bonjour à tous."])
    unknown = _article("x", "unknown", ["12 34"])
    unknown.language_reason = "too little text"
    translate_articles([french, unknown], translator, progress=False)
    assert french.translation is None and "no translator for language 'fr'" in french.translation_warnings[0]
    assert "too little text" in unknown.translation_warnings[0]
    assert french.english_sentences == ["Bonjour à tous."]


def test_identity_translator_translates_nothing():
    article = _article("a", "id", ["Putin tiba di Beijing."])
    translate_articles([article], IdentityTranslator(), progress=False)
    assert article.translation is None and article.translation_warnings


def test_lost_numbers_and_names_are_reported_per_sentence():
    source = ["Putin menandatangani 22 kesepakatan.", "Pipa itu menyalurkan 50 miliar meter kubik ke Tiongkok."]
    table = {source[0]: "Putin signed 22 agreements.", source[1]: "The pipeline carries 50 million cubic meters to Taiwan."}
    article = _article("a", "id", source)
    translate_articles([article], DictionaryTranslator(table), progress=False)
    assert article.translation == [table[s] for s in source]
    assert article.translation_warnings == ["sentence 2: number 50 billion missing", "sentence 2: name 'Tiongkok' missing",
                                           "sentence 2: number 50 million not in the source"]


def test_one_failing_article_does_not_sink_the_batch():
    good = _article("good", "id", ["Putin tiba."])
    bad = _article("bad", "id", ["Kalimat tanpa terjemahan."])
    translate_articles([bad, good], DictionaryTranslator({"Putin tiba.": "Putin arrived."}), progress=False)
    assert good.translation == ["Putin arrived."]
    assert bad.translation is None and "translation failed (KeyError" in bad.translation_warnings[0]


def test_english_sentences_of_an_article_taken_for_indonesian_are_kept_as_they_are():
    # An English article dense with Indonesian names, detected as Indonesian (issue 18): nothing is rewritten.
    english = ["The anoa and the babirusa live only in the forests of Sulawesi, near Lore Lindu National Park.",
               "Researchers from Universitas Tadulako counted the animals along the rivers during the dry season."]
    indonesian = "Menurut warga Desa Toro, jumlah anoa terus menurun setiap tahun."
    article = _article("sulawesi", "id", english + [indonesian])
    translator = DictionaryTranslator({indonesian: "According to residents of Toro village, anoa numbers fall every year."})
    translate_articles([article], translator, progress=False)
    assert article.sentence_languages == ["en", "en", "id"]
    assert article.translation == english + ["According to residents of Toro village, anoa numbers fall every year."]


def test_an_indonesian_article_quoting_english_translates_only_its_indonesian_sentences():
    source = ["Menteri Luar Negeri Retno Marsudi bertemu dengan mitranya dari Australia di Jakarta pada hari Senin.",
              "We are committed to working together on maritime security in the region.",
              "Kedua menteri juga membahas kerja sama perdagangan dan pendidikan."]
    table = {source[0]: "Foreign Minister Retno Marsudi met her Australian counterpart in Jakarta on Monday.",
             source[2]: "The two ministers also discussed trade and education cooperation."}
    article = _article("quote", "id", source)
    translate_articles([article], DictionaryTranslator(table), progress=False)
    assert article.sentence_languages == ["id", "en", "id"]
    assert article.translation == [table[source[0]], source[1], table[source[2]]]
    assert article.to_dict()["sentence_languages"] == ["id", "en", "id"]


def test_an_article_whose_every_sentence_is_english_is_not_translated_and_says_so():
    article = _article("all-en", "id", ["The ministers met in Jakarta on Monday to discuss trade between the countries."])
    translate_articles([article], DictionaryTranslator({}), progress=False)
    assert article.translation is None and article.sentence_languages == ["en"]
    assert article.translation_warnings == ["not translated: every sentence was detected as English"]
