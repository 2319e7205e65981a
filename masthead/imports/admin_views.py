"""Editors upload an export, a feed or a saved page and read the import's report."""

from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from wagtail.models import Site

from masthead.articles.models import SectionPage
from masthead.publications.roles import publications_edited_by

from .formats import FORMATS
from .models import ImportRun
from .tasks import run_uploaded_import

FORMAT_LABELS = {
    "wordpress": "WordPress export (WXR .xml)",
    "ghost": "Ghost export (.json)",
    "feed": "RSS or Atom feed",
    "html": "A saved article page (.html)",
}


class ImportForm(forms.Form):
    publication = forms.ModelChoiceField(queryset=Site.objects.none())
    format = forms.ChoiceField(choices=[(name, FORMAT_LABELS[name]) for name in FORMATS])
    file = forms.FileField()
    section = forms.SlugField(
        required=False, help_text="File every story in this section (its slug). Optional."
    )
    draft = forms.BooleanField(required=False, label="Import as drafts for review")
    dry_run = forms.BooleanField(required=False, label="Dry run: report without writing")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [site.pk for site in publications_edited_by(user)]
        self.fields["publication"].queryset = Site.objects.filter(pk__in=allowed)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            limit = settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(
                f"The file is larger than {limit} MB; import it with the import_articles command."
            )
        return upload

    def clean(self):
        data = super().clean()
        site, slug = data.get("publication"), data.get("section")
        if site and slug and not SectionPage.objects.child_of(site.root_page).filter(slug=slug):
            self.add_error("section", f"{site.site_name} has no section with this slug.")
        return data


def index(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = ImportRun.objects.create(
            publication=data["publication"],
            requested_by=request.user,
            format=data["format"],
            file_name=data["file"].name[:255],
            upload=data["file"].read(),
            section_slug=data["section"],
            draft=data["draft"],
            dry_run=data["dry_run"],
        )
        transaction.on_commit(lambda: run_uploaded_import.enqueue(run.pk))
        return redirect("imports:run", run.pk)
    runs = ImportRun.objects.filter(
        publication__in=[site.pk for site in publications_edited_by(request.user)]
    ).defer("upload", "lines")
    return TemplateResponse(request, "imports/admin/index.html", {"form": form, "runs": runs[:50]})


def run_report(request, pk):
    allowed = [site.pk for site in publications_edited_by(request.user)]
    run = get_object_or_404(
        ImportRun.objects.filter(publication__in=allowed).defer("upload"), pk=pk
    )
    return TemplateResponse(request, "imports/admin/run.html", {"run": run})


urlpatterns = [
    path("", index, name="index"),
    path("<int:pk>/", run_report, name="run"),
]
