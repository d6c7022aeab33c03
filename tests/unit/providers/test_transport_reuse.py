"""The pooled plain-HTTP connection's reuse check (a peek on gevent's OS socket) gives urllib3's answers."""

from __future__ import annotations

import socket
import threading

import gevent.socket

from model_prism.providers.transport import PeekingHTTPConnection


def _server():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted: list[socket.socket] = []
    done = threading.Event()

    def accept():
        accepted.append(listener.accept()[0])
        done.set()

    threading.Thread(target=accept, daemon=True).start()
    return listener, accepted, done


def _connection(port: int, use_gevent: bool) -> PeekingHTTPConnection:
    conn = PeekingHTTPConnection("127.0.0.1", port)
    factory = gevent.socket.create_connection if use_gevent else socket.create_connection
    conn.sock = factory(("127.0.0.1", port), timeout=5)
    return conn


def _check(use_gevent: bool) -> list[bool]:
    listener, accepted, done = _server()
    conn = _connection(listener.getsockname()[1], use_gevent)
    assert done.wait(5)
    answers = [conn.is_connected]  # idle and open
    accepted[0].sendall(b"x")  # bytes nobody asked for: not reusable
    threading.Event().wait(0.05)
    answers.append(conn.is_connected)
    conn.sock.recv(1)
    accepted[0].close()  # the server closed it
    threading.Event().wait(0.05)
    answers.append(conn.is_connected)
    conn.close()
    listener.close()
    return answers


def test_gevent_socket_peek_tells_alive_unexpected_data_and_closed():
    assert _check(use_gevent=True) == [True, False, False]


def test_plain_socket_falls_back_to_urllib3s_check_with_the_same_answers():
    assert _check(use_gevent=False) == [True, False, False]
