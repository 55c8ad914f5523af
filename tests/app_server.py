"""Serve the web demo inside a test: a real HTTP server on a free localhost port."""
from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import gradio as gr

HOST = "127.0.0.1"


@contextmanager
def served(demo: gr.Blocks) -> Iterator[str]:
    """Launch ``demo`` without blocking the test; yield its URL; close it afterwards."""
    import app

    options = {"max_file_size": app.launch_options()["max_file_size"]}
    _, url, _ = demo.launch(prevent_thread_lock=True, server_name=HOST, server_port=_free_port(), quiet=True, **options)
    try:
        yield url
    finally:
        demo.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]
