from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from masthead.publications.forms import PublicationScopedForm


class ArticleForm(WagtailAdminPageForm):
    """Bylines may only name the article's own publication's authors."""

    def is_valid(self):
        # The byline formset is validated with the form, so check it once both are clean.
        valid = super().is_valid()
        site = self.parent_page.get_site() if self.parent_page else None
        if not valid or site is None:
            return valid
        for form in self.formsets["byline"].forms:
            author = form.cleaned_data.get("author")
            if author and not form.cleaned_data.get("DELETE") and author.publication_id != site.pk:
                form.add_error("author", f"{author} writes for another publication.")
                self.add_error(None, "A byline names an author from another publication.")
                valid = False
        # A new article is not in the page tree yet, so its model cannot find its publication.
        if valid and self.instance.path == "":
            try:
                self.instance.check_images_belong_to(site)
            except ValidationError as error:
                self.add_error(None, error)
                valid = False
        return valid


class AuthorForm(PublicationScopedForm):
    """An author can only be filed under a publication the editor works for."""
