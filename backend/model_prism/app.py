"""create_app(config): config → logging → store → extensions → errors → blueprints → SPA."""

from __future__ import annotations

import logging
import threading
import time
import uuid

from flask import Flask, Response, g, request
from flask_cors import CORS
from flask_jwt_extended import JWTManager
from flask_smorest import Api
from werkzeug.middleware.proxy_fix import ProxyFix

from . import __version__, metrics, store
from .admin import register_admin
from .analytics.sink import AnalyticsSink
from .analytics.writer import write_batch
from .auth import secrets
from .config import Config
from .gateway.classifier_port import AdapterClassifier
from .gateway.experiments import record_events as record_experiment_events
from .gateway.fastpath import GatewayFastPath
from .gateway.pipeline import build_stages
from .gateway.routing_env import RoutingEnvironments
from .gateway.runtime import Gateway
from .gateway.sessions import SessionMemory
from .gateway.surfaces import register as register_surfaces
from .gateway.views import bp as gateway_bp
from .http_errors import is_gateway_path, register_error_handlers, render_admin_error
from .limits.service import mongo_limits
from .logs import configure_logging, request_id_var
from .models import RequestLog, ensure_all_indexes
from .process import jobs
from .process.counters import TrafficCounters
from .process.heartbeat import INTERVAL_SECONDS as HEARTBEAT_SECONDS
from .process.heartbeat import Heartbeat
from .process.notify import WebhookNotifier, provider_down_webhook
from .process.watcher import ConfigWatcher
from .providers import url_safety
from .providers.transport import Transport
from .services import experiments as experiments_service
from .services import log_config, retention
from .services import quotas as quotas_service
from .services import setup as setup_service
from .snapshot import propagation
from .snapshot.build import build_snapshot
from .snapshot.holder import SnapshotHolder
from .spa import register_spa
from .state import PrismState

log = logging.getLogger("model_prism")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "no-referrer",
    "X-DNS-Prefetch-Control": "off",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = ("Strict-Transport-Security", "max-age=15552000; includeSubDomains")  # HTTPS requests only
QUIET_PATHS = ("/health", "/metrics")


def create_app(config: Config | None = None, *, start_background: bool = True) -> Flask:
    """Build the WSGI app for the configured role; background work starts unless told not to (tests)."""
    config = config or Config.from_env()
    configure_logging(config.log_level, config.production)
    app = Flask("model_prism", static_folder=None)
    app.url_map.strict_slashes = (
        False  # `/admin/providers` and `/admin/providers/` both answer (no 308 round trip)
    )
    app.config.update(
        MAX_CONTENT_LENGTH=config.max_body_mb * 1024 * 1024,
        JWT_SECRET_KEY=config.jwt_secret.reveal(),
        JWT_ACCESS_TOKEN_EXPIRES=24 * 3600,
        API_TITLE="Model Prism admin API",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/prism/docs",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
        JSON_SORT_KEYS=False,
    )
    secrets.install(secrets.SecretBox(config.encryption_key.reveal()))
    url_safety.configure(config.allow_private_provider_urls)
    state = _wire_state(config)
    app.extensions["model_prism"] = state
    register_surfaces(state)  # Anthropic Messages, FIM, public models, tenant health, IDE config generators
    jwt = JWTManager(app)
    CORS(
        app,
        origins=list(config.cors_origins),
        supports_credentials=True,
        expose_headers=["x-request-id", "x-session-id"],
    )
    _register_hooks(app, state)
    _register_global_routes(app, state)
    wsgi = app.wsgi_app
    if config.serves_gateway:
        app.register_blueprint(gateway_bp)
        wsgi = GatewayFastPath(
            wsgi,
            state.gateway,
            max_body=app.config["MAX_CONTENT_LENGTH"],
            security_headers=SECURITY_HEADERS,
            hsts=HSTS,
        )
    app.wsgi_app = ProxyFix(wsgi, x_for=config.trusted_proxy_hops, x_proto=config.trusted_proxy_hops)
    if not config.serves_control:
        _register_worker_fallback(app)
    if config.serves_control:
        api = Api(app, spec_kwargs={"info": {"description": "Control plane of Model Prism"}})
        register_admin(api)
        register_spa(app, config.frontend_dist)
    register_error_handlers(app, jwt)  # after Api(), which installs its own HTTPException handler
    if start_background:
        start_background_work(state)
    return app


