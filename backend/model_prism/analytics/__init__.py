"""Usage events, the batching sink, daily rollups and savings."""
