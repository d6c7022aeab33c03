"""Provider adapters (one per wire family) and the transport that does their HTTP."""

from .base import ProviderAdapter, ProviderConfig, adapter_for, register_adapter

__all__ = ["ProviderAdapter", "ProviderConfig", "adapter_for", "register_adapter"]
