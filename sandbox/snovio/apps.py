from django.apps import AppConfig


class SandboxSnovioConfig(AppConfig):
    name = "sandbox.snovio"
    label = "sandbox_snovio"
    verbose_name = "Sandbox: Snov.io"
