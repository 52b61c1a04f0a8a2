from django.db import models


class OutboxMessage(models.Model):
    """An email the demo "sent": kept here instead of going to a mail server (outbox.py)."""

    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_email = models.CharField(max_length=320)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    headers = models.JSONField(default=dict)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
