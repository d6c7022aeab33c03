"""The `model-prism` command: serve, create-admin, seed-demo, routing-eval, conformance."""

from __future__ import annotations

import argparse
import os
import secrets as pysecrets
import shutil
import sys
import tempfile

from .config import Config, ConfigError


def _config() -> Config:
    try:
        return Config.from_env()
    except ConfigError as exc:
        raise SystemExit(f"configuration error: {exc}") from None


def cmd_serve(args: argparse.Namespace) -> int:
    """Run gunicorn with gevent workers (the embedded store forces one worker)."""
    config = _config()
    workers = args.workers or config.gunicorn_workers
    if config.embedded_store and workers != 1:
        print("embedded store: using 1 worker (its data lives in one process)", file=sys.stderr)
        workers = 1
    port = args.port or config.port
    prom_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(prefix="omp-prom-")
    shutil.rmtree(prom_dir, ignore_errors=True)
    os.makedirs(prom_dir, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = prom_dir
    argv = [
        "gunicorn",
        "-c", "python:model_prism.gunicorn_hooks",
        "--bind", f"{args.host}:{port}",
        "--workers", str(workers),
        "--worker-connections", str(config.gunicorn_worker_connections),
        "--timeout", str(config.gunicorn_timeout),
        "--keep-alive", str(config.gunicorn_keepalive),
        "model_prism.wsgi:app",
    ]  # fmt: skip
    if args.reload:
        argv.append("--reload")
    os.execvp(sys.executable, [sys.executable, "-m", *argv])
    return 0  # not reached


def _app_context():
    from .app import create_app
    from .store import StoreInUse

    try:
        app = create_app(_config(), start_background=False)
    except StoreInUse as exc:
        raise SystemExit(f"error: {exc}") from None
    return app, app.extensions["model_prism"]


def cmd_create_admin(args: argparse.Namespace) -> int:
    from .errors import ValidationFailed
    from .services import users

    app, state = _app_context()
    try:
        users.create_user(username=args.username, password=args.password, role="admin")
    except ValidationFailed as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    _persist(state)
    print(f"admin '{args.username.lower()}' created")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Seed an empty store with an admin, the demo provider and the default tenant; print credentials once."""
    from .demo_seed import seed_demo

    app, state = _app_context()
    result = seed_demo(state.config, state.gateway.transport)
    _persist(state)
    if result is None:
        print("store already has users: nothing seeded")
        return 0
    print("Model Prism demo seeded (shown once, keep them):")
    print(f"  admin login : {result['username']} / {result['password']}")
    print(
        f"  tenant key  : {result['api_key']}   (tenant 'api', endpoint http://localhost:{state.config.port}/api/v1)"
    )
    return 0


def _persist(state) -> None:
    """Write the embedded store's snapshot and hand the data directory back (a server may start next)."""
    if state.embedded is not None:
        state.embedded.save()
        state.embedded.release()


def cmd_rotate_key(args: argparse.Namespace) -> int:
    """Re-seal every stored secret under a new ENCRYPTION_KEY (then restart with the new key)."""
    from .auth.secrets import SecretBox
    from .providers.secrets_rotation import RotationFailed
    from .services.key_rotation import rotate

    if len(args.new) != 32:
        print("error: the new key must be exactly 32 characters (openssl rand -hex 16)", file=sys.stderr)
        return 2
    app, state = _app_context()
    try:
        report = rotate(SecretBox(args.old), SecretBox(args.new), dry_run=args.dry_run)
    except RotationFailed as exc:
        print(f"error: {exc.message}; nothing was changed", file=sys.stderr)
        return 2
    _persist(state)
    if args.dry_run:
        print("the old key opens every stored secret; run again without --dry-run to re-seal")
    else:
        print(f"re-sealed: {report}. Now set ENCRYPTION_KEY to the new key and restart every process.")
    return 0


def cmd_routing_eval(args: argparse.Namespace) -> int:
    from .routing import evaluation

    return evaluation.main(args.rest)


def cmd_conformance(args: argparse.Namespace) -> int:
    from .providers import conformance

    return conformance.main(args.rest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="model-prism", description="Model Prism LLM gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the gateway and admin UI under gunicorn (gevent workers)")
    serve.add_argument("--port", type=int, default=0)
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--workers", type=int, default=0)
    serve.add_argument(
        "--reload", action="store_true", help="restart workers when code changes (development)"
    )
    serve.set_defaults(func=cmd_serve)
    admin = sub.add_parser("create-admin", help="create an admin user")
    admin.add_argument("username")
    admin.add_argument("password")
    admin.set_defaults(func=cmd_create_admin)
    seed = sub.add_parser(
        "seed-demo", help="seed admin, demo provider and default tenant into an empty store"
    )
    seed.set_defaults(func=cmd_seed_demo)
    rotate = sub.add_parser(
        "rotate-encryption-key", help="re-seal all stored secrets under a new ENCRYPTION_KEY"
    )
    rotate.add_argument("--old", required=True, help="the current ENCRYPTION_KEY")
    rotate.add_argument("--new", required=True, help="the new 32-character key")
    rotate.add_argument("--dry-run", action="store_true", help="only check that the old key opens everything")
    rotate.set_defaults(func=cmd_rotate_key)
    for name, func, text in (
        ("routing-eval", cmd_routing_eval, "evaluate routing on a labelled JSONL file"),
        ("conformance", cmd_conformance, "print the adapter × case conformance matrix"),
    ):
        p = sub.add_parser(name, help=text, add_help=False)
        p.add_argument("rest", nargs=argparse.REMAINDER)
        p.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


def generated_password() -> str:
    return pysecrets.token_urlsafe(12)


if __name__ == "__main__":
    sys.exit(main())
