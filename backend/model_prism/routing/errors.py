"""Routing's typed errors (no web framework imports: the gateway maps them)."""


class RoutingUnavailable(Exception):
    """No usable pre-routing result and no classifier: the gateway falls back (gateway.md §7)."""
