"""A throwaway slapd (mdb backend, memberOf overlay) on a loopback port, seeded with users and groups."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SLAPADD = shutil.which("slapadd") or "/usr/sbin/slapadd"
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")
BASE = "dc=prism,dc=test"
SERVICE_DN = f"cn=service,{BASE}"
SERVICE_PASSWORD = "ldap-bind-secret-3141"
ADMINS_GROUP = f"cn=prism-admins,ou=groups,{BASE}"
FINOPS_GROUP = f"cn=prism-finops,ou=groups,{BASE}"
USERS = {  # uid → (password, groups)
    "alice": ("alice-pass-1", [ADMINS_GROUP]),
    "bob": ("bob-pass-22", [FINOPS_GROUP]),
    "carol": ("carol-pass-3", []),
}


def missing_reason() -> str | None:
    """Give why slapd cannot run here, or None when it can."""
    for path in (Path(SLAPD), Path(SLAPADD), MODULE_DIR / "back_mdb.so", SCHEMA_DIR / "core.schema"):
        if not path.exists():
            return f"{path} not installed (Debian packages slapd and ldap-utils)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _conf(root: Path) -> str:
    schemas = "\n".join(f"include {SCHEMA_DIR / n}.schema" for n in ("core", "cosine", "inetorgperson"))
    return f"""{schemas}
modulepath {MODULE_DIR}
moduleload back_mdb
moduleload memberof
pidfile {root}/slapd.pid
database mdb
maxsize 10485760
suffix "{BASE}"
rootdn "cn=root,{BASE}"
rootpw root-secret
directory {root}/db
overlay memberof
access to attrs=userPassword by self auth by anonymous auth by * none
access to * by * read
"""


def _ldif() -> str:
    entries = [
        f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\no: prism\ndc: prism",
        f"dn: ou=people,{BASE}\nobjectClass: organizationalUnit\nou: people",
        f"dn: ou=groups,{BASE}\nobjectClass: organizationalUnit\nou: groups",
        f"dn: {SERVICE_DN}\nobjectClass: person\nobjectClass: simpleSecurityObject\ncn: service\nsn: service\n"
        f"userPassword: {SERVICE_PASSWORD}",
    ]
    for uid, (password, groups) in USERS.items():
        member_of = "".join(f"\nmemberOf: {g}" for g in groups)
        entries.append(
            f"dn: uid={uid},ou=people,{BASE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\nsn: {uid}\n"
            f"mail: {uid}@prism.test\nuserPassword: {password}{member_of}"
        )
    for group in (ADMINS_GROUP, FINOPS_GROUP):
        members = [f"uid={u},ou=people,{BASE}" for u, (_, gs) in USERS.items() if group in gs]
        cn = group.split(",")[0][3:]
        entries.append(
            f"dn: {group}\nobjectClass: groupOfNames\ncn: {cn}\n" + "\n".join(f"member: {m}" for m in members)
        )
    return "\n\n".join(entries) + "\n"


class Slapd:
    """Context manager: start slapd on a free port, give its URL, stop and delete everything on exit."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="omp-slapd-"))
        self.port = _free_port()
        self.url = f"ldap://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Slapd:
        (self.root / "db").mkdir()
        conf = self.root / "slapd.conf"
        conf.write_text(_conf(self.root))
        (self.root / "seed.ldif").write_text(_ldif())
        subprocess.run([SLAPADD, "-f", str(conf), "-l", str(self.root / "seed.ldif")], check=True,
                       capture_output=True, timeout=30)  # fmt: skip
        self.proc = subprocess.Popen([SLAPD, "-f", str(conf), "-h", self.url, "-d", "0"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("slapd exited: " + self.proc.stderr.read().decode()[-2000:]) from None
                time.sleep(0.05)
        raise RuntimeError("slapd did not start listening within 10 s")

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
            self.proc.stderr.close()
        shutil.rmtree(self.root, ignore_errors=True)
