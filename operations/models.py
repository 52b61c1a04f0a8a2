from django.db import models


class TickRun(models.Model):
    """One run of the housekeeping tick (syncengine.scheduler.tick): when it ran and what it
    did. Health checks read the latest; the tick prunes rows older than a day."""

    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField()
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"tick at {self.started_at:%Y-%m-%d %H:%M:%S}"
