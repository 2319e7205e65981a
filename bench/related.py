"""Driver for bench/related: see bench/README.md for what it measures and how to read it."""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def setup_django():
    import django

    django.setup()


def child_prepare(count):
    setup_django()
    from archive import build_archive
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    site, seconds = build_archive(count, progress=lambda line: print(line, file=sys.stderr))
    print(json.dumps({"site": site.pk, "seconds": seconds}))


def child_rebuild(site_id):
    """A full rebuild in a fresh process: words of every article, the index, every list."""
    setup_django()
    from wagtail.models import Site

    from masthead.discovery import related

    site = Site.objects.select_related("root_page").get(pk=site_id)
    started = time.perf_counter()
    ids = related.rebuild_publication(site)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"articles": len(ids), "seconds": seconds, "peak_mb": peak}))


def child_add(site_id, additions):
    """A worker that already holds the index takes in new articles one at a time."""
    setup_django()
    from archive import add_articles
    from wagtail.models import Page, Site

    from masthead.articles.models import SectionPage
    from masthead.discovery import related
    from masthead.discovery.corpus import labelled_stories

    site = Site.objects.select_related("root_page").get(pk=site_id)
    started = time.perf_counter()
    related.index_for(site.pk)
    load_seconds = time.perf_counter() - started
    sections = list(Page.objects.child_of(site.root_page).type(SectionPage).specific())
    stories = labelled_stories(additions, seed=99)
    first = Page.objects.count()
    ids = add_articles(sections, stories, first_number=first, days=1, progress=None)
    timings, lists = [], []
    for article_id in ids:
        started = time.perf_counter()
        written = related.update_article(article_id)
        timings.append(time.perf_counter() - started)
        lists.append(len(written))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "load_seconds": load_seconds,
                "timings": timings,
                "lists": lists,
                "peak_mb": peak,
            }
        )
    )


def quality(per_topic):
    """Precision at 5 on the labelled set: the share of each story's top 5 that is about the
    same topic, for TF-IDF (the product's own index) and for shared tags."""
    setup_django()
    import numpy as np

    from masthead.discovery import corpus, related

    stories = corpus.labelled_stories(per_topic * len(corpus.TOPICS), seed=5)
    now = time.time()
    rng = np.random.default_rng(5)
    published = now - rng.uniform(0, 180 * 86400, len(stories))
    counts = related.term_counts_many(
        [
            {
                "title": s.title,
                "standfirst": s.standfirst,
                "body": " ".join(s.paragraphs),
                "tags": " ".join(s.tags),
                "section": "Local",
            }
            for s in stories
        ]
    )
    ids = list(range(1, len(stories) + 1))
    index = related.RelatedIndex.from_counts(ids, published, counts)
    tfidf, tags = [], []
    tag_sets = [set(s.tags) for s in stories]
    for i, story in enumerate(stories):
        top = index.ranked(ids[i], count=5, max_age_days=0)
        tfidf.append(sum(stories[pk - 1].topic == story.topic for pk, _ in top) / 5)
        shared = sorted(
            (j for j in range(len(stories)) if j != i),
            key=lambda j: (-len(tag_sets[i] & tag_sets[j]), -published[j]),
        )[:5]
        tags.append(sum(stories[j].topic == story.topic for j in shared) / 5)
    return len(stories), statistics.mean(tfidf), statistics.mean(tags)


def run_child(kind, *args, env):
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stderr.write(result.stderr[-3000:] if result.returncode else "")
    if result.returncode:
        raise SystemExit(f"{kind} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--additions", type=int, default=20)
    parser.add_argument("--per-topic", type=int, default=150, help="labelled stories per topic")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        {"prepare": child_prepare, "rebuild": child_rebuild, "add": child_add}[kind](
            *map(int, rest)
        )
        return

    folder = Path(tempfile.mkdtemp(prefix="masthead-bench-related-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings.test",
        "MASTHEAD_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    print(f"Quality: labelled set of {args.per_topic} stories per topic …", file=sys.stderr)
    labelled, tfidf, tags = quality(args.per_topic)
    print(f"Building an archive of {args.articles:,} articles (SQLite) …", file=sys.stderr)
    prepared = run_child("prepare", args.articles, env=env)
    print("Full rebuild …", file=sys.stderr)
    rebuild = run_child("rebuild", prepared["site"], env=env)
    print(f"Adding {args.additions} articles one at a time …", file=sys.stderr)
    added = run_child("add", prepared["site"], args.additions, env=env)

    timings = sorted(added["timings"])
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    print()
    print(f"Related articles, {args.articles:,}-article archive on SQLite, this machine")
    print()
    print("| measure | value | target |")
    print("| --- | ---: | --- |")
    print(
        f"| add one article and refresh affected lists, median | {statistics.median(timings) * 1000:.1f} ms | < 100 ms |"
    )
    print(f"| add one, 95th percentile ({len(timings)} additions) | {p95 * 1000:.1f} ms | |")
    print(f"| lists rewritten per addition, mean | {statistics.mean(added['lists']):.1f} | |")
    print(f"| index load in a fresh worker | {added['load_seconds']:.1f} s | |")
    print(f"| worker peak memory with the index | {added['peak_mb']:.0f} MB | |")
    print(f"| full rebuild ({rebuild['articles']:,} articles) | {rebuild['seconds']:.0f} s | |")
    print(f"| full rebuild peak memory | {rebuild['peak_mb']:.0f} MB | |")
    print()
    print(
        f"Quality on the labelled set ({labelled:,} stories, 8 topics; masthead/discovery/corpus.py)"
    )
    print()
    print("| method | precision at 5 |")
    print("| --- | ---: |")
    print(f"| TF-IDF (Masthead) | {tfidf * 100:.1f} % |")
    print(f"| shared tags (baseline) | {tags * 100:.1f} % |")
    print(f"| difference | {(tfidf - tags) * 100:+.1f} points (target: at least +20) |")
    print(f"\nArchive built in {prepared['seconds']:.0f} s; data in {folder} (delete when done).")


if __name__ == "__main__":
    main()
