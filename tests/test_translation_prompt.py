"""The chat translator's aids: example pairs and terms in the prompt, a second attempt when a fact is lost (issue 18)."""
from summarizer.runtime.generation import GenerationSettings, load_generator
from summarizer.translate.translator import RETRY_BEAMS, ModelTranslator, rejoin_digit_groups, translation_problems
from summarizer.languages import profile
from summarizer.translate.prompt import terms_in

SOURCE = "Hubungan Rusia-Tiongkok meningkat, seperti ekspor tanduk rusa senilai 50 miliar."
GOOD = "Russia-China relations improved, such as exports of deer antlers worth 50 billion."
BAD = "Russia-Taiwan relations improved, such as exports of Russian tanks worth 50 million."


class RecordingChat:
    """A chat generator that answers from a table keyed by (sentence, beams) and records every call."""

    name, family = "recording", "chat"

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def count_tokens(self, text):
        return len(text.split())

    def generate_chat(self, shared, turns, settings=GenerationSettings()):
        self.calls.append((shared, turns, settings))
        return [self.answers[(t[-1]["content"], settings.num_beams)] for t in turns]


def test_terms_of_the_table_are_found_as_written_longest_first_acronyms_in_capitals():
    assert terms_in(SOURCE, "id") == [("tanduk rusa", "deer antlers"), ("Tiongkok", "China"), ("miliar", "billion")]
    assert terms_in("Laut Tiongkok Selatan dekat Tiongkok.", "id") == [("Laut Tiongkok Selatan", "South China Sea"),
                                                                       ("Tiongkok", "China")]
    assert terms_in("PBB dan AS sepakat; as roda patah.", "id") == [("PBB", "UN"), ("AS", "US")]
    assert terms_in("Rusia dan Rusa.", "fr") == []


def test_prompt_holds_the_example_pairs_then_the_terms_of_the_sentence():
    generator = RecordingChat({(SOURCE, None): GOOD, ("Dia tiba kemarin.", None): "He arrived yesterday."})
    translator = ModelTranslator(generator, examples=True)
    assert translator.translate([SOURCE, "Dia tiba kemarin."], "id") == [GOOD, "He arrived yesterday."]
    [(shared, turns, _)] = generator.calls
    assert shared[0]["role"] == "system" and "Indonesian" in shared[0]["content"]
    pairs = [(shared[i]["content"], shared[i + 1]["content"]) for i in range(1, len(shared), 2)]
    assert pairs == list(profile("id").prompt_examples) and all(shared[i]["role"] == "user" for i in range(1, len(shared), 2))
    by_sentence = {t[-1]["content"]: t for t in turns}
    note = by_sentence[SOURCE][0]
    assert note["role"] == "system"
    assert note["content"] == "Terms in the next text: tanduk rusa = deer antlers; Tiongkok = China; miliar = billion."
    assert len(by_sentence["Dia tiba kemarin."]) == 1  # no terms, no note


def test_aids_can_be_turned_off():
    generator = RecordingChat({(SOURCE, None): BAD})
    assert ModelTranslator(generator, examples=False, terms=False, retry=False).translate([SOURCE], "id") == [BAD]
    [(shared, turns, _)] = generator.calls
    assert len(shared) == 1 and turns == [[{"role": "user", "content": SOURCE}]]


def test_a_sentence_that_lost_facts_is_retried_with_beams_and_the_passing_candidate_kept():
    generator = RecordingChat({(SOURCE, None): BAD, (SOURCE, RETRY_BEAMS): GOOD})
    translator = ModelTranslator(generator, retry=True)
    assert translation_problems(SOURCE, BAD, "id") and not translation_problems(SOURCE, GOOD, "id")
    assert translator.translate([SOURCE], "id") == [GOOD]
    _, [retry_turns], retry_settings = generator.calls[1]
    assert retry_settings.num_beams == RETRY_BEAMS > 1
    assert "Keep in the English: the number 50 billion." in retry_turns[0]["content"]  # names are not asked for
    assert translator.retries == [dict(source=SOURCE, first=BAD, second=GOOD, kept="second", problems=[])]


def test_the_retry_beam_width_is_a_setting_and_is_signed():
    generator = RecordingChat({(SOURCE, None): BAD, (SOURCE, 1): GOOD})
    translator = ModelTranslator(generator, retry_beams=1)
    assert translator.translate([SOURCE], "id") == [GOOD] and generator.calls[1][2].num_beams == 1
    assert translator.signature()["retry_beams"] == 1 and ModelTranslator(generator).signature()["retry_beams"] == RETRY_BEAMS


def test_a_lost_name_alone_is_reported_not_retried():
    source = "Pilot tersebut diidentifikasi sebagai Pemimpin Skuadron Dilokrit Pattavee."
    english = "The pilot was identified as Squadron Leader Pattavee."
    generator = RecordingChat({(source, None): english})
    translator = ModelTranslator(generator, retry=True)
    assert translation_problems(source, english, "id") == ["name 'Dilokrit' missing"]  # Pemimpin: Leader (lexicon)
    assert translator.translate([source], "id") == [english]
    assert len(generator.calls) == 1 and translator.retries == []  # asked to keep them, the model left them untranslated


def test_a_retry_that_is_no_better_leaves_the_first_translation():
    worse = "Relations."
    generator = RecordingChat({(SOURCE, None): BAD, (SOURCE, RETRY_BEAMS): worse})
    translator = ModelTranslator(generator, retry=True)
    assert translator.translate([SOURCE], "id") == [BAD]
    assert translator.retries[0]["kept"] == "first" and translator.retries[0]["problems"] == translation_problems(
        SOURCE, BAD, "id")


def test_a_much_shorter_translation_is_a_problem():
    source = "Dia tiba di rumah kemarin sore bersama keluarganya."
    assert translation_problems(source, "He came.", "id") == [
        "words without a translation in the English: tiba, rumah, kemarin, sore, bersama, keluarganya (6 of 6)",
        "length 8 characters for 51 in the source"]
    assert translation_problems(source, "He came home yesterday afternoon with his family.", "id") == []


def test_the_shared_turns_are_a_static_prompt_in_ctranslate2_with_the_same_output(tiny_models, tmp_path):
    generator = load_generator(str(tiny_models["chat"]), backend="ctranslate2", converted_dir=tmp_path)
    settings = GenerationSettings(max_new_tokens=5, num_beams=1, batch_size=2)
    prompts = [[1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 9, 10]]
    assert generator.runner.run(prompts, settings, shared_length=4) == generator.runner.run(prompts, settings)
    shared = [{"role": "system", "content": "Translate."}, {"role": "user", "content": "Satu."},
              {"role": "assistant", "content": "One."}]
    turns = [[{"role": "user", "content": "Dua."}], [{"role": "user", "content": "Tiga ekor rusa."}]]
    assert len(generator.generate_chat(shared, turns, settings)) == 2


def test_a_number_split_at_its_digit_groups_is_written_whole_again():
    source = "Keselowski memimpin dengan 2.250 poin, Johnson 2.243 poin."
    split = "Keselowski leads with 2, 250 points, Johnson 2, 243 points."
    generator = RecordingChat({(source, None): split})
    assert ModelTranslator(generator).translate([source], "id") == ["Keselowski leads with 2,250 points, Johnson 2,243 points."]
    assert rejoin_digit_groups("Ada 2 dan 250 orang.", "There were 2, 250 people.", "id") == "There were 2, 250 people."
