from django.contrib import admin

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


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "company", "is_deleted", "update_time"]
    search_fields = ["name", "emails"]
    list_filter = ["company", "is_deleted"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "__str__", "webhook", "status", "attempt", "next_attempt_at"]
    list_filter = ["status"]


admin.site.register([Company, User, AccessToken, PersonField, Webhook, Fault, RateLimitSettings])
