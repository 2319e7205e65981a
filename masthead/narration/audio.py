"""Speaking a script into a compressed file, a sentence at a time so memory stays flat."""

from dataclasses import dataclass

import lameenc

from .script import sentences

BIT_RATE = 48  # kbit/s: clear speech, mono; about 21 MB per hour
SENTENCE_PAUSE = 0.25


@dataclass
class SpokenAudio:
    duration: float  # seconds
    chapters: list  # [{"title": …, "start": seconds}]
    byte_size: int


def _silence(seconds, sample_rate):
    return b"\x00\x00" * int(seconds * sample_rate)


def speak_to_mp3(passages, engine, out):
    """Writes MP3 to the binary file `out`; returns its duration and chapter start times."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE)
    encoder.set_in_sample_rate(engine.sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(5)
    samples = 0
    written = 0
    chapters = []

    def emit(pcm):
        nonlocal samples, written
        samples += len(pcm) // 2
        data = encoder.encode(pcm)
        out.write(data)
        written += len(data)

    for passage in passages:
        if passage.chapter:
            chapters.append(
                {"title": passage.chapter, "start": round(samples / engine.sample_rate, 2)}
            )
        pieces = list(sentences(passage.text))
        for number, sentence in enumerate(pieces, start=1):
            emit(engine.synthesise(sentence))
            pause = passage.pause_after if number == len(pieces) else SENTENCE_PAUSE
            emit(_silence(pause, engine.sample_rate))
    tail = encoder.flush()
    out.write(tail)
    written += len(tail)
    return SpokenAudio(
        duration=round(samples / engine.sample_rate, 2), chapters=chapters, byte_size=written
    )