def _wire_state(config: Config) -> PrismState:
    store.connect(config.mongodb_uri)
    embedded = None
    if config.embedded_store:
        log.warning("embedded store (mongomock): data lives in this one process and is not shared across processes; "
                    "snapshots go to %s", config.data_dir)  # fmt: skip
        embedded = store.EmbeddedSnapshot(config.data_dir)
        embedded.acquire()  # one process at a time: a restarted worker waits for the old one's last snapshot
        loaded = embedded.load()
        store.trim_embedded(RequestLog._get_collection_name(), config.embedded_max_request_logs)
        if loaded:
            log.info("embedded store: loaded %d documents from %s", loaded, embedded.path)
    ensure_all_indexes()
    box = secrets.current_box()
    holder = SnapshotHolder(lambda version: build_snapshot(box, version), propagation.read_version)
    propagation.reset_listeners()
    propagation.on_change(lambda area: holder.invalidate())
    limits = mongo_limits(
        notifier=WebhookNotifier(),
        single_process=config.embedded_store,
        ip_limit=config.gateway_ip_limit or 10**9,  # 0 = off
    )
    limits.ledger.refresh()  # budgets fail closed until spend is known: load it before serving
    limits.quotas.refresh()

    keep_logs = config.embedded_max_request_logs if config.embedded_store else 0

    def write_and_confirm(batch):
        write_batch(batch)
        limits.written(batch)
        record_experiment_events(batch)
        store.trim_embedded(RequestLog._get_collection_name(), keep_logs)

    sink = AnalyticsSink(
        write_and_confirm,
        flush_seconds=config.analytics_flush_seconds,
        on_drop=metrics.Metrics.dropped,
        # the embedded store's writes are CPU in the worker: small batches with a loop turn between them
        **({"batch_size": 50, "pause_seconds": store.LOOP_TURN_SECONDS} if config.embedded_store else {}),
    )
    gateway = Gateway(
        holder, Transport(pool_maxsize=max(64, config.gunicorn_worker_connections)), sink, metrics.Metrics()
    )
    environments = RoutingEnvironments(
        llm_classifier=AdapterClassifier(holder, gateway.adapter), local_classifier=local_classifier()
    )
    gateway.environments = environments
    gateway.breaker.on_open(provider_down_webhook(holder))
    sessions = SessionMemory()
    gateway.after_success.append(sessions.after_success)
    gateway.stages = build_stages(
        environments=environments,
        limits=limits,
        sessions=sessions,
        learned_windows=gateway.dispatcher.learned,
    )
    gateway.limits = limits
    counters = TrafficCounters()
    gateway.counters = counters
    return PrismState(
        config=config,
        holder=holder,
        sink=sink,
        gateway=gateway,
        embedded=embedded,
        counters=counters,
        heartbeat=Heartbeat(config.node_role, counters),
        limits=limits,
    )


_LOCAL_CLASSIFIER = []


def local_classifier():
    """Give this process's local classifier (lexical cues + WordLlama example embeddings when the package loads);
    built once: the model loads in about half a second and its example index follows category edits by itself."""
    if not _LOCAL_CLASSIFIER:
        from .routing.eval_env import build_local_classifier

        _LOCAL_CLASSIFIER.append(build_local_classifier("auto"))
    return _LOCAL_CLASSIFIER[0]


def _register_hooks(app: Flask, state: PrismState) -> None:
    setup_done = {"value": False}  # only the positive answer is cached: setup never becomes incomplete again

    @app.before_request
    def _begin():
        rid = (request.headers.get("x-request-id") or "")[:64] or uuid.uuid4().hex
        g.request_id, g.t0 = rid, time.perf_counter()
        request_id_var.set(rid)
        if request.path.startswith("/api/prism/admin/") and request.method != "OPTIONS":
            if not setup_done["value"]:
                setup_done["value"] = setup_service.is_complete()
            if not setup_done["value"]:
                return render_admin_error("Setup not completed", 503, extra={"setupRequired": True})
        return None

    @app.after_request
    def _finish(response: Response):
        response.headers.setdefault("x-request-id", getattr(g, "request_id", "-"))
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        if request.is_secure:
            response.headers.setdefault(*HSTS)
        if request.path not in QUIET_PATHS and not is_gateway_path(request.path):
            ms = (time.perf_counter() - getattr(g, "t0", time.perf_counter())) * 1000
            log.info("%s %s %s %.1fms", request.method, request.path, response.status_code, ms)
        elif log.isEnabledFor(logging.DEBUG):
            log.debug("%s %s %s", request.method, request.path, response.status_code)
        return response


