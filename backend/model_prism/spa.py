"""Serves the built SPA from frontend/dist with the index.html fallback; never shadows /api or /v1."""

from __future__ import annotations

import os

from flask import Flask, Response, abort, request, send_from_directory

NOT_BUILT = """<!doctype html><html><head><title>Model Prism</title></head><body style="font-family:sans-serif">
<h1>Model Prism</h1><p>The admin UI has not been built yet. Run <code>just dev</code> (or
<code>npm ci &amp;&amp; npm run build</code> in <code>frontend/</code>). The gateway API is up.</p></body></html>"""


def default_dist() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.abspath(os.path.join(here, "..", "..", "frontend", "dist"))


def register_spa(app: Flask, dist: str) -> None:
    dist = dist or default_dist()

    methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]

    @app.route("/", defaults={"path": ""}, methods=methods)
    @app.route("/<path:path>", methods=methods)
    def spa(path: str) -> Response:
        if path.startswith(("api/", "v1/")) or path in ("api", "v1"):
            abort(404)
        if request.method not in ("GET", "HEAD"):
            abort(405)
        if path and os.path.isfile(os.path.join(dist, path)):
            response = send_from_directory(dist, path)
            if path.startswith("assets/"):
                response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            return response
        if os.path.isfile(os.path.join(dist, "index.html")):
            response = send_from_directory(dist, "index.html")
            response.headers["Cache-Control"] = "no-cache"
            return response
        return Response(NOT_BUILT, 200, mimetype="text/html")
