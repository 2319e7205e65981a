"""The shipped nginx front (deploy/nginx) in front of gunicorn with the production settings.

Everything here runs for real on loopback: nginx from Debian's package, gunicorn with two
worker processes, Redis as the shared page cache when one answers, a SQLite database of the
test's own (what the front does does not depend on the database, so this module runs once,
in the SQLite pass).
"""

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from masthead.serving.stack import Front, Origin, fetch, manage, production_env, self_signed

HOST = "daily.localhost"
PASSWORD = "front-test-password-1"

pytestmark = [
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed"),
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="runs once, in the SQLite pass (it has a database of its own)",
    ),
]

BUILD = """
from django.contrib.auth import get_user_model
from masthead.articles.tests.factories import make_article, make_publication, make_section
publication = make_publication("The Daily Meridian", "daily.localhost", time_zone="UTC")
section = make_section(publication, "Local")
article = make_article(section, "Ferry timetable changes")
courier = make_publication("The Harbour Courier", "courier.localhost", time_zone="UTC")
make_article(make_section(courier, "Harbour"), "Harbour dredging starts")
get_user_model().objects.create_superuser("editor", "editor@example.org", "{password}")
print(article.pk)
"""

# Publishes a new headline, then takes the story down, printing when each was committed (the
# first thing run after the commit, before the publish's own background work).
CHANGE = """
import time
from django.db import transaction
from masthead.articles.models import ArticlePage
article = ArticlePage.objects.get(pk={pk})
time.sleep(1.3)
article.title = "Ferry timetable changes again"
with transaction.atomic():
    transaction.on_commit(lambda: print("published", time.time(), flush=True))
    article.save_revision().publish()
time.sleep(1.7)
with transaction.atomic():
    transaction.on_commit(lambda: print("unpublished", time.time(), flush=True))
    article.unpublish()
"""


def _redis_url():
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=6379, db=14, socket_connect_timeout=1)
        client.flushdb()
        return "redis://127.0.0.1:6379/14"
    except Exception:  # noqa: BLE001 - no Redis here: the file cache stands in
        return None


@pytest.fixture(scope="module")
def site():
    work = Path(tempfile.mkdtemp(prefix="masthead-front-"))
    var = work / "var"
    extra = {"REDIS_URL": url} if (url := _redis_url()) else {}
    env = production_env(var, **extra)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    article_pk = int(manage(env, "shell", "-c", BUILD.format(password=PASSWORD)).stdout.split()[-1])
    access_log = work / "access.log"
    # One line per request reaching gunicorn: the worker's pid, the status, the address.
    log_format = [
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        "%(p)s %(s)s %(U)s%(q)s",
    ]
    origin = Origin(env, workers=2, extra_args=log_format)
    front = Front(work / "nginx", origin.address, var)
    with origin, front:
        yield {
            "env": env,
            "var": var,
            "work": work,
            "origin": origin,
            "front": front,
            "article_pk": article_pk,
            "access_log": access_log,
        }
    shutil.rmtree(work, ignore_errors=True)


ARTICLE = "/local/ferry-timetable-changes/"


def test_hot_pages_are_served_by_the_front(site):
    front = site["front"]
    first = fetch(front.url("/?hot"), HOST)
    second = fetch(front.url("/?hot"), HOST)
    assert first[0] == second[0] == 200
    assert (first[1]["X-Front-Cache"], second[1]["X-Front-Cache"]) in {
        ("MISS", "HIT"),
        ("MISS", "MISS"),  # the second landed in the next second: the copy had expired
    }
    assert second[2] == first[2]
    # Private instructions between origin and front never reach the reader.
    assert "X-Accel-Expires" not in second[1] and "X-Masthead-Keep" not in second[1]
    # Within one second, a burst is answered by nginx alone.
    statuses = [fetch(front.url("/?hot"), HOST)[1]["X-Front-Cache"] for _ in range(20)]
    assert statuses.count("HIT") >= 15


def test_publications_are_kept_apart_by_host(site):
    front = site["front"]
    for _ in range(2):
        daily = fetch(front.url("/"), HOST)[2]
        courier = fetch(front.url("/"), "courier.localhost")[2]
        assert b"Ferry timetable" in daily and b"Harbour dredging" not in daily
        assert b"Harbour dredging" in courier and b"Ferry timetable" not in courier


