from wagtail.admin.forms import WagtailAdminModelForm

from masthead.publications.roles import publications_for_user


class IssueForm(WagtailAdminModelForm):
    """Editors compose issues of their own publications' newsletters, from its articles."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None:
            newsletters = self.fields["newsletter"].queryset
            self.fields["newsletter"].queryset = newsletters.filter(
                publication__in=publications_for_user(for_user)
            )

    def is_valid(self):
        # The articles formset is validated with the form: check them once both are clean.
        valid = super().is_valid()
        newsletter = self.cleaned_data.get("newsletter") if valid else None
        if newsletter is None:
            return valid
        root = newsletter.publication.root_page
        for form in self.formsets["items"].forms:
            article = form.cleaned_data.get("article")
            if (
                article
                and not form.cleaned_data.get("DELETE")
                and not article.is_descendant_of(root)
            ):
                form.add_error("article", "This article belongs to another publication.")
                self.add_error(None, f"“{article.title}” belongs to another publication.")
                valid = False
        return valid
