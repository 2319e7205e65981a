from wagtail.admin.forms import WagtailAdminModelForm

from .roles import publications_for_user


class PublicationScopedForm(WagtailAdminModelForm):
    """An item can only be filed under a publication the user works for."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "publication" in self.fields:
            self.fields["publication"].queryset = publications_for_user(for_user)
