"""The web demo under 20 clients at once: each request completes or is told the server is busy; memory stays bounded."""
from __future__ import annotations

from eval.load import load_test

CLIENTS = 20  # the figure: app.QUEUE_SIZE waiting plus app.BRIEF_CONCURRENCY running take them all
# Headroom over the warmed-up server for 20 small briefings: what they add is results and cached
# embeddings of their sentences (about 20 MiB measured); a leak of a model copy would exceed it.
MAX_GROWTH_MIB = 256


def test_twenty_clients_at_once_complete_or_are_told_busy(shared_dir):
    figures = load_test(CLIENTS, str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    print(figures)
    assert figures.failures == []
    assert figures.completed + figures.busy == CLIENTS and figures.completed >= 1
    assert figures.peak_rss_mib - figures.warm_rss_mib < MAX_GROWTH_MIB
