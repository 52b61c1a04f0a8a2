import datetime as dt
import secrets
import uuid

from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone

CODE_LIFETIME = dt.timedelta(minutes=5)
ACCESS_TOKEN_LIFETIME = dt.timedelta(seconds=3599)
REFRESH_TOKEN_IDLE_LIFETIME = dt.timedelta(days=60)


def new_api_token() -> str:
    return secrets.token_hex(20)


class Company(models.Model):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=100, unique=True)
    country = models.CharField(max_length=2, default="US")
    is_unpaid = models.BooleanField(
        default=False, help_text="Account not paid: every API call answers 402."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name

    @property
    def host(self) -> str:
        return f"{self.domain}.pipedrive.com"


class User(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="users")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    password = models.CharField(max_length=200)
    is_admin = models.BooleanField(default=False)
    api_token = models.CharField(max_length=64, unique=True, default=new_api_token)
    timezone_name = models.CharField(max_length=64, default="Europe/Berlin")
    default_currency = models.CharField(max_length=3, default="EUR")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_login = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "email"], name="sandbox_pd_user_email")
        ]
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return check_password(raw, self.password)


def new_code() -> str:
    return secrets.token_urlsafe(24)


class AuthorizationCode(models.Model):
    code = models.CharField(max_length=64, unique=True, default=new_code)
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    company = models.ForeignKey(Company, on_delete=models.CASCADE)
    redirect_uri = models.URLField(max_length=500)
    scope = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Code for {self.user_id} ({'used' if self.used_at else 'unused'})"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) > self.created_at + CODE_LIFETIME


def new_access_token() -> str:
    return f"v1u:{secrets.token_urlsafe(48)}"


def new_refresh_token() -> str:
    return f"1:1:{secrets.token_hex(32)}"


def access_expiry():
    return timezone.now() + ACCESS_TOKEN_LIFETIME


def refresh_expiry():
    return timezone.now() + REFRESH_TOKEN_IDLE_LIFETIME


class AccessToken(models.Model):
    """One access token and the refresh token issued with it. Rows of one installation share
    a `grant`: revoking the refresh token ends the whole grant (the app is uninstalled)."""

    grant = models.UUIDField(default=uuid.uuid4, db_index=True)
    access_token = models.CharField(max_length=200, unique=True, default=new_access_token)
    refresh_token = models.CharField(max_length=200, unique=True, default=new_refresh_token)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    company = models.ForeignKey(Company, on_delete=models.CASCADE)
    scope = models.TextField()
    expires_at = models.DateTimeField(default=access_expiry)
    refresh_expires_at = models.DateTimeField(default=refresh_expiry)
    revoked = models.BooleanField(default=False, help_text="The access token no longer works.")
    refresh_revoked = models.BooleanField(
        default=False, help_text="The refresh token was exchanged or revoked."
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Token of user {self.user_id} (grant {self.grant})"

    def access_is_valid(self, now=None) -> bool:
        return not self.revoked and (now or timezone.now()) < self.expires_at

    def refresh_is_valid(self, now=None) -> bool:
        return not self.refresh_revoked and (now or timezone.now()) < self.refresh_expires_at
