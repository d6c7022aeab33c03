"""Tenant keys, admin JWT, RBAC, LDAP and AES-GCM secrets."""
