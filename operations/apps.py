from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What the deployment records about itself for the people and machines running it."""

    name = "operations"
    verbose_name = "Operations"
