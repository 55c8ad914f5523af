"""Translate: non-English articles -> English, sentence by sentence, the original kept beside each translation.

The contract is ``Translator``: ``supports(language)``, ``translate(sentences, language)`` and ``signature()``.
Translators are found in ``TRANSLATORS`` by the ``translation_model`` setting (``--translation-model``):
``none`` is the identity translator (nothing is translated); any other name is a translation model, run by
``ModelTranslator``.
"""
from __future__ import annotations

from ..config import Settings
from ..registry import Entry, Registry
from ..runtime.generation import generator_for
from .translator import IdentityTranslator, ModelTranslator, Translator

__all__ = ["TRANSLATORS", "Translator", "register_translator", "translator_for", "translator_name"]


def model_translator(settings: Settings, context) -> ModelTranslator:
    """The translation model the settings name, on their runtime."""
    return ModelTranslator.from_generator(generator_for(settings, "translation"), settings.translation_batch_size)


TRANSLATORS: Registry[Translator] = Registry("translator", "translation_model, --translation-model", other=Entry(
    "model", model_translator, "any other name: the translation model (hub id, alias such as qwen-1.5b, or folder)"))


def register_translator(name: str, factory, description: str = "") -> None:
    """Make ``factory(settings, pipeline)`` the translator called ``name`` (a ``translation_model`` value)."""
    TRANSLATORS.register(name, factory, description)


register_translator("none", lambda settings, context: IdentityTranslator(),
                    description="no translation (non-English articles pass through, with a warning)")


def translator_name(settings: Settings) -> str:
    """The registered name the ``translation_model`` setting gives (any case), or the model name as it is."""
    name = settings.translation_model
    return name.lower() if name.lower() in TRANSLATORS else name


def translator_for(settings: Settings, context=None) -> Translator:
    """The translator the settings name."""
    return TRANSLATORS.create(translator_name(settings), settings, context)

