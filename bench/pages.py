"""Driver for bench/pages: see bench/README.md for what it measures and how to read it."""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from masthead.serving.stack import Front, Origin, free_port, production_env  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
HOST = "daily.localhost"


def wait_for(url, headers, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(
                urllib.request.Request(url, headers=headers), timeout=2
            ) as r:
                return r.read()
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not answer")


def process_tree_cpu_seconds(root_pid):
    """User+system CPU of a process and its children, from /proc (clock ticks)."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = {root_pid}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == root_pid:
            pids.add(int(stat.parent.name))
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def wrk(url, connections, seconds, host_header):
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Host: {host_header}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{errors.group(1)} failed responses from {url}:\n{out}")
    return requests, rps, float(p99.group(1)) * scale


def measure(name, url, host_header, pid, connections, seconds):
    wrk(url, connections, 2, host_header)  # warm up
    before = process_tree_cpu_seconds(pid)
    requests, rps, p99 = wrk(url, connections, seconds, host_header)
    cpu_ms = (process_tree_cpu_seconds(pid) - before) * 1000 / requests
    return {"name": name, "rps": rps, "p99": p99, "cpu": cpu_ms, "requests": requests}


def demo_article_path():
    """The Daily Meridian's newest demo story, which has a statement, a pull quote and a picture."""
    sys.path.insert(0, str(ROOT))
    from django.utils.text import slugify  # noqa: PLC0415

    from masthead.demo.content import DAILY_ARTICLES, PUBLICATIONS  # noqa: PLC0415

    section_index, _, headline, *_ = DAILY_ARTICLES[0]
    section_title = PUBLICATIONS[0]["sections"][section_index][0]
    return f"/{slugify(section_title)}/{slugify(headline)}/"


def gunicorn(env, app, port, workers, extra=()):
    return subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            app,
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            *extra,
        ],
        env=env,
        cwd=ROOT,
    )


def stop(process):
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def static_nginx(work, body, workers):
    """Row (c): nginx serving the page's bytes as a plain file."""
    static_dir = work / "nginx"
    static_dir.mkdir()
    work.chmod(0o755)  # nginx's workers drop root and must be able to read the file
    static_dir.chmod(0o755)
    (static_dir / "article.html").write_bytes(body)
    port = free_port()
    conf = static_dir / "nginx.conf"
    conf.write_text(
        f"worker_processes {workers}; daemon off; pid {static_dir}/nginx.pid;\n"
        f"error_log {static_dir}/error.log;\n"
        "events { worker_connections 4096; }\n"
        f"http {{ access_log off; server {{ listen 127.0.0.1:{port}; root {static_dir};"
        " location / { default_type text/html; } } }\n"
    )
    process = subprocess.Popen(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-p", str(static_dir)]
    )
    return process, f"http://127.0.0.1:{port}/article.html"


def page_headers(url, host):
    """What the page is sent with, less what gunicorn adds itself: (e) sends the same."""
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Host": host}), timeout=5
    ) as response:
        return [
            (name, value)
            for name, value in response.getheaders()
            if name not in {"Date", "Server", "Connection"}
        ]


