"""Numbers, months and names are compared across languages by value, not by spelling."""
from summarizer.facts import extract_facts, missing_facts


def test_indonesian_and_english_number_conventions_agree():
    indonesian = extract_facts("Nilainya Rp 1.500.000, naik 2,5 persen; 50 miliar meter kubik.", "id")
    english = extract_facts("It is worth Rp 1,500,000, up 2.5 percent; 50 billion cubic meters.", "en")
    assert indonesian.numbers == english.numbers == {1_500_000.0, 2.5, 50e9}


def test_a_changed_scale_is_reported():
    problems = missing_facts("50 miliar meter kubik gas", "50 million cubic meters of gas", "id")
    assert problems == ["number 50 billion missing"]


def test_months_and_names_are_checked():
    source = "Pada 16 Mei, Gazprom dan CNPC menandatangani kesepakatan di Tiongkok."
    assert missing_facts(source, "On May 16, Gazprom and CNPC signed a deal in China.", "id") == []
    problems = missing_facts(source, "On June 16, Gazprom signed a deal in Taiwan.", "id")
    assert "month 5 missing" in problems
    assert "name 'CNPC' missing" in problems and "name 'Tiongkok' missing" in problems


def test_translated_titles_are_not_names_and_near_spellings_count():
    source = "Presiden Rusia Vladimir Putin tiba di Beijing."
    assert missing_facts(source, "Russian President Vladimir Putin arrived in Beijing.", "id") == []


def test_sentence_initial_capitals_are_not_names():
    assert extract_facts("Yesterday the talks ended.").names == set()


def test_clock_times_agree_across_conventions():
    source = "Protes dimulai sekitar pukul 11.00 dan polisi datang pukul 11.20 waktu setempat."
    assert missing_facts(source, "Protests began around 11:00 and police came at 11:20 local time.", "id") == []
    assert missing_facts(source, "Protests began around 11:00 and police came at 11:30 local time.", "id") == [
        "number 11.2 missing"]
    crash = "Pesawat jatuh sekitar pukul 9.30 waktu setempat (0230 UTC)."
    assert missing_facts(crash, "The plane crashed at about 9:30 a.m. local time (02:30 UTC).", "id") == []
    assert missing_facts(crash, "The plane crashed at about 9:30 a.m. local time (03:30 UTC).", "id") == [
        "number 2.3 missing"]


def test_a_name_kept_in_the_possessive_is_kept():
    source = "Gas dialirkan dari Rusia barat ke Tiongkok utara."
    assert missing_facts(source, "Gas flows from Russia's western part to the north of China.", "id") == []
    assert missing_facts(source, "Gas flows from the west to the north of China.", "id") == ["name 'Rusia' missing"]


def test_names_in_indonesian_loan_spelling_are_kept_by_their_english_spelling():
    source = "Kapal itu berlayar dari Laut Kaspia ke Ekspo di Yudea."
    assert missing_facts(source, "The ship sailed from the Caspian Sea to the Expo in Judea.", "id") == []
    assert missing_facts(source, "The ship sailed from the sea to the fair in the region.", "id") == [
        "name 'Ekspo' missing", "name 'Kaspia' missing", "name 'Yudea' missing"]
