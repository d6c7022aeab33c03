"""The data plane: views, request parsing, pipeline, dispatch, streaming and enrichment."""
