"""Addresses typed with their characters as they are (`GET /?q=双万` sent raw, as curl, scripts
and some clients do): waitress parses the request line with urlsplit, which refuses any byte
over 0x7F, so the request died as "400 Bad URI" before the app saw it. Here the server's parser
percent-encodes those bytes first (双 -> %E5%8F%8C), and the request is then the one a browser
sends for the same address. Bytes that are not UTF-8 arrive as their escapes and are decoded as
any other bad escape is (U+FFFD), never a traceback.
"""
from __future__ import annotations

import re

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser

_NON_ASCII = re.compile(rb"[\x80-\xff]")


def percent_encoded(request_line: bytes) -> bytes:
    """The request line with each byte over 0x7F written as %XX (ASCII is left as sent)."""
    return _NON_ASCII.sub(lambda m: b"%%%02X" % m.group()[0], request_line)


class RawUriParser(HTTPRequestParser):
    def parse_header(self, header_plus: bytes):
        end = header_plus.find(b"\r\n")
        if end > 0:
            header_plus = percent_encoded(header_plus[:end]) + header_plus[end:]
        return super().parse_header(header_plus)


class RawUriChannel(HTTPChannel):
    parser_class = RawUriParser


def accept_raw_uris(server, sockets: dict | None = None) -> None:
    """Make a waitress server (and, for a host of two addresses, each server in `sockets`, the
    map create_server was given) parse requests with RawUriParser."""
    for candidate in [server, *(sockets or {}).values()]:
        if getattr(candidate, "channel_class", None) is HTTPChannel:
            candidate.channel_class = RawUriChannel
