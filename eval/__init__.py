"""Evaluation harness: score system outputs against references (``python -m eval --help``)."""
