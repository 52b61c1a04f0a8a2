"""Who may see an integration: its owner. A foreign or unknown id is a 404, never a 403
(nobody learns which ids exist)."""

from django.shortcuts import get_object_or_404

from integrations.models import Integration


def get_integration_for(request, uuid) -> Integration:
    """The integration with this id if the logged-in user owns it; 404 otherwise."""
    return get_object_or_404(Integration, uuid=uuid, owner=request.user)
