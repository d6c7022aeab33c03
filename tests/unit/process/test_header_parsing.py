"""The header-parsing fast path gives exactly what http.client's own parser gives, for any head."""

from __future__ import annotations

import http.client
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model_prism.process import header_parsing
from model_prism.process.header_parsing import parse_headers

standard = header_parsing._standard_parse_headers


def _state(message) -> dict:
    state = dict(vars(message))
    state["defects"] = [type(d).__name__ for d in state["defects"]]
    return {"type": type(message), **state}


def _same(head: bytes, _class=http.client.HTTPMessage) -> http.client.HTTPMessage:
    fast = parse_headers(io.BytesIO(head), _class)
    assert _state(fast) == _state(standard(io.BytesIO(head), _class))
    return fast


@pytest.mark.parametrize(
    "head",
    [
        b"Content-Type: application/json\r\nContent-Length: 12\r\nX-Empty:\r\nX-Space: \t v a l \r\n\r\n",
        b"a:b\nc: d\n\n",  # bare LF line ends
        b"X-Dup: 1\r\nx-dup: 2\r\n\r\n",
        b"X-Latin: \xe9t\xe9 \xff\r\n\r\n",
        b"X-Fold: a\r\n  b\r\nNext: c\r\n\r\n",  # folded: the standard parser decides
        b"no colon here\r\nX: y\r\n\r\n",
        b": no name\r\nX: y\r\n\r\n",
        b"From someone\r\nX: y\r\n\r\n",
        b"Bad Name: y\r\nX: z\r\n\r\n",
        b"X: a\rb\r\n\r\n",  # a bare CR inside a line
        b"_:\r\r\n\n",  # a CR before the line end: the standard parser ends the head there
        b"X: a\x85b\x0bc\x0cd\x1ce\r\n\r\n",
        b"X: y\r\n",  # cut off before the blank line
        b"\r\n",
        b"",
    ],
)
def test_known_heads_parse_exactly_as_the_standard_library(head):
    _same(head)


def test_the_message_works_like_the_standard_one():
    message = _same(b"Content-Type: text/plain; charset=utf-8\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n")
    assert message.get_content_charset() == "utf-8" and message["content-type"].startswith("text/plain")
    assert message.get_all("set-cookie") == ["a=1", "b=2"] and "SET-COOKIE" in message
    assert message.as_string() == standard(io.BytesIO(b"Content-Type: text/plain; charset=utf-8\r\n"
                                                      b"Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n")).as_string()  # fmt: skip


def test_limits_and_errors_are_the_standard_ones():
    with pytest.raises(http.client.LineTooLong):
        parse_headers(io.BytesIO(b"X: " + b"a" * 70_000 + b"\r\n\r\n"))
    with pytest.raises(http.client.HTTPException, match="got more than 100 headers"):
        parse_headers(io.BytesIO(b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n"))


def test_a_subclass_such_as_gevents_request_headers_is_kept():
    class Old(http.client.HTTPMessage):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.status = ""

    message = _same(b"Host: x\r\nContent-Length: 3\r\n\r\n", Old)
    assert isinstance(message, Old) and message.status == "" and message.get("content-length") == "3"


def test_install_routes_http_client_through_the_fast_path(monkeypatch):
    monkeypatch.setattr(http.client, "parse_headers", standard)
    assert header_parsing.install() is True
    assert http.client.parse_headers is parse_headers


_LINE_BYTES = st.sampled_from([b"a", b"Z", b"-", b"_", b"0", b":", b" ", b"\t", b"\r", b"\n", b"\r\n", b"(",
                               b"\xe9", b"\x85", b"\x0b", b"\x0c", b"\x1c", b"\x7f", b"\x00", b"From "])  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(
    st.lists(st.lists(_LINE_BYTES, max_size=12).map(b"".join), max_size=6), st.sampled_from([b"\r\n", b"\n"])
)
def test_any_head_parses_exactly_as_the_standard_library(parts, end):
    head = b"".join(p + b"\r\n" for p in parts) + end
    _same(head)
