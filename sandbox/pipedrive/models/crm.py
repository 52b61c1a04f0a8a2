import secrets

from django.db import models
from django.utils import timezone

from .accounts import Company, User


def new_field_key() -> str:
    return secrets.token_hex(20)


class Organization(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(max_length=255)
    owner = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    address = models.JSONField(null=True, blank=True)
    website = models.CharField(max_length=255, blank=True)
    visible_to = models.IntegerField(default=3)
    label_ids = models.JSONField(default=list, blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)
    is_deleted = models.BooleanField(default=False)
    add_time = models.DateTimeField(default=timezone.now)
    update_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Person(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="persons")
    name = models.CharField(max_length=255)
    first_name = models.CharField(max_length=255, blank=True)
    last_name = models.CharField(max_length=255, blank=True)
    emails = models.JSONField(default=list, blank=True)  # [{value, primary, label}]
    phones = models.JSONField(default=list, blank=True)
    owner = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    org = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True)
    job_title = models.CharField(max_length=255, blank=True)
    visible_to = models.IntegerField(default=3)
    label_ids = models.JSONField(default=list, blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)  # {field key: v2 value}
    is_deleted = models.BooleanField(default=False)
    add_time = models.DateTimeField(default=timezone.now)
    update_time = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name

    @property
    def primary_email(self) -> str:
        for item in self.emails:
            if item.get("primary"):
                return item.get("value") or ""
        return self.emails[0]["value"] if self.emails else ""


class PersonField(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="person_fields")
    key = models.CharField(max_length=64, default=new_field_key)
    name = models.CharField(max_length=255)
    field_type = models.CharField(max_length=32)
    options = models.JSONField(null=True, blank=True)  # [{id, label}]
    is_custom = models.BooleanField(default=True)
    order_nr = models.IntegerField(default=0)
    mandatory = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    add_time = models.DateTimeField(default=timezone.now)
    update_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order_nr", "id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "key"], name="sandbox_pd_field_key")
        ]

    def __str__(self):
        return f"{self.name} ({self.field_type})"


class Pipeline(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="pipelines")
    name = models.CharField(max_length=255)
    order_nr = models.IntegerField(default=0)
    is_deal_probability_enabled = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)
    add_time = models.DateTimeField(default=timezone.now)
    update_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order_nr", "id"]

    def __str__(self):
        return self.name


class Stage(models.Model):
    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=255)
    order_nr = models.IntegerField(default=0)
    deal_probability = models.IntegerField(default=100)
    is_deal_rot_enabled = models.BooleanField(default=False)
    days_to_rotten = models.IntegerField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False)
    add_time = models.DateTimeField(default=timezone.now)
    update_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order_nr", "id"]

    def __str__(self):
        return self.name


class DealStatus(models.TextChoices):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class Deal(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="deals")
    title = models.CharField(max_length=255)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True)
    org = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True)
    owner = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    creator = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pipeline = models.ForeignKey(Pipeline, on_delete=models.PROTECT)
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT)
    status = models.CharField(max_length=8, choices=DealStatus.choices, default=DealStatus.OPEN)
    value = models.FloatField(default=0)
    currency = models.CharField(max_length=3, default="EUR")
    probability = models.FloatField(null=True, blank=True)
    lost_reason = models.CharField(max_length=255, null=True, blank=True)
    expected_close_date = models.DateField(null=True, blank=True)
    visible_to = models.IntegerField(default=3)
    label_ids = models.JSONField(default=list, blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)
    origin = models.CharField(max_length=32, default="API")
    is_deleted = models.BooleanField(default=False)
    add_time = models.DateTimeField(default=timezone.now)
    update_time = models.DateTimeField(default=timezone.now)
    stage_change_time = models.DateTimeField(null=True, blank=True)
    won_time = models.DateTimeField(null=True, blank=True)
    lost_time = models.DateTimeField(null=True, blank=True)
    close_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title


class ActivityType(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="activity_types")
    key_string = models.CharField(max_length=64)
    name = models.CharField(max_length=100)
    icon_key = models.CharField(max_length=32, default="task")
    color = models.CharField(max_length=6, default="FFFFFF")
    order_nr = models.IntegerField(default=0)
    is_custom = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    add_time = models.DateTimeField(default=timezone.now)
    update_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order_nr", "id"]

    def __str__(self):
        return self.name


class Activity(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="activities")
    subject = models.CharField(max_length=255)
    type = models.CharField(max_length=64)  # ActivityType.key_string
    owner = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    creator = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deal = models.ForeignKey(Deal, on_delete=models.SET_NULL, null=True, blank=True)
    org = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True)
    # The primary participant, mirrored for filtering; the full list is in `participants`.
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True)
    participants = models.JSONField(default=list, blank=True)  # [{person_id, primary}]
    done = models.BooleanField(default=False)
    due_date = models.DateField(null=True, blank=True)
    due_time = models.CharField(max_length=5, blank=True)
    duration = models.CharField(max_length=5, blank=True)
    busy = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    public_description = models.TextField(blank=True)
    priority = models.IntegerField(null=True, blank=True)
    marked_as_done_time = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False)
    add_time = models.DateTimeField(default=timezone.now)
    update_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "activities"

    def __str__(self):
        return self.subject


class Note(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="notes")
    content = models.TextField()
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True)
    deal = models.ForeignKey(Deal, on_delete=models.SET_NULL, null=True, blank=True)
    org = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True)
    pinned_to_person = models.BooleanField(default=False)
    pinned_to_deal = models.BooleanField(default=False)
    pinned_to_organization = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    add_time = models.DateTimeField(default=timezone.now)
    update_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.content[:40]
