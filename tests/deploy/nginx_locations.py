"""A small model of nginx's location selection, enough to check the scaled proxy's routing table offline."""

from __future__ import annotations

import re
from dataclasses import dataclass

LOCATION = re.compile(r"^\s*location\s+(=|\^~|~\*?)?\s*(\S+)\s*\{", re.M)


@dataclass(frozen=True)
class Location:
    modifier: str  # "", "=", "^~", "~" or "~*"
    pattern: str
    body: str


def parse_locations(conf: str) -> list[Location]:
    """Give the location blocks of a config in file order, each with its body up to the matching brace."""
    found = []
    for match in LOCATION.finditer(conf):
        depth, i = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(conf[i], 0)
            i += 1
        found.append(Location(match.group(1) or "", match.group(2), conf[match.end() : i - 1]))
    return found


def select(locations: list[Location], uri: str) -> Location | None:
    """Give the location nginx uses for a URI: exact, then longest prefix (^~ stops), then first regex."""
    for loc in locations:
        if loc.modifier == "=" and loc.pattern == uri:
            return loc
    prefixes = [loc for loc in locations if loc.modifier in ("", "^~") and uri.startswith(loc.pattern)]
    longest = max(prefixes, key=lambda loc: len(loc.pattern), default=None)
    if longest is not None and longest.modifier == "^~":
        return longest
    for loc in locations:
        flags = re.I if loc.modifier == "~*" else 0
        if loc.modifier in ("~", "~*") and re.search(loc.pattern, uri, flags):
            return loc
    return longest
