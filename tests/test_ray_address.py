"""``--ray HOST:PORT`` at a port where something other than Ray answers fails fast with a clear message."""
import socket
import threading

import pytest

from summarizer.frontends import ray_batch
from summarizer.frontends.ray_batch import RayUnavailable, _check_reachable


@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server
    server.close()


def test_a_silent_port_is_not_taken_for_ray(listener, monkeypatch):
    monkeypatch.setattr(ray_batch, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(RayUnavailable, match="not a Ray cluster: it does not speak gRPC"):
        _check_reachable(f"127.0.0.1:{listener.getsockname()[1]}")


def test_a_web_server_port_is_not_taken_for_ray(listener):
    def answer_http():
        connection, _ = listener.accept()
        connection.recv(1024)
        connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        connection.close()

    threading.Thread(target=answer_http, daemon=True).start()
    with pytest.raises(RayUnavailable, match="not a Ray cluster"):
        _check_reachable(f"127.0.0.1:{listener.getsockname()[1]}")
