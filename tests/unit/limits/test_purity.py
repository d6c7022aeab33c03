"""The limit stages and their arithmetic import no web framework, database driver or event loop."""

import subprocess
import sys

PURE = (
    "model_prism.limits.stages",
    "model_prism.limits.window",
    "model_prism.limits.ledger",
    "model_prism.limits.quotas",
    "model_prism.limits.tenant_rate",
    "model_prism.limits.ip_limit",
)
FORBIDDEN = ("flask", "mongoengine", "pymongo", "requests", "gevent")


def test_stage_modules_import_no_io_libraries():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in PURE)
        + f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
