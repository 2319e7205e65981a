"""Driver for bench/newsletter: see bench/README.md for what it measures and how to read it."""

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sink(port):
    """An SMTP server on loopback that only counts the messages it accepts: a minimal asyncio
    protocol (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; it offers PIPELINING, as Postfix and
    every common relay do), so that the sink, which shares the machine's two cores with the
    sender, costs as little as a real relay would. The tests use
    aiosmtpd, which checks far more and is several times slower."""
    import asyncio
    import threading

    class Counter:
        count = 0

    class Session(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport, self.buffer, self.in_data = transport, b"", False
            transport.write(b"220 sink ESMTP\r\n")

        def data_received(self, data):
            self.buffer += data
            while True:
                if self.in_data:
                    end = self.buffer.find(b"\r\n.\r\n")
                    if end < 0:
                        return
                    self.buffer, self.in_data = self.buffer[end + 5 :], False
                    Counter.count += 1
                    self.transport.write(b"250 OK queued\r\n")
                    continue
                line, found, rest = self.buffer.partition(b"\r\n")
                if not found:
                    return
                self.buffer = rest
                verb = line[:4].upper()
                if verb == b"EHLO":
                    self.transport.write(b"250-sink\r\n250-PIPELINING\r\n250 8BITMIME\r\n")
                elif verb == b"DATA":
                    self.in_data = True
                    self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                elif verb == b"QUIT":
                    self.transport.write(b"221 Bye\r\n")
                    self.transport.close()
                    return
                else:  # HELO, MAIL, RCPT, RSET, NOOP
                    self.transport.write(b"250 OK\r\n")

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(Session, "127.0.0.1", port))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    class Controller:
        @staticmethod
        def stop():
            loop.call_soon_threadsafe(server.close)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)

    return Controller, Counter


def prepare(subscribers):
    """Runs in a child: a database with one publication, one issue and N subscribers."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from masthead.articles.tests.factories import make_article, make_publication, make_section
    from masthead.newsletters.models import Issue, Newsletter, Subscriber, Subscription

    call_command("migrate", verbosity=0)
    site = make_publication("The Daily Meridian", "daily.example.org")
    article = make_article(make_section(site, "Local"), "Harbour reopens")
    newsletter = Newsletter.objects.create(
        publication=site, name="Morning Briefing", slug="morning"
    )
    now = timezone.now()
    readers = Subscriber.objects.bulk_create(
        (
            Subscriber(publication=site, email=f"reader{n}@example.org", confirmed_at=now)
            for n in range(subscribers)
        ),
        batch_size=5000,
    )
    Subscription.objects.bulk_create(
        (Subscription(subscriber=r, newsletter=newsletter, status="active") for r in readers),
        batch_size=5000,
    )
    issue = Issue.compose(newsletter, "Morning Briefing", [article.pk])
    print(json.dumps({"issue": issue.pk}))


def send(issue_id):
    """Runs in a child: queue and send the issue; report time and peak memory."""
    import django

    django.setup()
    from masthead.newsletters.models import Issue
    from masthead.newsletters.sending import queue_issue, send_queued

    issue = Issue.objects.get(pk=issue_id)
    started = time.perf_counter()
    queue_issue(issue)
    queued = time.perf_counter() - started
    sent = send_queued(issue)
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"sent": sent, "queue_s": queued, "total_s": total, "peak_mb": peak}))


def run(subscribers, port):
    work = Path(tempfile.mkdtemp(prefix="masthead-bench-newsletter-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings.dev",
        "MASTHEAD_VAR_DIR": str(work),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    env.pop("DATABASE_URL", None)
    made = subprocess.run(
        [sys.executable, __file__, "--prepare", str(subscribers)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    issue = json.loads(made.stdout.strip().splitlines()[-1])["issue"]
    done = subprocess.run(
        [sys.executable, __file__, "--send", str(issue)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--send", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare(args.prepare)
    if args.send:
        return send(args.send)
    port = free_port()
    controller, counter = sink(port)
    rows = []
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            before = counter.count
            result = run(size, port)
            result["received"] = counter.count - before
            rows.append((size, result))
    finally:
        controller.stop()
    print("One issue to N confirmed subscribers; SQLite; a counting SMTP sink on loopback\n")
    print("| subscribers | received | sent/s | queueing | total | peak memory | target |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for size, r in rows:
        rate = r["sent"] / r["total_s"]
        verdict = "≥1,500/s " + ("met" if rate >= 1500 else "MISSED")
        print(
            f"| {size:,} | {r['received']:,} | {rate:,.0f} | {r['queue_s']:.1f} s | {r['total_s']:.1f} s "
            f"| {r['peak_mb']:.0f} MB | {verdict} |"
        )
    if len(rows) > 1:
        ratio = rows[-1][1]["peak_mb"] / rows[0][1]["peak_mb"]
        print(
            f"\nPeak memory, largest list over smallest: {ratio:.2f}× for {rows[-1][0] // rows[0][0]}× the subscribers."
        )


if __name__ == "__main__":
    main()
