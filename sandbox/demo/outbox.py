"""An email backend for the demo: messages are stored in the outbox table and shown on the
outbox page (/sandbox/outbox/), so a newcomer reads them without a mail server. They are also
printed to the terminal as before: a new account's confirmation link is needed before any
page (the outbox included) can be opened."""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

from sandbox.demo.models import OutboxMessage


class OutboxBackend(ConsoleBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            OutboxMessage.objects.create(
                from_email=message.from_email,
                to=[*message.to, *message.cc, *message.bcc],
                subject=message.subject,
                body=message.body,
                headers={str(k): str(v) for k, v in message.extra_headers.items()},
            )
        return super().send_messages(email_messages)
