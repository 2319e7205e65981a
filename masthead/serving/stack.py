"""The production stack on loopback, for the serving tests and bench/pages.

`Origin` runs gunicorn with the production settings over a database and var folder of its own;
`Front` runs Debian's nginx with the configuration shipped in deploy/nginx, changed only where
a server's paths and ports differ from the shipped defaults.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
NGINX_CONFIG = ROOT / "deploy" / "nginx"
# The shipped configuration's defaults, as deploy/README.md installs it.
SHIPPED_VAR = "/srv/masthead/var"
SHIPPED_CONFIG = "/srv/masthead/deploy/nginx"
SHIPPED_CACHE = "/var/cache/nginx/masthead"
SHIPPED_ORIGIN = "127.0.0.1:8000"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(var_dir, **extra):
    """Production settings over `var_dir`, with plain http on loopback."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings.production",
        "MASTHEAD_VAR_DIR": str(var_dir),
        "SECRET_KEY": "loopback-only-" + "k" * 50,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": ".localhost,127.0.0.1",
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


def fetch(url, host, headers=None, method="GET", timeout=10, data=None):
    """(status, headers, body) of one request; errors and redirects are answers too."""
    request = urllib.request.Request(
        url, headers={"Host": host, **(headers or {})}, method=method, data=data
    )
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_until_up(url, host="127.0.0.1", timeout=60, process=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            fetch(url, host, timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


class Origin:
    """gunicorn serving masthead.wsgi, as the systemd unit in deploy/ starts it."""

    def __init__(self, env, workers=2, extra_args=()):
        self.env = env
        self.workers = workers
        self.extra_args = list(extra_args)
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "masthead.wsgi",
                "--bind",
                self.address,
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
                *self.extra_args,
            ],
            env=self.env,
            cwd=ROOT,
        )
        wait_until_up(f"http://{self.address}/healthz", process=self.process)
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


class Front:
    """nginx with deploy/nginx's files, listening on a loopback port in front of `origin`."""

    def __init__(self, work_dir, origin_address, var_dir, workers=2):
        self.dir = Path(work_dir)
        self.port = free_port()
        # One web node's address, or a list of them: one upstream server line each.
        self.origin_addresses = (
            [origin_address] if isinstance(origin_address, str) else list(origin_address)
        )
        self.var_dir = Path(var_dir)
        self.workers = workers
        self.process = None

    def render(self):
        config = self.dir / "config"
        config.mkdir(parents=True, exist_ok=True)
        cache = self.dir / "cache"
        cache.mkdir(exist_ok=True)
        replacements = {
            SHIPPED_VAR: str(self.var_dir),
            SHIPPED_CONFIG: str(config),
            SHIPPED_CACHE: str(cache),
        }
        for name in (
            "masthead-http.conf",
            "masthead-locations.conf",
            "masthead-proxy-headers.conf",
            "masthead-site.conf",
        ):
            text = (NGINX_CONFIG / name).read_text()
            for shipped, here in replacements.items():
                text = text.replace(shipped, here)
            text = "".join(
                "".join(line.replace(SHIPPED_ORIGIN, address) for address in self.origin_addresses)
                if f"server {SHIPPED_ORIGIN}" in line
                else line
                for line in text.splitlines(keepends=True)
            )
            (config / name).write_text(text)
        # nginx's workers drop root for "nobody": they must reach the files and write the cache,
        # through temporary folders made readable by their owner only.
        for folder in (cache, config, self.dir, *self.dir.parents, self.var_dir):
            if folder == Path(tempfile.gettempdir()) or not folder.exists():
                break
            folder.chmod(folder.stat().st_mode | 0o755)
        cache.chmod(0o777)
        main = self.dir / "nginx.conf"
        main.write_text(
            f"worker_processes {self.workers};\ndaemon off;\npid {self.dir}/nginx.pid;\n"
            f"error_log {self.dir}/error.log warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            "  include /etc/nginx/mime.types;\n"
            "  default_type application/octet-stream;\n"
            "  access_log off;\n  sendfile on;\n  tcp_nopush on;\n"
            f"  client_body_temp_path {self.dir}/tmp-body;\n"
            f"  proxy_temp_path {self.dir}/tmp-proxy;\n"
            f"  include {config}/masthead-http.conf;\n"
            f"  server {{\n    listen 127.0.0.1:{self.port};\n    server_name _;\n"
            f"    include {config}/masthead-locations.conf;\n  }}\n"
            "}\n"
        )
        return main

    def __enter__(self):
        main = self.render()
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen([nginx, "-c", str(main), "-p", str(self.dir)])
        wait_until_up(f"http://127.0.0.1:{self.port}/healthz", process=self.process)
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=30)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def self_signed(folder, hostname):
    """A certificate and key for `hostname`, valid for a day: for configuration checks only."""
    import datetime  # noqa: PLC0415

    from cryptography import x509  # noqa: PLC0415
    from cryptography.hazmat.primitives import hashes, serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric import ec  # noqa: PLC0415
    from cryptography.x509.oid import NameOID  # noqa: PLC0415

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    certificate_path, key_path = Path(folder) / "cert.pem", Path(folder) / "key.pem"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certificate_path, key_path
