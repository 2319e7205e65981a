class NarrationConfigurationError(Exception):
    """An engine is missing, misnamed or cannot load its voice."""


class NarrationEngine:
    """Turns one sentence-sized piece of text into speech.

    Subclasses set `sample_rate` once loaded and return mono signed 16-bit little-endian PCM
    from `synthesise`. Callers feed text a sentence at a time, so an engine never holds more
    than one sentence of audio, whatever the article's length.
    """

    name = "engine"
    licence = ""
    sample_rate = 22050

    def __init__(self, *, key, voice="", rate=1.0, language="en"):
        if not 0.5 <= rate <= 2.0:
            raise NarrationConfigurationError("Speaking rate must be between 0.5 and 2.0.")
        self.key = key
        self.voice = voice
        self.rate = rate
        self.language = language

    @property
    def description(self):
        """Engine and voice, as stored beside the audio and shown to editors."""
        return f"{self.name} / {self.voice}" if self.voice else self.name

    def synthesise(self, text):
        raise NotImplementedError
