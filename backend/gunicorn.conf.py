"""gunicorn configuration file (`gunicorn -c backend/gunicorn.conf.py model_prism.wsgi:app`)."""

from model_prism.gunicorn_hooks import *  # noqa: F401,F403
