from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "masthead.standards"
    verbose_name = "Standards checks"

    def ready(self):
        from .panels import add_findings_panel

        add_findings_panel()
