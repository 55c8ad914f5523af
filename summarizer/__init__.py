"""Multilingual news briefings: load articles, detect language, translate, cluster, summarise.

    from summarizer import brief
    result = brief(["news/a.txt", "news/b.txt"], writer="extractive")
    result.to_json(), result.to_markdown()

``brief`` and ``BriefingPipeline`` are imported on first use, so ``import summarizer`` stays light.
"""
from .articles import Article, LoadResult, Rejection

__version__ = "0.1.0"
__all__ = ["Article", "BriefingPipeline", "BriefingResult", "LoadResult", "Rejection", "Settings", "brief",
           "register_checker", "register_clusterer", "register_selector", "register_translator", "register_writer",
           "__version__"]
_LAZY = {"brief": ".api", "BriefingPipeline": ".pipeline", "BriefingResult": ".output.briefing", "Settings": ".config",
         "register_writer": ".write", "register_clusterer": ".events", "register_checker": ".check",
         "register_selector": ".select", "register_translator": ".translate"}


def __getattr__(name: str):
    """``brief``, ``BriefingPipeline``, ``BriefingResult``, ``Settings`` and the ``register_*`` functions (one per
    stage), imported when first asked for."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