def _sign_in(front):
    """The admin's login form, through the front, as a browser would send it."""
    status, headers, body = fetch(front.url("/admin/login/"), HOST)
    assert status == 200
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = f"username=editor&password={PASSWORD}&csrfmiddlewaretoken={token}&next=/admin/"
    status, headers, body = fetch(
        front.url("/admin/login/"),
        HOST,
        {"Cookie": f"csrftoken={csrf_cookie}", "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
        data=form.encode(),
    )
    assert status == 302, body[:500]
    cookies = headers.get_all("Set-Cookie")
    session = next(re.search(r"sessionid=([^;]+)", c).group(1) for c in cookies if "sessionid" in c)
    return f"sessionid={session}; csrftoken={csrf_cookie}"


def test_signed_in_editor_never_gets_a_cached_page(site):
    front = site["front"]
    anonymous = fetch(front.url(ARTICLE), HOST)
    assert anonymous[0] == 200
    cookie = _sign_in(front)
    for _ in range(3):
        status, headers, body = fetch(front.url(ARTICLE), HOST, {"Cookie": cookie})
        assert status == 200
        assert headers["X-Front-Cache"] == "BYPASS"
        assert b"wagtail-userbar" in body  # the editor's own page, with the edit bar
    # Nor did the editor's page fill the readers' cache.
    assert b"wagtail-userbar" not in fetch(front.url(ARTICLE), HOST)[2]


def test_the_admin_is_never_cached(site):
    front = site["front"]
    for _ in range(2):
        status, headers, _ = fetch(front.url("/admin/login/"), HOST)
        assert status == 200
        assert headers.get("X-Front-Cache") is None


def test_a_cold_spike_reaches_the_origin_once(site):
    front = site["front"]
    path = "/local/?spike=1"  # a page nobody has asked for yet
    start = threading.Barrier(40)

    def read(_):
        start.wait()
        return fetch(front.url(path), HOST)[0]

    with ThreadPoolExecutor(40) as pool:
        assert set(pool.map(read, range(40))) == {200}
    time.sleep(0.3)  # gunicorn writes its access log line after the response
    asked = [line.split() for line in site["access_log"].read_text().splitlines()]
    asked = [line for line in asked if line[2].endswith("spike=1")]
    # One render; a spike that runs into the next second adds a revalidation, answered 304.
    renders = [line for line in asked if line[1] == "200"]
    assert len(renders) == 1, asked
    assert len(asked) <= 3, asked


def test_static_files_and_media_come_from_nginx(site):
    front = site["front"]
    page = fetch(front.url(ARTICLE), HOST)[2].decode()
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)
    status, headers, _ = fetch(front.url(stylesheet), HOST, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"  # the .gz collectstatic wrote beside it
    media = site["var"] / "media" / "narration"
    media.mkdir(parents=True, exist_ok=True)
    (media / "front-test.mp3").write_bytes(b"ID3" + b"\0" * 64)
    status, headers, body = fetch(front.url("/media/narration/front-test.mp3"), HOST)
    assert (status, body[:3]) == (200, b"ID3")
    assert headers["Cache-Control"] == "public, max-age=86400"
    assert headers["Content-Type"] == "audio/mpeg"


class Poller(threading.Thread):
    """Reads one address over and over, noting when each request started and what it got."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url = url
        self.readings = []
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            started = time.time()
            status, _, body = fetch(self.url, HOST)
            self.readings.append((started, status, body))
            time.sleep(0.01)


def test_publish_shows_and_unpublish_goes_within_a_second(site):
    """Through the front, and straight from the two gunicorn workers (each with its in-process
    cache): no request that starts more than a second after the commit gets the old page."""
    front, origin = site["front"], site["origin"]
    pollers = [
        Poller(front.url(ARTICLE)),
        Poller(f"http://{origin.address}{ARTICLE}"),
        Poller(f"http://{origin.address}{ARTICLE}"),
    ]
    logged_before = len(site["access_log"].read_text().splitlines())
    for poller in pollers:
        poller.start()
    try:
        output = manage(site["env"], "shell", "-c", CHANGE.format(pk=site["article_pk"])).stdout
        time.sleep(1.5)
    finally:
        for poller in pollers:
            poller.stopped.set()
            poller.join()
    # Both gunicorn workers answered the pollers, each from its own in-process cache.
    logged = site["access_log"].read_text().splitlines()[logged_before:]
    served_by = {line.split()[0] for line in logged if ARTICLE in line}
    assert len(served_by) == 2, served_by
    published = float(re.search(r"published ([\d.]+)", output).group(1))
    unpublished = float(re.search(r"unpublished ([\d.]+)", output).group(1))

    def old_headline(status, body):
        return status == 200 and b"Ferry timetable changes again" not in body

    for poller in pollers:
        assert len(poller.readings) > 50, poller.url
        # Old headline: never requested after the commit + 1 s (and before the unpublish).
        stale = [
            t
            for t, status, body in poller.readings
            if published + 1.0 < t < unpublished and old_headline(status, body)
        ]
        assert not stale, (poller.url, [round(t - published, 3) for t in stale])
        new = [t for t, s, b in poller.readings if t > published and not old_headline(s, b)]
        assert new and new[0] - published <= 1.0
        gone_late = [
            t for t, status, body in poller.readings if t > unpublished + 1.0 and status == 200
        ]
        assert not gone_late, (poller.url, [round(t - unpublished, 3) for t in gone_late])
        assert any(status == 404 for t, status, body in poller.readings if t > unpublished)


def test_stale_pages_are_served_while_the_origin_restarts(site):
    """A front of its own, so the shared origin keeps running for the other tests."""
    origin = Origin(site["env"], workers=1)
    front = Front(site["work"] / "nginx-restart", origin.address, site["var"], workers=1)
    with origin, front:
        first = fetch(front.url("/"), HOST)
        assert first[0] == 200
        origin.stop()
        time.sleep(1.2)  # the front's copy has expired
        status, headers, body = fetch(front.url("/"), HOST)
        assert status == 200 and body == first[2]
        assert headers["X-Front-Cache"] == "STALE"


def test_the_shipped_site_configuration_passes_nginx_t(tmp_path):
    """The TLS server blocks (deploy/nginx/masthead-site.conf) as a server would load them,
    with a certificate of the test's own in place of the Let's Encrypt one."""
    front = Front(tmp_path / "nginx", "127.0.0.1:8000", tmp_path / "var")
    (tmp_path / "var").mkdir()
    front.render()
    certificate, key = self_signed(tmp_path, "daily.example.org")
    site = front.dir / "config" / "masthead-site.conf"
    site.write_text(
        site.read_text()
        .replace("/etc/letsencrypt/live/masthead/fullchain.pem", str(certificate))
        .replace("/etc/letsencrypt/live/masthead/privkey.pem", str(key))
    )
    main = front.dir / "check.conf"
    main.write_text(
        f"pid {front.dir}/check.pid;\nerror_log {front.dir}/check.log;\nevents {{}}\n"
        "http {\n  include /etc/nginx/mime.types;\n"
        f"  include {front.dir}/config/masthead-http.conf;\n"
        f"  include {site};\n}}\n"
    )
    result = subprocess.run(
        [shutil.which("nginx"), "-t", "-c", str(main), "-p", str(front.dir)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


def test_web_nodes_are_stateless_behind_the_front(site):
    """Two gunicorn instances, as on two machines, share the database and Redis: the front
    spreads readers over both, and keeps serving when one of them stops."""
    logs = [site["work"] / f"node-{n}.log" for n in range(2)]
    nodes = [
        Origin(site["env"], workers=1, extra_args=["--access-logfile", str(log)]) for log in logs
    ]
    front = Front(site["work"] / "nginx-nodes", [node.address for node in nodes], site["var"])
    with nodes[0], nodes[1], front:
        # Addresses the front has not kept yet, so each one reaches a node.
        for n in range(10):
            status, _, body = fetch(front.url(f"/?node={n}"), "courier.localhost")
            assert status == 200 and b"Harbour dredging" in body
        asked = [log.read_text().count("node=") for log in logs]
        assert all(asked), f"one node got every request: {asked}"
        nodes[0].stop()
        for n in range(10, 14):
            status, _, body = fetch(front.url(f"/?node={n}"), "courier.localhost")
            assert status == 200 and b"Harbour dredging" in body
