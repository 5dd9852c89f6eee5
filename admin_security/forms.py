from django import forms

from admin_security.two_factor import normalise_code


class CodeForm(forms.Form):
    """One code: from the authenticator app, or (where allowed) a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}
        ),
    )

    def __init__(self, *args, label=None, help_text=None, numeric=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if label:
            field.label = label
        field.help_text = help_text or ""
        if numeric:
            field.widget.attrs["inputmode"] = "numeric"

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError("Type the code.")
        return code
