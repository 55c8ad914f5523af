"""Load test of the web demo: many clients brief at once; each request completes or is told the server is busy.

    python -m eval load --clients 20

Serves ``app.py`` on localhost in a child process, in extractive mode without translation, so a request
costs about a second once the embedder is loaded. One request warms it up; then every client (a thread
with its own gradio_client) sends one briefing at the same moment. Requests beyond the queue
(``app.QUEUE_SIZE`` waiting, ``app.BRIEF_CONCURRENCY`` running) are turned away with "queue full".
Printed: requests, completed, rejected as busy, failed, and the server's resident memory (RSS) after
warming up, at its peak (sampled every 50 ms) and once every request has been answered.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from summarizer.config import DEFAULT_EMBEDDING_MODEL

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
STARTUP_SECONDS = 180  # the demo imports torch and gradio before it answers
SAMPLE_SECONDS = 0.05
BUSY = "queue is full"  # gradio_client's QueueError: "Queue is full! Please try again."
ARTICLES = ("Harbour strike ends in Sindara\nDock workers in Sindara ended a four-day strike on Friday after the "
            "port operator agreed to raise wages by 12 percent. Ships that had waited offshore began unloading on "
            "Saturday, client {n}.\n---\nPort operator agrees to raise dock wages\nThe Sindara port operator agreed "
            "on Friday to raise dock workers' wages by 12 percent, ending the four-day strike, client {n}.")


@dataclass
class LoadFigures:
    """What happened to the requests, and the server's memory in MiB."""

    requests: int
    completed: int = 0
    busy: int = 0
    failures: list[str] = field(default_factory=list)
    warm_rss_mib: float = 0.0
    peak_rss_mib: float = 0.0
    after_rss_mib: float = 0.0

    def __str__(self) -> str:
        return (f"requests {self.requests}, completed {self.completed}, rejected as busy {self.busy}, "
                f"failed {len(self.failures)}; server RSS {self.warm_rss_mib:.0f} MiB warm, "
                f"{self.peak_rss_mib:.0f} MiB peak, {self.after_rss_mib:.0f} MiB after the requests")


def load_test(clients: int, embedding_model: str) -> LoadFigures:
    """Serve the demo, warm it, send ``clients`` briefings at once; the figures of what happened."""
    with _served(embedding_model) as (url, server):
        _brief(url, embedding_model, 0)
        figures = LoadFigures(clients, warm_rss_mib=_rss_mib(server))
        peak = [figures.warm_rss_mib]
        done = threading.Event()
        sampler = threading.Thread(target=_sample, args=(server, peak, done))
        sampler.start()
        start = threading.Barrier(clients)
        outcomes: list[str] = []
        threads = [threading.Thread(target=_client, args=(url, embedding_model, n, start, outcomes))
                   for n in range(1, clients + 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        sampler.join()
        figures.after_rss_mib = _rss_mib(server)
    figures.completed = outcomes.count("completed")
    figures.busy = outcomes.count("busy")
    figures.failures = [outcome for outcome in outcomes if outcome not in ("completed", "busy")]
    figures.peak_rss_mib = peak[0]
    return figures


def _client(url: str, embedding_model: str, number: int, start: threading.Barrier, outcomes: list[str]) -> None:
    start.wait()
    try:
        status = _brief(url, embedding_model, number)
        outcomes.append("completed" if status.startswith("**Briefed 2 articles") else f"unexpected status: {status}")
    except Exception as error:  # noqa: BLE001 - every outcome is counted, whatever it is
        outcomes.append("busy" if BUSY in str(error).lower() else f"{type(error).__name__}: {error}")


def _brief(url: str, embedding_model: str, number: int) -> str:
    from gradio_client import Client

    client = Client(url, verbose=False)
    return client.predict([], ARTICLES.format(n=number), "extractive", "none", "", embedding_model, 60,
                          api_name="/brief")[0]


def _sample(server: psutil.Process, peak: list[float], done: threading.Event) -> None:
    while not done.wait(SAMPLE_SECONDS):
        peak[0] = max(peak[0], _rss_mib(server))


def _rss_mib(server: psutil.Process) -> float:
    processes = [server, *server.children(recursive=True)]
    return sum(process.memory_info().rss for process in processes) / 2**20


@contextmanager
def _served(embedding_model: str):
    """``app.py`` in a child process on a free port: its URL and process, stopped afterwards."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, SUMMARIZER_TRANSLATION_MODEL="none", SUMMARIZER_EMBEDDING_MODEL=embedding_model)
    process = subprocess.Popen([sys.executable, "app.py", "--host", HOST, "--port", str(port), "--mode", "extractive"],
                               cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://{HOST}:{port}"
    try:
        _wait_until_up(url, process)
        yield url, psutil.Process(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=60)


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the demo exited with code {process.returncode}: {process.stderr.read()[-2000:]}")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the demo did not answer at {url} within {STARTUP_SECONDS} s")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="clients sending a briefing at once (default 20)")
    parser.add_argument("--embedding-model", default=DEFAULT_EMBEDDING_MODEL,
                        help=f"embedding model folder or hub id (default {DEFAULT_EMBEDDING_MODEL}: the installed copy)")
    args = parser.parse_args(argv)
    figures = load_test(args.clients, args.embedding_model)
    print(figures)
    for failure in figures.failures:
        print(f"  failed: {failure}")
