from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncengineConfig(AppConfig):
    name = "syncengine"
    verbose_name = _("Syncengine")
