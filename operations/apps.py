from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What the deployment records about itself for the people and machines running it."""

    name = "operations"
    verbose_name = _("Operations")
