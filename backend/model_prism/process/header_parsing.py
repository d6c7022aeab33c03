"""A fast path for the standard library's HTTP header parsing (http.client.parse_headers), installed per process.

Every HTTP/1.1 head this process reads goes through `http.client.parse_headers`: the responses of providers (urllib3
uses http.client) and, in the gunicorn worker, the requests of clients (gevent's pywsgi calls it too). It feeds the
head to the email package's feed parser, which costs about 8 µs a header line (50 µs for six, over 100 µs for a
provider's typical twenty); bench/ profiles put it at 8 % of a worker's CPU for upstream responses and 5 % for
incoming requests.

`parse_headers` here reads the head with http.client's own reader (same line and count limits, same errors) and
builds the same message object the email parser builds for a well-formed head: `(name, value)` pairs with the value
left-trimmed of spaces and tabs and stripped of the line end, as the email package's compat32 policy stores them. A
head it does not fully recognise (folded continuation lines, a line without a name and colon, a name with anything but
the printable ASCII the email parser takes for one, a CR inside a line, a head cut off before its blank line) goes
to the standard parser unchanged, so the result is always the standard library's.
"""

from __future__ import annotations

import email.parser
import http.client
import re

_standard_parse_headers = http.client.parse_headers
_read_headers = getattr(http.client, "_read_headers", None)
#: what the email feed parser takes as a header name: printable ASCII other than ":" and space (its headerRE)
_NAME = re.compile(r"[\041-\071\073-\176]+")


def _standard(lines: list[bytes], _class):
    """Give what http.client.parse_headers gives for these lines (its own code after reading them)."""
    return email.parser.Parser(_class=_class).parsestr(b"".join(lines).decode("iso-8859-1"))


def parse_headers(fp, _class=http.client.HTTPMessage):
    """Give the head's headers as `_class` (an http.client.HTTPMessage), equal to the standard library's result."""
    lines = _read_headers(fp)
    if not lines or lines[-1] not in (b"\r\n", b"\n"):
        return _standard(lines, _class)
    pairs = []
    for raw in lines[:-1]:
        line = raw.decode("iso-8859-1")
        line = line[:-2] if line.endswith("\r\n") else line[:-1]  # _read_headers: every line ends in "\n"
        name, colon, value = line.partition(":")
        if not colon or "\r" in value or not _NAME.fullmatch(name):
            return _standard(lines, _class)
        pairs.append((name, value.lstrip(" \t")))
    message = _class()
    message._headers = pairs
    message._payload = ""
    return message


def install() -> bool:
    """Use the fast path for every later http.client head in this process; False when this Python lacks the reader."""
    if _read_headers is None:
        return False
    http.client.parse_headers = parse_headers
    return True
