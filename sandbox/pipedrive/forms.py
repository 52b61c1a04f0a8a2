"""Forms of the play pages (the simulated Pipedrive web app)."""

from django import forms

from .models import Fault, Organization, PersonField, RateLimitSettings, User

FIELD_TYPE_CHOICES = [
    ("varchar", "Text (up to 255 characters)"),
    ("varchar_auto", "Autocomplete text"),
    ("text", "Large text"),
    ("double", "Numerical"),
    ("monetary", "Monetary"),
    ("date", "Date"),
    ("enum", "Single option"),
    ("set", "Multiple options"),
    ("phone", "Phone"),
    ("address", "Address"),
    ("time", "Time"),
    ("daterange", "Date range"),
    ("user", "User"),
    ("org", "Organization"),
    ("people", "Person"),
]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _contacts(values: list[str]) -> list[dict]:
    return [{"value": v, "primary": i == 0, "label": "work"} for i, v in enumerate(values)]


class PersonForm(forms.Form):
    name = forms.CharField(max_length=255)
    emails = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="One per line; the first is the primary email.",
    )
    phones = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="One per line."
    )
    job_title = forms.CharField(max_length=255, required=False)
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    org = forms.ModelChoiceField(
        queryset=Organization.objects.none(), required=False, label="Organization"
    )

    def __init__(self, *args, company, fields: list[PersonField], **kwargs):
        super().__init__(*args, **kwargs)
        self.custom = fields
        self.fields["owner"].queryset = company.users.all()
        self.fields["org"].queryset = company.organizations.filter(is_deleted=False)
        for field in fields:
            self.fields.update(custom_form_fields(field))

    def emails_value(self) -> list[str]:
        return _lines(self.cleaned_data["emails"])

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "emails": _contacts(self.emails_value()),
            "phones": _contacts(_lines(data["phones"])),
            "job_title": data["job_title"],
            "owner_id": data["owner"].id,
            "org_id": data["org"].id if data["org"] else None,
            "custom_fields": {f.key: custom_value(f, data) for f in self.custom},
        }

    def custom_bound_fields(self):
        return [self[name] for name in self.fields if name.startswith("cf_")]


def custom_form_fields(field: PersonField) -> dict:
    name, label, kind = f"cf_{field.key}", field.name, field.field_type
    options = [(str(o["id"]), o["label"]) for o in field.options or []]
    if kind == "text":
        return {name: forms.CharField(label=label, required=False, widget=forms.Textarea)}
    if kind == "double":
        return {name: forms.FloatField(label=label, required=False)}
    if kind == "monetary":
        return {
            name: forms.FloatField(label=f"{label} (amount)", required=False),
            f"{name}_currency": forms.CharField(
                label=f"{label} (currency)", max_length=3, required=False, initial="EUR"
            ),
        }
    if kind == "date":
        return {name: forms.DateField(label=label, required=False, widget=DateInput)}
    if kind == "enum":
        return {
            name: forms.ChoiceField(label=label, required=False, choices=[("", "—")] + options)
        }
    if kind == "set":
        widget = forms.CheckboxSelectMultiple
        multiple = forms.MultipleChoiceField(label=label, required=False, choices=options)
        multiple.widget = widget(choices=options)
        return {name: multiple}
    if kind in ("user", "org", "people"):
        return {name: forms.IntegerField(label=f"{label} (id)", required=False)}
    return {name: forms.CharField(label=label, required=False, max_length=255)}


class DateInput(forms.DateInput):
    input_type = "date"


def custom_value(field: PersonField, data: dict):
    """The v2 value of one custom field from the cleaned form data (None: empty)."""
    raw = data.get(f"cf_{field.key}")
    if raw in (None, "", []):
        return None
    kind = field.field_type
    if kind == "monetary":
        return {"value": raw, "currency": data.get(f"cf_{field.key}_currency") or "EUR"}
    if kind == "date":
        return raw.isoformat()
    if kind == "enum":
        return int(raw)
    if kind == "set":
        return [int(v) for v in raw]
    if kind in ("address", "time", "daterange", "timerange"):
        return {"value": raw}
    return raw


def custom_initial(field: PersonField, value) -> dict:
    name = f"cf_{field.key}"
    if value is None:
        return {}
    kind = field.field_type
    if kind == "monetary" and isinstance(value, dict):
        return {name: value.get("value"), f"{name}_currency": value.get("currency")}
    if kind == "enum":
        return {name: str(value)}
    if kind == "set":
        return {name: [str(v) for v in value]}
    if isinstance(value, dict):
        return {name: value.get("value")}
    return {name: value}


class MergeForm(forms.Form):
    survivor = forms.IntegerField(
        label="Person to keep (id)", help_text="This person stays; the other is merged into it."
    )
    merged = forms.IntegerField(label="Person to merge away (id)")

    def clean(self):
        data = super().clean()
        if data.get("survivor") and data.get("survivor") == data.get("merged"):
            raise forms.ValidationError("Choose two different persons.")
        return data


class PipelineForm(forms.Form):
    name = forms.CharField(max_length=255, label="Pipeline name")
    stages = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Stages",
        help_text="One per line, in order.",
    )

    def stage_names(self) -> list[str]:
        return _lines(self.cleaned_data["stages"])


class StageForm(forms.Form):
    pipeline = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=255, label="New stage name")


class PersonFieldForm(forms.Form):
    name = forms.CharField(max_length=255, label="Field name")
    field_type = forms.ChoiceField(choices=FIELD_TYPE_CHOICES, label="Field type")
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For single and multiple options: one option per line.",
    )

    def clean(self):
        data = super().clean()
        if data.get("field_type") in ("enum", "set") and not _lines(data.get("options")):
            self.add_error("options", "Give at least one option.")
        return data

    def labels(self) -> list[str]:
        return _lines(self.cleaned_data["options"])


class RateLimitForm(forms.ModelForm):
    class Meta:
        model = RateLimitSettings
        fields = ["enabled", "oauth_burst", "api_token_burst", "search_burst", "daily_budget"]
        labels = {"enabled": "Enforce rate limits"}


class FaultForm(forms.ModelForm):
    class Meta:
        model = Fault
        fields = ["path_prefix", "method", "http_status", "remaining", "retry_after"]
        labels = {
            "path_prefix": "Path prefix (e.g. /api/v2/persons)",
            "remaining": "Number of requests",
            "retry_after": "Retry-After (seconds)",
        }
