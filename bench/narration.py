"""Driver for bench/narration: see bench/README.md for what it measures and how to read it.

Each engine runs in a fresh process, so its peak memory (ru_maxrss) is its own: the voice, the
encoder and the article, never a whole article's audio.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORDS = 1000
TARGETS = {"piper": (8, 500), "espeak": (150, None)}  # × real time, MB peak


def thousand_word_article():
    """Headline, standfirst, byline and a body from the demo's stories, to 1,000 words, with
    subheadings and a statement as a real article has."""
    from masthead.demo.content import DAILY_ARTICLES
    from masthead.narration.script import Passage

    passages = [
        Passage("Council approves new footbridge over Mill Creek", 0.8),
        Passage("The crossing will link the east bank to the library by next autumn.", 0.6),
        Passage("By June Ebert and Tomás Reyes.", 0.9),
    ]
    words = sum(len(p.text.split()) for p in passages)
    for number, story in enumerate(DAILY_ARTICLES):
        headline, paragraphs, extras = story[2], story[4], story[6]
        passages.append(Passage(headline, 0.7, chapter=headline))
        for paragraph in paragraphs:
            passages.append(Passage(paragraph))
            words += len(paragraph.split())
        if number % 3 == 0 and "statement" in extras:
            issuer, _, text = extras["statement"]
            passages += [
                Passage(
                    f"Statement by {issuer}, May 30, 2025.", 0.5, chapter=f"Statement by {issuer}"
                ),
                Passage(text),
                Passage("End of statement.", 0.7),
            ]
            words += len(text.split())
        if words >= WORDS:
            break
    return passages, words


class TimedEngine:
    """Counts the seconds spent in synthesis, to tell them from encoding."""

    def __init__(self, engine):
        self.engine, self.seconds = engine, 0.0
        self.sample_rate = engine.sample_rate

    def synthesise(self, text):
        started = time.perf_counter()
        audio = self.engine.synthesise(text)
        self.seconds += time.perf_counter() - started
        return audio


ENGINES = {
    "piper": "masthead.narration.engines.piper.PiperEngine",
    "espeak": "masthead.narration.engines.espeak.EspeakEngine",
}


def measure(engine_key):
    """Runs in the child process: one engine, one article. Django is not set up, so the peak
    is the engine's, the encoder's and the article's; the worker's Django adds its own."""
    from django.utils.module_loading import import_string

    from masthead.narration.audio import speak_to_mp3

    passages, words = thousand_word_article()
    started = time.perf_counter()
    engine = TimedEngine(import_string(ENGINES[engine_key])(key=engine_key, language="en"))
    load = time.perf_counter() - started
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        spoken = speak_to_mp3(passages, engine, out)
        total = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "engine": engine.engine.description,
                "words": words,
                "audio_s": spoken.duration,
                "load_s": load,
                "synth_s": engine.seconds,
                "encode_s": total - engine.seconds,
                "bytes": spoken.byte_size,
                "peak_mb": peak_mb,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", default="piper,espeak")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.child)
        return
    rows = []
    for key in args.engines.split(","):
        result = subprocess.run(
            [sys.executable, __file__, "--child", key], capture_output=True, text=True, check=True
        )
        rows.append((key, json.loads(result.stdout.strip().splitlines()[-1])))
    print(
        f"1,000-word article ({rows[0][1]['words']} words), one process per engine, this machine\n"
    )
    print(
        "| engine | audio | synthesis | × real time | RTF | encode | size | peak memory | target |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for key, r in rows:
        speed = r["audio_s"] / r["synth_s"]
        rtf = r["synth_s"] / r["audio_s"]
        want_speed, want_mb = TARGETS.get(key, (None, None))
        verdict = []
        if want_speed:
            verdict.append(f"≥{want_speed}× {'met' if speed >= want_speed else 'MISSED'}")
        if want_mb:
            verdict.append(f"<{want_mb} MB {'met' if r['peak_mb'] < want_mb else 'MISSED'}")
        print(
            f"| {r['engine']} | {r['audio_s'] / 60:.1f} min | {r['synth_s']:.1f} s | {speed:.0f}× "
            f"| {rtf:.4f} | {r['encode_s']:.2f} s | {r['bytes'] / 1e6:.1f} MB | {r['peak_mb']:.0f} MB "
            f"| {', '.join(verdict)} |"
        )
    print("\nRTF: seconds of synthesis per second of audio. Encode: MP3 (lameenc, 48 kbit/s mono).")
    print("Peak memory: the engine's process without Django; a worker adds Django's ~110 MB.")


if __name__ == "__main__":
    main()
