"""The gunicorn worker Model Prism runs: gunicorn's gevent worker serving through gevent's WSGI server (pywsgi).

gunicorn's own gevent worker parses each request with gunicorn's pure-Python parser and builds its response
objects per request; gevent's pywsgi does the same work with less: measured with bench/ on a 2-core machine, the
bare relay used 1.15-1.30 ms of CPU a request instead of 1.34-1.60 (64 clients) and answered 0.3-0.5 ms sooner at
1 client. gunicorn still runs the processes (master, workers, timeouts, graceful restarts, hooks, worker_connections).

What gunicorn's worker did that pywsgi does not, kept here:
* `keepalive`: a connection that sends no complete request head within `keepalive` seconds is closed (the idle
  time between keep-alive requests included), so idle clients cannot hold the worker's connection slots; with
  `keepalive = 0` every connection closes after one response.
* graceful shutdown: once the worker stops (SIGTERM, SIGHUP's restart, max requests), every response closes its
  connection (`Connection: close`), so keep-alive clients move to another worker instead of keeping this one busy
  until gunicorn kills it at `graceful_timeout` (with the embedded store unsaved).
* the access log is only formatted when one is configured.

One thing pywsgi does that we do not: it sends the response head and the first body chunk in two writes (so two
TCP segments, and a client that reads the head first wakes up twice). Here a first chunk of up to 64 KiB goes out in
the same write as the head; larger ones are still sent apart, as pywsgi does, to spare the copy.

The worker also installs the header-parsing fast path (`process/header_parsing.py`): it parses every request head
pywsgi reads and every provider response head urllib3 reads in this process, with the standard library's result.
"""

from __future__ import annotations

import gevent
from gunicorn.workers.ggevent import GeventPyWSGIWorker, PyWSGIHandler

from .process import header_parsing


class KeepAliveHandler(PyWSGIHandler):
    """pywsgi's handler with gunicorn's keep-alive timeout on reading each request's line and headers."""

    idle_timeout: float = 5.0
    worker: Worker | None = None  # set per worker: its `alive` turns False when it begins to stop

    def read_requestline(self) -> str:
        """Give the request line, or "" (close the connection) when none arrives within `idle_timeout`."""
        with gevent.Timeout(self.idle_timeout or None, False):
            return super().read_requestline()
        return ""

    def read_request(self, raw_requestline: str) -> bool:
        """Parse the head; headers that do not arrive within `idle_timeout` close the connection (400)."""
        parsed = False
        with gevent.Timeout(self.idle_timeout or None, False):
            parsed = super().read_request(raw_requestline)
        if not parsed:
            self.close_connection = True
            return False
        if self.idle_timeout <= 0:
            self.close_connection = True  # gunicorn's keepalive = 0: one request per connection
        return True

    def start_response(self, status, headers, exc_info=None):
        """Start the response; one given while the worker stops closes the connection after it."""
        if self.worker is not None and not self.worker.alive:
            headers = [(k, v) for k, v in headers if k.lower() != "connection"] + [("Connection", "close")]
        return super().start_response(status, headers, exc_info)

    #: a first body chunk up to this many bytes is sent in the same write as the response head
    coalesce_bytes: int = 64 * 1024

    def _write_with_headers(self, data) -> None:
        """Send the head and the first body chunk (framed when chunked) in one write when the chunk is small."""
        if not data or len(data) > self.coalesce_bytes:
            super()._write_with_headers(data)
            return
        self.headers_sent = True
        self.finalize_headers()
        # status and headers are latin-1 bytes already (start_response encoded them)
        towrite = bytearray(b"HTTP/1.1 ")
        towrite += self.status
        towrite += b"\r\n"
        for header, value in self.response_headers:
            towrite += header
            towrite += b": "
            towrite += value
            towrite += b"\r\n"
        towrite += b"\r\n"
        if self.response_use_chunked:
            towrite += b"%x\r\n" % len(data)
            towrite += data
            towrite += b"\r\n"
        else:
            towrite += data
        self._sendall(towrite)

    def log_request(self) -> None:
        if self.server.log.access_log_enabled:
            super().log_request()


class Worker(GeventPyWSGIWorker):
    """gunicorn's gevent pywsgi worker with the keep-alive handler above."""

    def init_process(self) -> None:
        header_parsing.install()
        timeout = float(self.cfg.keepalive)
        self.wsgi_handler = type("Handler", (KeepAliveHandler,), {"idle_timeout": timeout, "worker": self})
        super().init_process()
