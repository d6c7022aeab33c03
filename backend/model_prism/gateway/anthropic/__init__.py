"""Anthropic Messages API compatibility (Claude Code): inbound translation, response and SSE encoding, views."""
