from django.apps import AppConfig


class ServingConfig(AppConfig):
    """How pages reach readers past one process: the nginx front, object storage, deployment."""

    name = "masthead.serving"
    verbose_name = "Serving"
