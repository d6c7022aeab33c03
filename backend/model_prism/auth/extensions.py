"""Auth hooks for the Flask app: token revocation and user checks, per-IP admin rate limits."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, request
from flask_jwt_extended import JWTManager

from . import throttle, user_state
from .revocation import REVOKED, RevokedToken

REFRESH_TOKEN_DAYS = 7


def register_auth_extensions(app: Flask, jwt: JWTManager) -> None:
    """Install the blocklist loader (revoked jti, deleted/deactivated users) and the per-IP limits."""
    if app.extensions.get("model_prism_auth"):
        return
    app.extensions["model_prism_auth"] = True
    app.config["JWT_REFRESH_TOKEN_EXPIRES"] = timedelta(days=REFRESH_TOKEN_DAYS)  # read at token creation
    RevokedToken.ensure_indexes()

    @jwt.token_in_blocklist_loader
    def _blocked(header: dict, payload: dict) -> bool:
        return REVOKED.is_revoked(payload.get("jti", "")) or not user_state.is_active(str(payload.get("sub")))

    @app.before_request
    def _admin_rate_limit():
        path = request.path
        if request.method == "OPTIONS" or not path.startswith("/api/prism/"):
            return None
        ip = request.remote_addr or "-"
        if path == "/api/prism/auth/login" and request.method == "POST":
            # [DD] the strict 20/min applies to credential attempts; /auth/me and /auth/refresh (every SPA page
            # load) fall under the general admin limit, so reloading never logs a user out
            throttle.enforce(throttle.AUTH_PER_IP, ip, throttle.AUTH_MESSAGE)
        elif not path.startswith("/api/prism/docs"):
            throttle.enforce(throttle.ADMIN_PER_IP, ip, throttle.ADMIN_MESSAGE)
        return None
