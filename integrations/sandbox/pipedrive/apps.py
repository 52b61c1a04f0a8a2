from django.apps import AppConfig


class SandboxPipedriveConfig(AppConfig):
    name = "integrations.sandbox.pipedrive"
    label = "sandbox_pipedrive"
    verbose_name = "Sandbox: Pipedrive"
