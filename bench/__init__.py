"""Performance benchmark harness: fake upstream, bare proxy floor, load generation and the report."""
