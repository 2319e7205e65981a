from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from masthead.publications.roles import belongs_to_users_publications


class CorrectionForm(WagtailAdminModelForm):
    """A note goes on a live story of one of the editor's own publications, and stays on it."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if self.instance.pk:
            self.fields["article"].disabled = True

    def clean_article(self):
        article = self.cleaned_data["article"]
        if self.instance.pk:
            return self.instance.article
        if not article.live:
            raise forms.ValidationError("Corrections go on published stories.")
        if self.for_user is not None and not belongs_to_users_publications(self.for_user, article):
            raise forms.ValidationError("This story belongs to another publication.")
        return article

    def save(self, commit=True):
        correction = super().save(commit=False)
        if commit:
            correction.record(self.for_user)
        return correction
