from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integrations.admin_support import HealthColumns, HealthFilter, SupportActions
from integrations.crypto import mask
from integrations.models import Integration, PipedriveConnection, RateBudget, SnovioConnection
from syncengine.admin import ExchangeAdminForm


class SnovioInline(admin.StackedInline):
    model = SnovioConnection
    can_delete = False
    fields = ("masked_client_id", "masked_client_secret", "token_expires_at", "connected_at")
    readonly_fields = fields

    @admin.display(description=_("API User ID"))
    def masked_client_id(self, obj):
        return mask(obj.client_id)

    @admin.display(description=_("API Secret"))
    def masked_client_secret(self, obj):
        return mask(obj.client_secret)


class PipedriveInline(admin.StackedInline):
    model = PipedriveConnection
    can_delete = False
    fields = (
        "auth_method",
        "company_name",
        "company_id",
        "user_name",
        "api_domain",
        "expires_at",
        "is_broken",
        "masked_access_token",
        "masked_refresh_token",
        "masked_api_token",
        "connected_at",
    )
    readonly_fields = fields

    @admin.display(description=_("Access token"))
    def masked_access_token(self, obj):
        return mask(obj.access_token)

    @admin.display(description=pgettext_lazy("OAuth", "Refresh token"))
    def masked_refresh_token(self, obj):
        return mask(obj.refresh_token)

    @admin.display(description=_("API token"))
    def masked_api_token(self, obj):
        return mask(obj.api_token)


@admin.register(Integration)
class IntegrationAdmin(SupportActions, HealthColumns, admin.ModelAdmin):
    form = ExchangeAdminForm  # exchange settings are validated like the settings page's
    list_display = (
        "id", "owner", "status_and_reason", "last_success", "failed_in_24h", "waiting",
        "rate_limits", "running_transfer", "direction",
    )  # fmt: skip
    list_filter = (HealthFilter, "status", "direction", "pipedrive_connection__auth_method")
    search_fields = ("owner__email", "uuid", "pipedrive_connection__company_name")
    # The status changes only through the services (pause, resume, launch…), never by hand.
    readonly_fields = (
        "uuid", "status", "status_cause", "status_detail", "created_at", "updated_at",
    )  # fmt: skip
    inlines = [SnovioInline, PipedriveInline]


@admin.register(RateBudget)
class RateBudgetAdmin(admin.ModelAdmin):
    list_display = ("key", "calls_total", "throttled_total", "daily_remaining", "updated_at")
    search_fields = ("key",)
    readonly_fields = [f.name for f in RateBudget._meta.fields]
