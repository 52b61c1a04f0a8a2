from django.urls import path

from automations import views

PREFIX = "i/<uuid:uuid>/settings/automations"

urlpatterns = [
    path(f"{PREFIX}/toggle/", views.trigger_toggle, name="automations-trigger-toggle"),
    path(f"{PREFIX}/actions/", views.action_add, name="automations-action-add"),
    path(
        f"{PREFIX}/actions/<int:action_id>/",
        views.action_update,
        name="automations-action-update",
    ),
    path(
        f"{PREFIX}/actions/<int:action_id>/delete/",
        views.action_delete,
        name="automations-action-delete",
    ),
    path(
        f"{PREFIX}/actions/<int:action_id>/move/",
        views.action_move,
        name="automations-action-move",
    ),
    path(f"{PREFIX}/test/", views.automation_test, name="automations-test-send"),
]
