from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from masthead.publications.roles import publications_for_user


class ArticleForm(WagtailAdminPageForm):
    """Bylines may only name the article's own publication's authors."""

    def clean(self):
        cleaned_data = super().clean()
        parent = self.parent_page
        site = parent.get_site() if parent else None
        if site is None:
            return cleaned_data
        for form in self.formsets["byline"].forms:
            author = form.cleaned_data.get("author") if hasattr(form, "cleaned_data") else None
            if author and author.publication_id != site.pk:
                form.add_error("author", f"{author} writes for another publication.")
                raise ValidationError("A byline names an author from another publication.")
        return cleaned_data


class AuthorForm(WagtailAdminModelForm):
    """An author can only be filed under a publication the editor works for."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "publication" in self.fields:
            self.fields["publication"].queryset = publications_for_user(for_user)
