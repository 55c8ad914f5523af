"""`python -m eval train-translator`: pairs in the translator's own prompt; a signed adapter the translator can load."""
from __future__ import annotations

import json

import pytest

from eval.train_translator import main
from summarizer.translate.prompt import CHAT_TRANSLATION_INSTRUCTION

SOURCES = ["Presiden Tiongkok tiba di Moskwa pada hari Senin.", "Harga beras naik 5 persen.",
           "Sekjen PBB menyerukan gencatan senjata.", "Kereta cepat itu melaju 350 km per jam."]
ENGLISH = ["China's president arrived in Moscow on Monday.", "The price of rice rose 5 percent.",
           "The UN Secretary-General called for a ceasefire.", "The fast train travels at 350 km per hour."]


@pytest.fixture
def line_files(tmp_path):
    source, reference = tmp_path / "ind.dev", tmp_path / "eng.dev"
    source.write_text("\n".join(SOURCES) + "\n", encoding="utf-8")
    reference.write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    return source, reference


def test_pairs_are_the_translators_prompt_and_the_adapter_is_signed(line_files, tiny_models, tmp_path, capsys):
    from transformers import AutoTokenizer

    source, reference = line_files
    out = tmp_path / "translator-lora"
    main(["--source", str(source), "--reference", str(reference), "--lines", "1-3", "--model", str(tiny_models["chat"]),
          "--out", str(out), "-q"])
    assert "adapter written to" in capsys.readouterr().out
    pairs = [json.loads(line) for line in (out / "pairs.jsonl").read_text().splitlines()]
    assert [p["item_id"] for p in pairs] == ["line-1", "line-2", "line-3"]  # line 0 is not among --lines 1-3
    tokenizer = AutoTokenizer.from_pretrained(tiny_models["chat"])
    [(prompt_ids, target_ids)] = pairs[1]["segments"]  # one pair a chat from line files
    prompt = tokenizer.decode(prompt_ids)
    assert CHAT_TRANSLATION_INSTRUCTION.format(language="Indonesian") in prompt
    assert "Terms in the next text: PBB = UN." in prompt and SOURCES[2] in prompt  # the shipped terms note
    assert tokenizer.decode(target_ids).startswith(ENGLISH[2])
    signature = json.loads((out / "adapter" / "signature.json").read_text())
    assert signature["task"] == "translation" and signature["items"] == "1-3" and len(signature["reference_sha256"]) == 64
    assert signature["settings"]["epochs"] == 1 and signature["steps"] == 1  # 3 pairs, 8 a step


def test_line_files_of_different_lengths_are_refused(line_files, tiny_models, tmp_path):
    source, reference = line_files
    reference.write_text("\n".join(ENGLISH[:3]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="give aligned line files"):
        main(["--source", str(source), "--reference", str(reference), "--lines", "0-2", "--model", str(tiny_models["chat"]),
              "--out", str(tmp_path / "out"), "-q"])


def test_either_a_folder_or_two_line_files_is_asked_for(line_files, tmp_path, capsys):
    source, reference = line_files
    for wrong in ([], ["--data", str(tmp_path), "--source", str(source), "--reference", str(reference)],
                  ["--source", str(source)]):
        with pytest.raises(SystemExit):
            main(wrong + ["--out", str(tmp_path / "out")])
        assert "give either --data FOLDER or both --source and --reference" in capsys.readouterr().err


def test_a_folder_of_pairs_is_filtered_packed_trained_and_signed(tiny_models, tmp_path, capsys):
    from transformers import AutoTokenizer

    folder = tmp_path / "parallel"
    folder.mkdir()
    fit = list(zip(SOURCES, ENGLISH))
    broken = [("Harga minyak naik 7 persen pada hari Rabu.", "Oil prices rose 7 percent on Thursday.")]
    (folder / "news.id").write_text("\n".join(s for s, _ in fit + broken) + "\n", encoding="utf-8")
    (folder / "news.en").write_text("\n".join(e for _, e in fit + broken) + "\n", encoding="utf-8")
    out = tmp_path / "translator-lora"
    main(["--data", str(folder), "--pairs", "3", "--pack-tokens", "400", "--model", str(tiny_models["chat"]),
          "--out", str(out), "-q"])
    assert "adapter written to" in capsys.readouterr().out
    signature = json.loads((out / "adapter" / "signature.json").read_text())
    assert signature["filter"] == {"kept": 4, "dropped": {"dates differ": 1}}
    assert signature["sentence_pairs"] == 3 and set(signature["data_sha256"]) == {"news.id", "news.en"}
    assert signature["settings"]["weights"] in ("float32", "bfloat16")
    pairs = [json.loads(line) for line in (out / "pairs.jsonl").read_text().splitlines()]
    tokenizer = AutoTokenizer.from_pretrained(tiny_models["chat"])
    answers = [tokenizer.decode(answer) for pair in pairs for _, answer in pair["segments"]]
    assert len(answers) == 3 and all(any(answer.startswith(e) for e in ENGLISH) for answer in answers)
    assert signature["packed_chats"] == len(pairs) < 3  # at least two pairs share a chat
