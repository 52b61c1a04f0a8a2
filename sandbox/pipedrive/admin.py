from django.contrib import admin
from django.db import models

from integrations.crypto import mask

from .models import (
    AccessToken,
    Company,
    Fault,
    Person,
    PersonField,
    RateLimitSettings,
    User,
    Webhook,
    WebhookDelivery,
)

# Tokens and passwords are what connections authenticate with: shown masked, never edited here.


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "company", "is_deleted", "update_time"]
    search_fields = ["name", "emails"]
    list_filter = ["company", "is_deleted"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "__str__", "webhook", "status", "attempt", "next_attempt_at"]
    list_filter = ["status"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "email", "company", "is_admin", "active"]
    list_filter = ["company", "is_admin", "active"]
    search_fields = ["name", "email"]
    exclude = ["password", "api_token"]
    readonly_fields = ["masked_api_token"]

    @admin.display(description="API token")
    def masked_api_token(self, obj):
        return mask(obj.api_token)


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "company", "expires_at", "revoked", "refresh_revoked"]
    list_filter = ["revoked", "refresh_revoked"]
    exclude = ["access_token", "refresh_token"]
    readonly_fields = ["masked_access_token", "masked_refresh_token", "grant"]

    @admin.display(description="Access token")
    def masked_access_token(self, obj):
        return mask(obj.access_token)

    @admin.display(description="Refresh token")
    def masked_refresh_token(self, obj):
        return mask(obj.refresh_token)


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["id", "event_action", "event_object", "subscription_url", "company", "type"]
    list_filter = ["company", "type", "is_active"]
    exclude = ["http_auth_password"]
    readonly_fields = ["masked_http_auth_password"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="HTTP auth password")
    def masked_http_auth_password(self, obj):
        return mask(obj.http_auth_password)


admin.site.register([Company, PersonField, Fault, RateLimitSettings])
