"""The attribution headers OpenRouter expects from Model Prism (checked by the fake)."""

from model_prism.providers.openrouter import DEFAULT_REFERER, DEFAULT_TITLE

OPENROUTER_HEADERS = {"HTTP-Referer": DEFAULT_REFERER, "X-Title": DEFAULT_TITLE}
