"""Model Prism: a multi-tenant, OpenAI-compatible LLM gateway."""

__version__ = "0.1.0"
