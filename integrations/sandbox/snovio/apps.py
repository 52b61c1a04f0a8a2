from django.apps import AppConfig


class SandboxSnovioConfig(AppConfig):
    name = "integrations.sandbox.snovio"
    label = "sandbox_snovio"
    verbose_name = "Sandbox: Snov.io"
