from django.apps import AppConfig


class SandboxDemoConfig(AppConfig):
    """The demo's own commands (`seed_demo`, `rundemo`): installed with the sandboxes."""

    name = "sandbox.demo"
    label = "sandbox_demo"
    verbose_name = "Sandbox: demo"
