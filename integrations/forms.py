from django import forms
from django.utils.translation import gettext_lazy as _


class SnovioConnectForm(forms.Form):
    client_id = forms.CharField(
        label=_("API User ID"),
        max_length=200,
        help_text=_("In Snov.io: Account settings → API → API User ID."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    client_secret = forms.CharField(
        label=_("API Secret"),
        max_length=200,
        help_text=_("Shown next to the User ID. It is stored encrypted and never shown again."),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("client_id", "client_secret"):
            if name in cleaned:
                cleaned[name] = cleaned[name].strip()
        return cleaned
