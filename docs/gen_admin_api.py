"""Writes docs/admin-api-reference.md from the admin API's OpenAPI document (the running code is the source).

    python docs/gen_admin_api.py            # rewrite docs/admin-api-reference.md
    python docs/gen_admin_api.py --check    # exit 1 when the committed file differs from the code

The app is built on a throwaway embedded store with NODE_ROLE=control; nothing is written anywhere else.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "admin-api-reference.md"
METHODS = ("get", "post", "put", "patch", "delete")
HEADER = """# Admin API reference

Generated from the OpenAPI document the control plane serves at `/api/prism/docs/openapi.json`
(Swagger UI at `/api/prism/docs/`) by `python docs/gen_admin_api.py`; do not edit by hand.
Every operation needs `Authorization: Bearer <access token>` from `POST /api/prism/auth/login` unless it is marked
public; the role the token's user needs is enforced per operation. Errors are `{"error": "<message>"}` with an
optional `details` object.
"""


def openapi_spec() -> dict:
    """Give the OpenAPI document of a control-plane app built on a throwaway embedded store."""
    from model_prism.app import create_app
    from model_prism.config import Config

    with tempfile.TemporaryDirectory() as data_dir:
        config = Config.from_env(
            {
                "JWT_SECRET": "docs-generator-jwt-secret-0123456789abcdef",
                "ENCRYPTION_KEY": "0123456789abcdef0123456789abcdef",
                "MONGODB_URI": "mongomock://localhost/omp-docs",
                "NODE_ROLE": "control",
                "LOG_LEVEL": "error",
                "DATA_DIR": data_dir,
            }
        )
        app = create_app(config, start_background=False)
        return app.test_client().get("/api/prism/docs/openapi.json").get_json()


def render(spec: dict) -> str:
    """Give the Markdown reference: one table per tag, one row per operation, in the document's order."""
    rows: dict[str, list[str]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            tag = (op.get("tags") or ["other"])[0]
            access = "public" if op.get("security") == [] else "JWT"
            summary = (op.get("summary") or "").replace("|", "\\|")
            rows.setdefault(tag, []).append(f"| `{method.upper()}` | `{path}` | {access} | {summary} |")
    descriptions = {t["name"]: t.get("description", "") for t in spec.get("tags", [])}
    parts = [HEADER, f"API version {spec.get('info', {}).get('version', '?')}.\n"]
    for tag, lines in rows.items():
        title = f"## {tag}" + (f" — {descriptions[tag]}" if descriptions.get(tag) else "")
        parts.append(
            "\n".join([title, "", "| method | path | access | summary |", "|---|---|---|---|", *lines, ""])
        )
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = render(openapi_spec())
    if "--check" in argv:
        current = OUT.read_text() if OUT.exists() else ""
        if current != text:
            print(f"{OUT.name} is out of date: run python docs/gen_admin_api.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
