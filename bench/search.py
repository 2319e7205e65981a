"""Driver for bench/search: see bench/README.md for what it measures and how to read it."""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PG_SERVER = os.environ.get("POSTGRES_BENCH_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "masthead_bench_search"
HOSTNAME = "daily.example.org"


def queries(count, seed=3):
    """What readers type: one to three words from the stories, some of them rare or absent."""
    from masthead.discovery.corpus import TOPICS

    rng = random.Random(seed)
    words = sorted(
        {
            word.strip(".,'").lower()
            for topic in TOPICS.values()
            for sentence in topic["sentences"] + topic["headlines"]
            for word in sentence.split()
            if len(word) > 3 and "{" not in word
        }
    )
    picked = []
    for n in range(count):
        size = 1 + n % 3
        picked.append(" ".join(rng.sample(words, size)) if n % 10 else "zebra crossing")
    return picked


def child(count, samples):
    import django

    django.setup()
    from archive import build_archive, index_for_search
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    site, build_seconds = build_archive(
        count, hostname=HOSTNAME, progress=lambda line: print(line, file=sys.stderr)
    )
    index_seconds = index_for_search(site, progress=lambda line: print(line, file=sys.stderr))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as PostgreSQL's autovacuum soon would after a bulk load
    client = Client()
    asked = queries(samples)
    for query in asked[:10]:  # warm the connection, caches and the engine's pages
        client.get("/search/", {"q": query}, HTTP_HOST=HOSTNAME)
    timings, found, common = [], [], []
    for query in asked:
        started = time.perf_counter()
        response = client.get("/search/", {"q": query}, HTTP_HOST=HOSTNAME)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (response.status_code, query)
        found.append(b"search-result" in response.content)
        common.append(b"More than 1,000 articles found" in response.content)
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "build": build_seconds,
                "index": index_seconds,
                "timings": timings,
                "with_results": sum(found),
                "common": common,
            }
        )
    )


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def postgres_database():
    """A fresh database of the benchmark's own on the local server, or None."""
    try:
        import psycopg

        with psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL run
        print(f"PostgreSQL not used: {error}", file=sys.stderr)
        return None
    return PG_SERVER.rsplit("/", 1)[0] + f"/{PG_DATABASE}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    folder = Path(tempfile.mkdtemp(prefix="masthead-bench-search-"))
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings.test",
        "MASTHEAD_VAR_DIR": str(folder),
        "PYTHONPATH": str(ROOT),
        "PAGE_CACHE_SECONDS": "0",  # every query is answered by the search backend
        "ALLOWED_HOSTS": HOSTNAME,
    }
    rows = []
    for database in args.databases.split(","):
        url = (
            f"sqlite:///{folder / 'bench.sqlite3'}" if database == "sqlite" else postgres_database()
        )
        if url is None:
            continue
        print(f"{database}: {args.articles:,} articles …", file=sys.stderr)
        result = subprocess.run(
            [sys.executable, __file__, "--child", str(args.articles), str(args.queries)],
            env={**base_env, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            sys.stderr.write(result.stderr[-3000:])
            raise SystemExit(f"{database} run failed")
        rows.append(json.loads(result.stdout.strip().splitlines()[-1]))

    print()
    print(f"Search over {args.articles:,} articles, {args.queries} queries through /search/")
    print()
    print(
        "| database | p50 ms | p95 ms | target p95 | p95 ms, ≤ 1,000 matches | "
        "p95 ms, > 1,000 matches | queries with results | index build |"
    )
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        p50 = statistics.median(row["timings"]) * 1000
        p95 = percentile(row["timings"], 0.95) * 1000
        narrow = [t for t, c in zip(row["timings"], row["common"], strict=True) if not c]
        broad = [t for t, c in zip(row["timings"], row["common"], strict=True) if c]
        narrow_p95 = f"{percentile(narrow, 0.95) * 1000:.1f} ({len(narrow)})" if narrow else "-"
        broad_p95 = f"{percentile(broad, 0.95) * 1000:.1f} ({len(broad)})" if broad else "-"
        print(
            f"| {row['vendor']} | {p50:.1f} | {p95:.1f} | < 50 ms | {narrow_p95} | {broad_p95} | "
            f"{row['with_results']} of {len(row['timings'])} | {row['index']:.0f} s |"
        )
    print(f"\nData in {folder} (delete when done); PostgreSQL database {PG_DATABASE}.")


if __name__ == "__main__":
    main()
