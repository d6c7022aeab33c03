"""gunicorn settings for Model Prism: gevent workers serving through gevent's pywsgi (gunicorn_worker.py), no preload,
analytics drained when a worker exits."""

from __future__ import annotations

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '3000')}"
worker_class = "model_prism.gunicorn_worker.Worker"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 15
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
preload_app = False
accesslog = None
errorlog = "-"
loglevel = "warning"


def worker_exit(server, worker):
    """Drain the analytics queue and persist the embedded store before the worker goes away."""
    import sys

    wsgi = sys.modules.get("model_prism.wsgi")
    app = getattr(wsgi, "app", None)
    if app is not None:
        from model_prism.app import shutdown

        shutdown(app.extensions["model_prism"])


def child_exit(server, worker):
    multiproc = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if multiproc:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
