"""Speech engines behind one small interface, chosen in settings (NARRATION_ENGINES) and per
publication; adding a cloud voice is one new module here and one settings entry."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import NarrationConfigurationError, NarrationEngine

__all__ = ["NarrationConfigurationError", "NarrationEngine", "engine_choices", "get_engine"]


def engine_choices():
    return [(key, spec.get("LABEL", key)) for key, spec in settings.NARRATION_ENGINES.items()]


def get_engine(key="", *, voice="", rate=1.0, language="en"):
    """The engine configured under `key` (the install's default when empty), ready to speak."""
    key = key or settings.NARRATION_DEFAULT_ENGINE
    spec = settings.NARRATION_ENGINES.get(key)
    if spec is None:
        raise NarrationConfigurationError(
            f"No narration engine '{key}'; NARRATION_ENGINES has {', '.join(settings.NARRATION_ENGINES)}."
        )
    try:
        engine_class = import_string(spec["BACKEND"])
    except ImportError as error:
        raise NarrationConfigurationError(f"Cannot load engine '{key}': {error}") from error
    return engine_class(key=key, voice=voice or spec.get("VOICE", ""), rate=rate, language=language)