def median(values):
    return sorted(values)[len(values) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--spike-connections", type=int, default=256)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="masthead-bench-"))
    env = production_env(work)
    cache_name = "files under the bench's var/"
    try:
        import redis  # noqa: PLC0415

        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
        env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
        redis.Redis(host="127.0.0.1", port=6379, db=15).flushdb()
        cache_name = "Redis on 127.0.0.1"
    except Exception:  # noqa: BLE001 - any failure means no Redis here; fall back to files
        pass
    quiet = {"stdout": subprocess.DEVNULL, "env": env, "cwd": ROOT, "check": True}
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], **quiet)
    # Static files first, as a deploy does: publishing the demo stores its article pages.
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], **quiet)
    subprocess.run([PY, "manage.py", "load_demo"], **quiet)
    path = demo_article_path()
    host = f"{HOST}:8000"

    # Every server runs for the whole bench and the rows are measured in turn, round after
    # round: on a shared machine, drift then touches every row alike. Medians are reported.
    stack = contextlib.ExitStack()
    rows = {}  # name -> (url, host header, pid whose process tree is the server)
    with stack:
        for name, extra_env in (
            ("(a) Masthead, rendered (no page cache)", {"PAGE_CACHE_SECONDS": "0"}),
            (
                "(a2) Masthead, full render (no stored page)",
                {"PAGE_CACHE_SECONDS": "0", "STORED_PAGE_SECONDS": "0"},
            ),
            ("(b) Masthead, page cache in process", {}),
            ("(b2) Masthead, shared page cache only", {"PAGE_CACHE_LOCAL_BYTES": "0"}),
        ):
            port = free_port()
            server = gunicorn({**env, **extra_env}, "masthead.wsgi", port, args.workers)
            stack.callback(stop, server)
            # (a) and (a2) ask with a query string of their own, so they never find what (b) stored.
            query = "?rendered" if name.startswith("(a") else ""
            url = f"http://127.0.0.1:{port}{path}{query}"
            body = wait_for(url, {"Host": host})
            rows[name] = (url, host, server.pid)
        headers = page_headers(rows["(b) Masthead, page cache in process"][0], host)

        nginx, url = static_nginx(work, body, args.workers)
        stack.callback(lambda: (nginx.send_signal(signal.SIGQUIT), nginx.wait(timeout=30)))
        wait_for(url, {"Host": HOST})
        rows["(c) nginx, same bytes as a static file"] = (url, HOST, nginx.pid)

        access_log = work / "origin-access.log"
        origin = Origin(
            env,
            workers=args.workers,
            extra_args=[
                "--access-logfile",
                str(access_log),
                "--access-logformat",
                "%(s)s %(U)s%(q)s %(D)s",
            ],
        )
        front = Front(work / "front", origin.address, work, workers=args.workers)
        stack.enter_context(origin)
        stack.enter_context(front)
        wait_for(front.url(path), {"Host": host})
        rows["(d) Masthead through the shipped nginx front"] = (
            front.url(path),
            host,
            front.process.pid,
        )

        (work / "article.html").write_bytes(body)
        port = free_port()
        bare = gunicorn(
            {
                **env,
                "BARE_WSGI_BODY": str(work / "article.html"),
                "BARE_WSGI_HEADERS": json.dumps(headers),
            },
            "bench.bare_wsgi:application",
            port,
            args.workers,
        )
        stack.callback(stop, bare)
        url = f"http://127.0.0.1:{port}{path}"
        wait_for(url, {"Host": host})
        rows["(e) bare WSGI app, same bytes, same gunicorn"] = (url, host, bare.pid)

        runs = {name: [] for name in rows}
        for _ in range(args.rounds):
            for name, (url, host_header, pid) in rows.items():
                runs[name].append(
                    measure(name, url, host_header, pid, args.connections, args.seconds)
                )

        # The same crowd on a page already in the front, then on one nobody has read yet.
        _, _, hot_p99 = wrk(front.url(path), args.spike_connections, 5, host)
        spike_path = f"{path}?spike={time.time_ns()}"
        requests, _, p99 = wrk(front.url(spike_path), args.spike_connections, 5, host)
        time.sleep(0.5)
        asked = [line.split() for line in access_log.read_text().splitlines() if "spike=" in line]
        spike = {
            "requests": requests,
            "p99": p99,
            "hot_p99": hot_p99,
            "renders": sum(1 for status, *_ in asked if status == "200"),
            "revalidations": sum(1 for status, *_ in asked if status == "304"),
            "render_ms": max(
                (int(micro) / 1000 for status, _, micro in asked if status == "200"), default=0
            ),
        }
    shutil.rmtree(work, ignore_errors=True)

    results = [
        {
            "name": name,
            "rps": median([run["rps"] for run in measured]),
            "p99": median([run["p99"] for run in measured]),
            "cpu": median([run["cpu"] for run in measured]),
        }
        for name, measured in runs.items()
    ]
    by_row = {row["name"][:4].strip("( )"): row for row in results}
    static, bare_row = by_row["c"], by_row["e"]
    print(
        f"\nArticle page {path} ({len(body):,} bytes), {args.connections} connections, "
        f"median of {args.rounds} rounds of {args.seconds}s per row, {args.workers} server "
        f"processes, {os.cpu_count()} cores; page cache: {cache_name}\n"
    )
    print(
        f"{'':46} {'req/s':>9} {'p99 ms':>8} {'CPU ms/req':>11} "
        f"{'req/s vs (c)':>13} {'req/s vs (e)':>13}"
    )
    for row in results:
        print(
            f"{row['name']:46} {row['rps']:9.0f} {row['p99']:8.1f} {row['cpu']:11.3f} "
            f"{row['rps'] / static['rps']:13.4f} {row['rps'] / bare_row['rps']:13.3f}"
        )
    full = by_row["a2"]["cpu"]
    print(
        f"\nStored page against a full render: {by_row['a']['cpu'] / full:.2f} of its CPU "
        f"({by_row['a']['cpu']:.2f} ms against {full:.2f} ms a request)."
    )
    print("\nPaired ratios per round (same round, one row after the other):")
    for index in range(args.rounds):
        b = runs["(b) Masthead, page cache in process"][index]["rps"]
        c = runs["(c) nginx, same bytes as a static file"][index]["rps"]
        d = runs["(d) Masthead through the shipped nginx front"][index]["rps"]
        e = runs["(e) bare WSGI app, same bytes, same gunicorn"][index]["rps"]
        print(f"  round {index + 1}: (b)/(e) {b / e:.2f}   (d)/(c) {d / c:.2f}")
    print(
        f"\nCold spike: {args.spike_connections} connections for 5 s on a page not yet cached, "
        f"through the front: {spike['requests']:,} answers, p99 {spike['p99']:.1f} ms (the same "
        f"crowd on a page already in the front: p99 {spike['hot_p99']:.1f} ms). The origin "
        f"rendered it {spike['renders']} time(s), in {spike['render_ms']:.1f} ms; the others "
        "waited on nginx's cache lock, which looks again every 500 ms. It answered "
        f"{spike['revalidations']} revalidation(s) with 304 (one a second at most)."
    )
    rendered, local, front_row = by_row["a"]["cpu"], by_row["b"], by_row["d"]
    checks = (
        ("(a) at most 2 ms of CPU per rendered view", f"{rendered:.2f} ms", rendered <= 2),
        (
            "(b) at least 0.8 of (e)",
            f"{local['rps'] / bare_row['rps']:.2f}",
            local["rps"] >= 0.8 * bare_row["rps"],
        ),
        (
            "(d) at least 0.9 of (c)",
            f"{front_row['rps'] / static['rps']:.2f}",
            front_row["rps"] >= 0.9 * static["rps"],
        ),
        ("spike rendered once", str(spike["renders"]), spike["renders"] == 1),
    )
    print()
    for target, value, met in checks:
        print(f"Target {target}: {value} ({'met' if met else 'NOT met'})")


if __name__ == "__main__":
    sys.exit(main())
