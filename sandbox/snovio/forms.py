"""Forms of the play pages (the Snov.io user's side of the sandbox)."""

from django import forms

from sandbox.snovio.events import EventKind
from sandbox.snovio.models import (
    Campaign,
    CampaignStatus,
    EmailStatus,
    FieldType,
    Prospect,
    ProspectList,
)
from sandbox.snovio.services import ProspectData
from sandbox.snovio.webhooks import EVENT_CATALOGUE

EVENT_CHOICES = [
    (f"{obj}.{action}", f"{obj}.{action}")
    for obj, actions in EVENT_CATALOGUE.items()
    for action in actions
]


class ListForm(forms.Form):
    name = forms.CharField(label="List name", max_length=200)


class CustomFieldForm(forms.Form):
    name = forms.CharField(label="Field name", max_length=100)
    type = forms.ChoiceField(label="Data type", choices=FieldType.choices)


class CampaignForm(forms.Form):
    name = forms.CharField(label="Campaign name", max_length=200)
    prospect_list = forms.ModelChoiceField(label="Prospect list", queryset=ProspectList.objects)
    status = forms.ChoiceField(label="Status", choices=CampaignStatus.choices)

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prospect_list"].queryset = account.lists.filter(is_deleted=False)


class EventForm(forms.Form):
    campaign = forms.ModelChoiceField(label="Campaign", queryset=Campaign.objects)
    kind = forms.ChoiceField(label="Event", choices=EventKind.choices)
    reply_text = forms.CharField(
        label="Reply text (for “Prospect replied”)",
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = account.campaigns.all()


class FaultForm(forms.Form):
    path_prefix = forms.CharField(
        label="Path prefix",
        initial="/v1/",
        help_text="Relative to /sandbox/snovio, e.g. /v1/get-balance",
    )
    status = forms.IntegerField(label="HTTP status", initial=500, min_value=400, max_value=599)
    remaining = forms.IntegerField(label="Number of calls", initial=1, min_value=1, max_value=1000)


class RateLimitForm(forms.Form):
    enabled = forms.BooleanField(label="Limit requests per minute", required=False)
    per_minute = forms.IntegerField(label="Requests per minute", min_value=1, max_value=10000)


class WebhookForm(forms.Form):
    event = forms.ChoiceField(label="Event", choices=EVENT_CHOICES)
    endpoint_url = forms.URLField(label="Endpoint URL", max_length=500, assume_scheme="https")


class ProspectForm(forms.Form):
    email = forms.EmailField(label="Email", required=False)
    email_status = forms.ChoiceField(label="Email status", choices=EmailStatus.choices)
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    name = forms.CharField(label="Full name", required=False, max_length=200)
    position = forms.CharField(label="Position", required=False, max_length=200)
    company_name = forms.CharField(label="Company name", required=False, max_length=200)
    company_site = forms.CharField(label="Company site", required=False, max_length=300)
    country = forms.CharField(label="Country", required=False, max_length=100)
    locality = forms.CharField(label="Locality", required=False, max_length=200)
    phones = forms.CharField(
        label="Phones",
        required=False,
        help_text="One per line",
        widget=forms.Textarea({"rows": 2}),
    )
    linkedin = forms.URLField(label="LinkedIn profile URL", required=False, assume_scheme="https")
    lists = forms.ModelMultipleChoiceField(
        label="Lists", queryset=ProspectList.objects, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, account, prospect: Prospect | None = None, **kwargs):
        if prospect is not None:
            kwargs.setdefault("initial", initial_for(prospect))
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = account.lists.filter(is_deleted=False)
        self.custom_fields = list(account.custom_fields.all())
        for field in self.custom_fields:
            self.fields[f"cf_{field.pk}"] = _custom_input(field)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("linkedin"):
            raise forms.ValidationError("Give an email or a LinkedIn profile URL.")
        return cleaned

    def prospect_data(self) -> ProspectData:
        data = self.cleaned_data
        custom = {f.name: _as_text(data.get(f"cf_{f.pk}")) for f in self.custom_fields}
        return ProspectData(
            **{key: data[key] for key in PLAIN_FIELDS},
            phones=[line.strip() for line in data["phones"].splitlines() if line.strip()],
            social_links={"linkedIn": data["linkedin"]} if data["linkedin"] else {},
            custom_fields=custom,
        )


PLAIN_FIELDS = [
    "email",
    "email_status",
    "first_name",
    "last_name",
    "name",
    "position",
    "company_name",
    "company_site",
    "country",
    "locality",
]


def _as_text(value) -> str:
    return "" if value is None else str(value)


def _custom_input(field) -> forms.Field:
    label = f"{field.name} (custom field)"
    if field.type == FieldType.NUMBER:
        return forms.DecimalField(label=label, required=False)
    if field.type == FieldType.DATE:
        return forms.DateField(
            label=label, required=False, widget=forms.DateInput({"type": "date"})
        )
    return forms.CharField(label=label, required=False, max_length=500)


def initial_for(prospect: Prospect) -> dict:
    initial = {key: getattr(prospect, key) for key in PLAIN_FIELDS}
    initial["phones"] = "\n".join(prospect.phones)
    initial["linkedin"] = prospect.social_links.get("linkedIn", "")
    initial["lists"] = list(prospect.lists.all())
    for field in prospect.account.custom_fields.all():
        initial[f"cf_{field.pk}"] = prospect.custom_fields.get(field.name, "")
    return initial
