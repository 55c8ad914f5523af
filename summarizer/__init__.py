"""Multilingual news briefings: load articles, detect language, translate, cluster, summarise."""
from .articles import Article, LoadResult, Rejection

__version__ = "0.1.0"
__all__ = ["Article", "LoadResult", "Rejection", "__version__"]
