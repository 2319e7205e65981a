"""Driver for bench/imports: see bench/README.md for what it measures and how to read it."""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "harbour",
    "council",
    "ferry",
    "valley",
    "budget",
    "school",
    "river",
    "bridge",
    "market",
    "storm",
    "rail",
    "library",
    "hospital",
    "election",
    "festival",
    "police",
    "museum",
    "housing",
    "transport",
    "water",
    "climate",
    "farm",
    "museum",
    "vote",
    "plan",
    "report",
    "season",
    "record",
    "street",
    "station",
    "coast",
    "league",
    "court",
]
SECTIONS = ["News", "Politics", "Business", "Coast", "Culture", "Sport"]


def sentence(rng, words=18):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write_export(path, posts, seed=7):
    """A WXR file like a newsroom's: Gutenberg paragraphs, subheadings, quotes and lists,
    categories, tags and ten authors; written a post at a time."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench Gazette</title><link>https://old.bench.example</link>\n"
        )
        for number in range(10):
            out.write(
                f"<wp:author><wp:author_login>writer{number}</wp:author_login>"
                f"<wp:author_display_name>Writer {number}</wp:author_display_name></wp:author>\n"
            )
        for post in range(1, posts + 1):
            paragraphs = []
            for part in range(rng.randint(6, 14)):
                paragraphs.append(
                    f"<!-- wp:paragraph --><p>{sentence(rng)} {sentence(rng)} <strong>"
                    f"{sentence(rng, 5)}</strong></p><!-- /wp:paragraph -->"
                )
                if part == 3:
                    paragraphs.append(
                        f"<!-- wp:heading --><h2>{sentence(rng, 5)}</h2><!-- /wp:heading -->"
                    )
                if part == 5:
                    paragraphs.append(
                        f"<!-- wp:pullquote --><figure class='wp-block-pullquote'><blockquote>"
                        f"<p>{sentence(rng, 12)}</p><cite>Someone</cite></blockquote></figure>"
                    )
            day = 1 + post % 28
            out.write(
                f"<item><title>{sentence(rng, 7)[:-1]} {post}</title>"
                f"<link>https://old.bench.example/2024/{day:02d}/story-{post}/</link>"
                f"<dc:creator>writer{post % 10}</dc:creator>"
                f"<content:encoded><![CDATA[{''.join(paragraphs)}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[{sentence(rng, 20)}]]></excerpt:encoded>"
                f"<wp:post_id>{post}</wp:post_id>"
                f"<wp:post_date_gmt>2024-03-{day:02d} 10:{post % 60:02d}:00</wp:post_date_gmt>"
                f"<wp:post_name>story-{post}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="s"><![CDATA[{SECTIONS[post % 6]}]]></category>'
                f'<category domain="post_tag" nicename="t"><![CDATA[{rng.choice(WORDS)}]]></category>'
                "</item>\n"
            )
        out.write("</channel>\n</rss>\n")


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def child_parse(path):
    """The reference for reading: the same file streamed and turned into stories, nothing written."""
    import django

    django.setup()
    from masthead.imports.formats.wordpress import WordPressExport
    from masthead.imports.sources import Source

    started = time.perf_counter()
    with Source(path) as source:
        export = WordPressExport(source)
        export.check()
        count = sum(1 for _ in export.stories())
    print(
        json.dumps({"items": count, "seconds": time.perf_counter() - started, "peak_mb": peak_mb()})
    )


def child_import(path, hostname):
    setup_django()
    from masthead.articles.setup import create_publication
    from masthead.imports.running import run_import

    site = create_publication("Bench Gazette", hostname)
    counts = {}
    started = time.perf_counter()
    for outcome in run_import(path, site, "wordpress"):
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    seconds = time.perf_counter() - started
    print(json.dumps({"counts": counts, "seconds": seconds, "peak_mb": peak_mb()}))


def child_wagtail(count, hostname):
    """The reference for writing: the same number of articles made with Wagtail's own calls
    (add_child, save_revision, publish) with a fixed body and author, no reading, no matching."""
    setup_django()
    from wagtail.rich_text import RichText

    from masthead.articles.models import ArticleAuthor, ArticlePage, Author, SectionPage
    from masthead.articles.setup import create_publication

    rng = random.Random(3)
    site = create_publication("Bench Reference", hostname)
    section = SectionPage(title="News", show_in_menus=True)
    site.root_page.add_child(instance=section)
    section.save_revision().publish()
    author = Author.objects.create(publication=site, name="Writer", slug="writer")
    started = time.perf_counter()
    for number in range(int(count)):
        article = ArticlePage(
            title=f"{sentence(rng, 7)} {number}",
            standfirst=sentence(rng, 20),
            body=[("paragraph", RichText(f"<p>{sentence(rng)}</p>")) for _ in range(10)],
        )
        article.byline.add(ArticleAuthor(author=author, sort_order=0))
        section.add_child(instance=article)
        article.save_revision().publish()
    seconds = time.perf_counter() - started
    print(json.dumps({"items": int(count), "seconds": seconds, "peak_mb": peak_mb()}))


def run_child(kind, *args, env):
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.stderr.write(result.stderr[-3000:])
        raise SystemExit(f"{kind} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fresh_env(folder, name):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings.dev",
        "MASTHEAD_VAR_DIR": str(folder / name),
        "DATABASE_URL": f"sqlite:///{folder / name}.sqlite3",
        "PYTHONPATH": str(ROOT),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000, help="the smaller export, for memory")
    parser.add_argument("--reference", type=int, default=1_000, help="articles Wagtail makes")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        children = {"parse": child_parse, "import": child_import, "wagtail": child_wagtail}
        children[kind](*rest)
        return

    folder = Path(tempfile.mkdtemp(prefix="masthead-bench-imports-"))
    big, small = folder / "big.xml", folder / "small.xml"
    print(f"Writing exports of {args.posts:,} and {args.small:,} posts …", file=sys.stderr)
    write_export(big, args.posts)
    write_export(small, args.small)
    print("Reading the big export alone …", file=sys.stderr)
    parse = run_child("parse", big, env=fresh_env(folder, "parse"))
    print(f"Wagtail making {args.reference:,} articles …", file=sys.stderr)
    wagtail = run_child("wagtail", args.reference, "ref.localhost", env=fresh_env(folder, "ref"))
    print(f"Importing {args.small:,} posts …", file=sys.stderr)
    small_run = run_child("import", small, "small.localhost", env=fresh_env(folder, "small"))
    print(f"Importing {args.posts:,} posts …", file=sys.stderr)
    big_run = run_child("import", big, "big.localhost", env=fresh_env(folder, "big"))

    size_mb = big.stat().st_size / (1024 * 1024)
    rows = [
        ("read the export only", parse["items"], parse["seconds"], parse["peak_mb"]),
        (
            f"Wagtail makes {args.reference:,} articles",
            wagtail["items"],
            wagtail["seconds"],
            wagtail["peak_mb"],
        ),
        (
            f"import {args.small:,} posts",
            sum(small_run["counts"].values()),
            small_run["seconds"],
            small_run["peak_mb"],
        ),
        (
            f"import {args.posts:,} posts",
            sum(big_run["counts"].values()),
            big_run["seconds"],
            big_run["peak_mb"],
        ),
    ]
    print()
    print(
        f"Imports, a generated WordPress export ({args.posts:,} posts, {size_mb:.0f} MB), SQLite, this machine"
    )
    print(f"{'row':<34} {'items':>8} {'seconds':>9} {'items/s':>9} {'peak MB':>9}")
    for name, items, seconds, peak in rows:
        print(f"{name:<34} {items:>8,} {seconds:>9.1f} {items / seconds:>9.1f} {peak:>9.0f}")
    print()
    big_rate = sum(big_run["counts"].values()) / big_run["seconds"]
    print(f"outcomes of the big import: {big_run['counts']}")
    print(
        f"import speed / Wagtail's own page creation: {big_rate / (wagtail['items'] / wagtail['seconds']):.2f}"
    )
    print(
        f"peak memory, {args.posts:,} posts / {args.small:,} posts: {big_run['peak_mb'] / small_run['peak_mb']:.2f} (1.0 is flat)"
    )


if __name__ == "__main__":
    main()
