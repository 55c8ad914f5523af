"""The translator's training pairs: reading aligned files, the filter (each reason), packing pairs into chats."""
from __future__ import annotations

import pytest

from eval.lora import packed_chat_pairs
from eval.parallel_data import SentencePair, filter_pairs, read_pairs, rejection, sample_pairs

FIT = SentencePair("news:0", "Harga beras naik 1.500 rupiah pada hari Senin di Jakarta.",
                   "Rice prices rose 1,500 rupiah on Monday in Jakarta.")


@pytest.mark.parametrize("source, english, reason", [
    ("Hujan turun.", "It rained.", "too short"),
    ("Presiden tiba di Moskwa pada pagi hari ini.", "The president arrived in Moscow this morning after a long and "
     "tiring overnight flight from the capital, aides said.", "length ratio"),
    ("Harga beras naik 5 persen bulan ini di pasar.", "Rice prices rose 15 percent this month at the market.",
     "numbers differ"),
    ("Presiden tiba di Moskwa pada hari Rabu pagi.", "The president arrived in Moscow on Thursday morning.",
     "dates differ"),
    ("Presiden tiba di Moskwa pada bulan Maret lalu.", "The president arrived in Moscow last April.", "dates differ"),
    ("Indeks saham naik tajam pada perdagangan sore.", "The stock inde x rose sharply in afternoon trading.",
     "broken or split word"),
    ("Kita tidak boleh lupa akan sejarah bangsa ini.", "We don?t forget the history of this nation.",
     "broken or split word"),
    ("Timah dalam jumlah besar akan diekspor.", "Large quantitites of tin would be exported.",
     "unknown English word"),
])
def test_each_kind_of_unfit_pair_is_dropped_with_its_reason(source, english, reason):
    assert rejection(SentencePair("x:0", source, english), "id") == reason


def test_sound_pairs_pass_grouping_marks_and_the_word_week_included():
    assert rejection(FIT, "id") is None  # 1.500 (Indonesian grouping) = 1,500
    week = SentencePair("x:1", "Pembicaraan itu berlangsung selama dua minggu di Jenewa.",
                        "The talks lasted two weeks in Geneva.")
    assert rejection(week, "id") is None  # lower-case "minggu" is "week", not Sunday (Minggu)


def test_duplicates_are_dropped_and_counted_by_reason():
    same_source = SentencePair("news:1", FIT.source.upper(), "Prices of rice went up 1,500 rupiah on Monday in Jakarta.")
    kept, dropped = filter_pairs([FIT, same_source, SentencePair("news:2", "Hujan.", "Rain.")], "id")
    assert kept == [FIT] and dropped == {"duplicate": 1, "too short": 1}


def test_pairs_are_read_from_aligned_files_and_misaligned_files_are_named(tmp_path):
    (tmp_path / "a.id").write_text("Satu.\n  Dua   kali.\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("One.\nTwice.\n", encoding="utf-8")
    assert read_pairs(tmp_path) == [SentencePair("a:0", "Satu.", "One."), SentencePair("a:1", "Dua kali.", "Twice.")]
    (tmp_path / "a.en").write_text("One.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="a.id has 2 lines and .*a.en 1: give aligned line files"):
        read_pairs(tmp_path)
    with pytest.raises(FileNotFoundError, match="holds no \\*.id line files"):
        read_pairs(tmp_path / "a.en")


def test_sampling_is_seeded_and_takes_at_most_what_there_is():
    pairs = [SentencePair(f"x:{n}", "s", "e") for n in range(10)]
    assert sample_pairs(pairs, 4, seed=3) == sample_pairs(pairs, 4, seed=3) != sample_pairs(pairs, 4, seed=4)
    assert sorted(p.origin for p in sample_pairs(pairs, 50, seed=0)) == sorted(p.origin for p in pairs)


def test_packed_chats_are_the_whole_conversation_with_the_loss_on_answers_only(qwen_0_5b):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(qwen_0_5b)  # Qwen's own chat template
    shared = [{"role": "system", "content": "Translate into English."}]
    exchanges = [(f"x:{n}", [{"role": "user", "content": f"Kalimat nomor {n} tentang harga beras."}],
                  f"Sentence number {n} about rice prices.") for n in range(6)]
    packed = packed_chat_pairs(tokenizer, shared, exchanges, max_tokens=100)
    assert 1 < len(packed) < 6 and all(len(chat.input_ids()) <= 100 for chat in packed)
    assert "+".join(chat.item_id for chat in packed) == "+".join(item for item, _, _ in exchanges)
    for chat in packed:
        numbers = [int(item.split(":")[1]) for item in chat.item_id.split("+")]
        turns = list(shared)
        for n in numbers:
            turns += exchanges[n][1] + [{"role": "assistant", "content": exchanges[n][2]}]
        whole = tokenizer.apply_chat_template(turns, tokenize=False).rstrip("\n")
        assert chat.input_ids() == tokenizer(whole, add_special_tokens=False)["input_ids"]
        learned = [token for token, label in zip(chat.input_ids(), chat.labels()) if label != -100]
        assert tokenizer.decode(learned).replace("<|im_end|>", "|") == "".join(f"{exchanges[n][2]}|" for n in numbers)