def _register_worker_fallback(app: Flask) -> None:
    """Worker pods serve only the gateway: other paths say where the admin UI lives."""

    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def not_on_worker(path: str):
        if path.startswith("api/"):
            return render_admin_error("Not found", 404)
        return Response(
            "Not available on worker pods. Access the control plane for the admin UI.",
            404,
            mimetype="text/plain",
        )


def _register_global_routes(app: Flask, state: PrismState) -> None:
    @app.get("/health")
    def health():
        ok = store.ping()
        body = {
            "status": "ok" if ok else "db_not_ready",
            "role": state.config.node_role,
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        return body, 200 if ok else 503

    @app.get("/metrics")
    def prometheus():
        metrics.ANALYTICS_PENDING.set(state.sink.pending())
        text, content_type = metrics.exposition()
        return Response(text, 200, content_type=content_type)


def start_background_work(state: PrismState) -> None:
    """Start the analytics writer, the config watcher, the heartbeat and the embedded-store snapshotter."""
    if state.started:
        return
    state.started = True
    state.sink.start()
    state.limits.start()
    stop = threading.Event()
    state.background.append(stop)
    state.watcher = ConfigWatcher(state.holder, state.config.config_poll_seconds, stop)
    state.watcher.on_change.append(
        log_config.apply_stored_level
    )  # a log level set elsewhere applies here too
    _loop("config-watcher", state.watcher.run)
    _every("heartbeat", HEARTBEAT_SECONDS, state.heartbeat.beat, stop, first=True)
    if state.config.serves_control:
        owner = state.heartbeat.pod_id
        for job, seconds, fn in SINGLETON_JOBS:
            _every(job, seconds, _singleton(job, owner, seconds, fn), stop)
    if state.embedded is not None:
        _loop("store-snapshot", lambda: _snapshot_loop(state.embedded, stop))


SINGLETON_JOBS = (
    ("quota-reset", 300.0, lambda: (quotas_service.reset_due(), experiments_service.complete_due())),
    ("prompt-retention", 3600.0, lambda: retention.prompt_retention()),
)


def _singleton(job: str, owner: str, seconds: float, fn):
    """Wrap a control-plane job so it runs once per cluster per interval (lock in `joblocks`)."""

    def run():
        if jobs.acquire(job, owner, seconds * 0.9):
            fn()

    return run


def _snapshot_loop(embedded, stop: threading.Event) -> None:
    """Persist the embedded store every 5 s, backing off so serialising it never takes over 2 % of the time
    (the worker serves requests on the same core; shutdown always writes a last snapshot)."""
    pause = 5.0
    while not stop.wait(pause):
        started = time.monotonic()
        _safely("store-snapshot", embedded.save)
        pause = max(5.0, 50 * (time.monotonic() - started))


def _loop(name: str, fn) -> None:
    threading.Thread(target=fn, name=name, daemon=True).start()


def _every(name: str, seconds: float, fn, stop: threading.Event, first: bool = False) -> None:
    def run():
        if first:
            _safely(name, fn)
        while not stop.wait(seconds):
            _safely(name, fn)

    _loop(name, run)


def _safely(name: str, fn) -> None:
    try:
        fn()
    except Exception:  # noqa: BLE001 - background work logs and tries again next time
        log.exception("%s failed", name)


def shutdown(state: PrismState) -> None:
    """Graceful stop: drain analytics, then write the embedded store one last time."""
    for stop in state.background:
        stop.set()
    state.sink.stop()
    if state.limits is not None:
        state.limits.stop()
    if state.embedded is not None:
        state.embedded.save()
        state.embedded.release()
