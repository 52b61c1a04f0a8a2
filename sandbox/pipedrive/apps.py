from django.apps import AppConfig


class SandboxPipedriveConfig(AppConfig):
    name = "sandbox.pipedrive"
    label = "sandbox_pipedrive"
    verbose_name = "Sandbox: Pipedrive"
