from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "masthead.corrections"
    verbose_name = "Corrections"
