"""A threaded werkzeug server on a real loopback socket, the base of every fake provider."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response


class QuietHandler(WSGIRequestHandler):
    """Keeps the fakes' access log out of the test output."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass(frozen=True)
class Seen:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict
    headers: dict
    body: bytes


class LoopbackServer:
    """`with SomeFake() as fake:` serves on 127.0.0.1:<free port>; `fake.seen` records every request."""

    def __init__(self, ssl_context=None) -> None:
        self.seen: list[Seen] = []
        self._server = make_server(
            "127.0.0.1", 0, self._wsgi, threaded=True, ssl_context=ssl_context, request_handler=QuietHandler
        )
        self.port = self._server.server_port
        scheme = "https" if ssl_context else "http"
        self.base_url = f"{scheme}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @Request.application
    def _wsgi(self, request: Request) -> Response:
        self.seen.append(
            Seen(request.method, request.path, dict(request.args), dict(request.headers), request.get_data())
        )
        return self.app(request)

    def app(self, request: Request) -> Response:
        raise NotImplementedError
