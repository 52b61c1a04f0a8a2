from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project package as an app, so its system checks run at every start."""

    name = "config"
    verbose_name = "Configuration"

    def ready(self):
        from config import checks  # noqa: F401  (registers the checks)
