"""django-q2 entry points: take ids, call one service (they may run twice)."""

from operations import notify


def send_notification(notification_id: int) -> str | None:
    return notify.send_notification(notification_id=notification_id)


def notify_connection_failure(failure_id: int) -> None:
    notify.record_connection_failure(failure_id=failure_id)
