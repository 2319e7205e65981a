from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "masthead.imports"
    verbose_name = "Imports"
