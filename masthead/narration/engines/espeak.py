"""eSpeak NG through the library espeakng-loader ships: robotic, but hundreds of times faster
than real time, so the test suite and big back catalogues can use it."""

import ctypes
import threading

from .base import NarrationConfigurationError, NarrationEngine

AUDIO_OUTPUT_SYNCHRONOUS = 2
ESPEAK_RATE = 1
ESPEAK_CHARS_UTF8 = 1
POS_CHARACTER = 1
WORDS_PER_MINUTE = 175

# eSpeak NG keeps global state: one library, initialised once, used by one caller at a time.
_lock = threading.Lock()
_library = None
_sample_rate = None
_collected = []
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


@_CALLBACK
def _collect(samples, count, events):
    if count > 0:
        _collected.append(ctypes.string_at(samples, count * 2))
    return 0


def _load():
    global _library, _sample_rate
    if _library is None:
        import espeakng_loader

        library = ctypes.CDLL(espeakng_loader.get_library_path())
        library.espeak_Initialize.restype = ctypes.c_int
        library.espeak_Initialize.argtypes = [
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
        ]
        library.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        library.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        library.espeak_Synth.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        data = espeakng_loader.get_data_path().encode()
        rate = library.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data, 0)
        if rate <= 0:
            raise NarrationConfigurationError("eSpeak NG could not start.")
        library.espeak_SetSynthCallback(_collect)
        _library, _sample_rate = library, rate
    return _library


class EspeakEngine(NarrationEngine):
    name = "eSpeak NG"
    licence = "eSpeak NG: GPL-3.0-or-later; espeakng-loader: MIT"

    def __init__(self, *, voice="", language="en", **kwargs):
        super().__init__(voice=voice or _voice_for(language), language=language, **kwargs)
        with _lock:
            library = _load()
            # eSpeak NG knows "en-gb" as plain "en": fall back to the base language.
            candidates = dict.fromkeys([self.voice, self.voice.split("-")[0]])
            found = [
                name for name in candidates if library.espeak_SetVoiceByName(name.encode()) == 0
            ]
        if not found:
            raise NarrationConfigurationError(f"eSpeak NG has no voice '{self.voice}'.")
        self.voice = found[0]
        self.sample_rate = _sample_rate

    def synthesise(self, text):
        encoded = text.encode()
        with _lock:
            library = _load()
            library.espeak_SetVoiceByName(self.voice.encode())
            library.espeak_SetParameter(ESPEAK_RATE, round(WORDS_PER_MINUTE * self.rate), 0)
            _collected.clear()
            status = library.espeak_Synth(
                encoded, len(encoded) + 1, 0, POS_CHARACTER, 0, ESPEAK_CHARS_UTF8, None, None
            )
            library.espeak_Synchronize()
            if status != 0:
                raise RuntimeError(f"eSpeak NG failed to speak (status {status}).")
            audio = b"".join(_collected)
            _collected.clear()
            return audio


def _voice_for(language):
    """eSpeak NG names its voices by language: en-gb, en-us, fr, de…"""
    language = (language or "en").lower()
    return {"en": "en-us"}.get(language, language)
