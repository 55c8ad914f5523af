"""The translation fact check reads numbers in each source language's own way: a small test set of correct
and wrong translations, with the false alarms and misses counted (both must be none)."""
import pytest

from summarizer.facts import missing_facts

# (language, source, English translation, whether the check must warn)
CASES = [
    ("de", "Der Staat investiert 12 Milliarden Euro in Schienen.", "The state is investing 12 billion euros in rail.", False),
    ("de", "Die Inflation lag bei 2,5 Prozent.", "Inflation was 2.5 percent.", False),
    ("de", "Es kamen 1.500 Besucher.", "1,500 visitors came.", False),
    ("de", "Der Staat investiert 12 Milliarden Euro.", "The state is investing 12 million euros.", True),
    ("fr", "Le projet coûte 3 milliards d'euros.", "The project costs 3 billion euros.", False),
    ("es", "La empresa ganó 250 millones de dólares.", "The company earned 250 million dollars.", False),
    ("es", "La empresa ganó 250 millones de dólares.", "The company earned 25 million dollars.", True),
    ("pt", "O governo gastou 7 bilhões de reais.", "The government spent 7 billion reais.", False),
    ("it", "Il debito è salito a 2,8 miliardi.", "The debt rose to 2.8 billion.", False),
    ("nl", "Het kost 4 miljard euro.", "It costs 4 billion euros.", False),
    ("zh", "公司营收4200万美元。", "The company's revenue was 42 million dollars.", False),
    ("zh", "公司营收4200万美元。", "The company's revenue was four million dollars.", True),
    ("zh", "投资达到3亿元。", "Investment reached 300 million yuan.", False),
    ("ja", "売上高は5億円だった。", "Sales were 500 million yen.", False),
    ("id", "Pemerintah menyiapkan Rp 50 miliar.", "The government prepared Rp 50 billion.", False),
    ("id", "Pemerintah menyiapkan Rp 50 miliar.", "The government prepared Rp 50 million.", True),
]


def _warns(language, source, english):
    return any(problem.startswith("number") for problem in missing_facts(source, english, language))


@pytest.mark.parametrize("language, source, english, wrong", CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_number_check_in_each_language(language, source, english, wrong):
    assert _warns(language, source, english) == wrong


def test_false_alarms_and_misses_on_the_set_are_counted_and_none():
    false_alarms = sum(_warns(l, s, e) for l, s, e, wrong in CASES if not wrong)
    misses = sum(not _warns(l, s, e) for l, s, e, wrong in CASES if wrong)
    assert (false_alarms, misses) == (0, 0), f"{false_alarms} false alarm(s), {misses} miss(es) in {len(CASES)} cases"


def test_a_correct_german_translation_gets_no_warning_at_all():
    assert missing_facts("Der Staat investiert 12 Milliarden Euro.", "The state is investing 12 billion euros.", "de") == []
