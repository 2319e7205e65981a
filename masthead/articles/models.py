"""Articles, the sections that hold them, the people who write them and the front page."""

import functools
import hashlib
import json

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models
from django.db.models import F, Prefetch, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.http import Http404
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, Site
from wagtail.search import index

from masthead.publications.cache import mark_cacheable
from masthead.publications.chrome import Publication
from masthead.publications.pages import PublicationPageMixin, with_live_ancestors
from masthead.publications.roles import images_of_other_publications, publication_of_page

from . import rendering
from .blocks import (
    BODY_IMAGE_SPEC,
    ArticleBodyBlock,
    body_image_ids,
    body_problems,
    images_already_loaded,
)
from .forms import ArticleForm, AuthorForm
from .sanitise import is_web_address

STANDFIRST_MAX_LENGTH = 220
LEAD_IMAGE_SPEC = "fill-1200x675"
# The lead image as search engines ask for it in structured data: 16:9, 4:3 and 1:1.
SHARING_IMAGE_SPECS = (LEAD_IMAGE_SPEC, "fill-1200x900", "fill-1200x1200")
CARD_IMAGE_SPEC = "fill-640x360"
ARTICLES_PER_PAGE = 12
SECTION_ARTICLES_ON_FRONT = 4
LATEST_ON_FRONT = 6
# Addresses other pages of a publication answer at (author and tag pages, search, feeds,
# corrections).
RESERVED_SECTION_SLUGS = {"authors", "tags", "search", "feeds", "corrections"}
# Wagtail hook: fn(article, request, context), for capabilities that fill the article page's
# template blocks without this app knowing them.
ARTICLE_CONTEXT_HOOK = "masthead_article_context"
# Wagtail hook: fn(article) -> reasons (strings) its latest version may not be published now, for
# ways of publishing other than the admin's (which has Wagtail's before_publish_page).
PUBLISH_REFUSALS_HOOK = "masthead_publish_refusals"


class Author(index.Indexed, models.Model):
    """A person in bylines; belongs to one publication, whose editors alone may change it."""

    publication = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    job_title = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True, max_length=1000)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("publication"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("job_title"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    base_form_class = AuthorForm

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "slug"], name="unique_author_slug")
        ]

    def __str__(self):
        return self.name


class ArticleQuerySet(PageQuerySet):
    def live(self):
        """Live to readers: published, and under a live section of a live front page."""
        return with_live_ancestors(super().live())

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def newest_in_each_section(self, count):
        """The newest `count` articles of every section, in one query (a window function)."""
        section_path = Substr("path", 1, Length("path") - ArticlePage.steplen)
        rank = Window(
            RowNumber(),
            partition_by=[section_path],
            order_by=[F("first_published_at").desc(), F("pk").desc()],
        )
        return self.annotate(section_path=section_path, rank=rank).filter(rank__lte=count)

    def for_listing(self):
        """What a list of article cards needs, in three queries whatever the list's length."""
        images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
        return self.live().prefetch_related(Prefetch("lead_image", queryset=images)).defer("body")


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


def paginate(request, queryset):
    paginator = Paginator(queryset, ARTICLES_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such page of articles") from error


class FrontPage(PublicationPageMixin, RoutablePageMixin, Page):
    """The home page of one publication: lead story, latest articles, then each section."""

    lead_story = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty to lead with the newest article that has a lead image.",
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.SectionPage"]
    content_panels = Page.content_panels + [FieldPanel("lead_story")]
    template = "pages/front_page.html"

    class Meta:
        verbose_name = "front page"

    def clean(self):
        super().clean()
        if self.lead_story and self.pk and not self.lead_story.is_descendant_of(self):
            raise ValidationError({"lead_story": "Choose a story from this publication."})

    def route(self, request, path_components):
        publication = Publication.for_request(request)
        result = self._route_article(request, publication, path_components) or super().route(
            request, path_components
        )
        # Tell the page whether its publication has any private pages at all; when it has none,
        # the page need not look its own view restrictions up (PublicationPageMixin).
        result.page.publication_has_view_restrictions = publication.has_view_restrictions
        return result

    def _route_article(self, request, publication, path_components):
        """An article URL is /section/article/: find it in one query by its url_path instead
        of walking the tree, as long as its section is a live menu section of this front page."""
        if len(path_components) != 2 or publication.site.root_page_id != self.pk:
            return None
        url_path = f"{self.url_path}{path_components[0]}/{path_components[1]}/"
        # Its ancestors are this front page and a menu section, both known live here, so the
        # query needs no ancestor check (ArticleQuerySet.live); it brings the stored page too.
        article = live_article_at(url_path)
        if (
            article is None
            or not self.live
            or article.section_path() not in publication.sections_by_path
        ):
            return None
        return article.route(request, [])

    def articles(self):
        return ArticlePage.objects.descendant_of(self).for_listing().newest_first()

    @path("")
    def front(self, request):
        """Each story once: the lead, the latest few, then each section's newest of the rest."""
        newest = list(self.articles()[: LATEST_ON_FRONT + 1])
        lead = self._lead_story(newest)
        latest = [a for a in newest if a != lead][:LATEST_ON_FRONT]
        shown = [a.pk for a in latest] + ([lead.pk] if lead else [])
        rest = self.articles().exclude(pk__in=shown)
        by_path = {}
        for article in rest.newest_in_each_section(SECTION_ARTICLES_ON_FRONT):
            by_path.setdefault(article.section_path, []).append(article)
        by_section = [
            (section, url, by_path[section.path])
            for section, url in Publication.for_request(request).sections
            if section.path in by_path
        ]
        return self.render(
            request,
            context_overrides={
                "lead": lead,
                "latest": latest,
                "by_section": by_section,
                "is_front": True,
            },
        )

    def _lead_story(self, newest):
        """The editors' choice while it is live; otherwise the newest story with a picture."""
        if self.lead_story_id:
            chosen = next((a for a in newest if a.pk == self.lead_story_id), None)
            chosen = chosen or self.articles().filter(pk=self.lead_story_id).first()
            if chosen:
                return chosen
        pictured = next((a for a in newest if a.lead_image_id), None)
        return pictured or self.articles().filter(lead_image__isnull=False).first()

    @path("authors/<slug:slug>/", name="author")
    def author(self, request, slug):
        author = Author.objects.filter(publication__root_page=self, slug=slug).first()
        if author is None:
            raise Http404("No such author")
        articles = paginate(request, self.articles().filter(byline__author=author).distinct())
        if not articles.paginator.count:
            raise Http404("This author has nothing published here yet")
        return self.render(
            request,
            template="pages/author_page.html",
            context_overrides={"author": author, "articles": articles},
        )

    @path("tags/<slug:slug>/", name="tag")
    def tag(self, request, slug):
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404("No such tag")
        articles = paginate(request, self.articles().filter(tags=tag).distinct())
        if not articles.paginator.count:
            raise Http404("No articles with this tag here")
        return self.render(
            request,
            template="pages/tag_page.html",
            context_overrides={"tag": tag, "articles": articles},
        )


class SectionPage(PublicationPageMixin, Page):
    """A section of the paper (Politics, Science, …): its articles, newest first."""

    description = models.CharField(max_length=255, blank=True)

    parent_page_types = ["articles.FrontPage"]
    subpage_types = ["articles.ArticlePage"]
    content_panels = Page.content_panels + [FieldPanel("description")]
    template = "pages/section_page.html"

    class Meta:
        verbose_name = "section"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SECTION_SLUGS:
            raise ValidationError({"slug": f"'{self.slug}' is the address of other pages."})

    def route(self, request, path_components):
        # Wagtail checks only the last page of a path for being live; a section that is not
        # live hides its articles too.
        if path_components and not self.live:
            raise Http404("This section is not published")
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.child_of(self).for_listing().newest_first()
        context["articles"] = paginate(request, articles)
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class TypeOfWork(models.TextChoices):
    """What kind of journalism a story is (the Trust Project's "type of work" indicator):
    readers see every kind but news labelled above the headline and on every card."""

    NEWS = "news", "News"
    ANALYSIS = "analysis", "Analysis"
    OPINION = "opinion", "Opinion"
    REVIEW = "review", "Review"
    SPONSORED = "sponsored", "Sponsored"
    PRESS_RELEASE = "press_release", "Press release"


class ArticlePage(PublicationPageMixin, Page):
    type_of_work = models.CharField(
        max_length=16,
        choices=TypeOfWork.choices,
        default=TypeOfWork.NEWS,
        help_text="Readers see it labelled above the headline for every type but news.",
    )
    standfirst = models.CharField(
        max_length=STANDFIRST_MAX_LENGTH,
        help_text="One sentence under the headline that tells the reader what the story is.",
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_alt_text = models.CharField(max_length=250, blank=True)
    lead_image_caption = models.CharField(max_length=300, blank=True)
    lead_image_credit = models.CharField(max_length=120, blank=True)
    body = StreamField(ArticleBodyBlock())
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    # Provenance of a story that first ran elsewhere (imported from an old site, syndicated).
    first_published_by = models.CharField(
        max_length=200, blank=True, help_text="The outlet that published this story first."
    )
    first_published_on = models.DateTimeField(
        null=True, blank=True, help_text="When it was first published there."
    )
    original_url = models.URLField(
        max_length=500, blank=True, help_text="The story's address at that outlet."
    )
    syndicated = models.BooleanField(
        default=False,
        help_text="Republished by arrangement: search engines are pointed at the original.",
    )
    # Set only by publishing, never by editors: see articles.signals.
    text_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_text_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Byline and topic names copied at publish time, so a reader's page needs no query for
    # them; refreshed when an author is edited (see articles.tasks).
    credits = models.JSONField(default=dict, blank=True, editable=False)

    objects = ArticleManager()

    parent_page_types = ["articles.SectionPage"]
    subpage_types = []
    template = "pages/article_page.html"
    base_form_class = ArticleForm
    exclude_fields_in_copy = ["text_updated_at", "published_text_fingerprint", "credits"]
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    content_panels = [
        FieldPanel("type_of_work"),
        TitleFieldPanel("title", heading="Headline"),
        FieldPanel("standfirst"),
        InlinePanel("byline", heading="Byline", label="Author", min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_alt_text"),
                FieldPanel("lead_image_caption"),
                FieldPanel("lead_image_credit"),
            ],
            heading="Lead image",
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("first_published_by"),
                FieldPanel("first_published_on"),
                FieldPanel("original_url"),
                FieldPanel("syndicated"),
            ],
            heading="First published elsewhere",
            classname="collapsed",
        ),
    ]

    class Meta:
        verbose_name = "article"

    def clean(self):
        super().clean()
        if self.lead_image_id and not self.lead_image_alt_text:
            raise ValidationError(
                {"lead_image_alt_text": "Describe the lead image for readers who cannot see it."}
            )
        if problems := body_problems(self.body):
            raise ValidationError({"body": problems})
        self.check_provenance()
        if self.path and (site := publication_of_page(self)):
            self.check_images_belong_to(site)

    def check_provenance(self):
        errors = {}
        if self.original_url and not is_web_address(self.original_url):
            errors["original_url"] = "Give the original as an http:// or https:// address."
        if (self.first_published_on or self.original_url) and not self.first_published_by:
            errors["first_published_by"] = "Name the outlet that published it first."
        if self.first_published_by and not self.first_published_on:
            errors["first_published_on"] = "Give the date it was first published there."
        if self.syndicated and not self.original_url:
            errors["original_url"] = "A syndicated story needs the original's address."
        if errors:
            raise ValidationError(errors)

    @property
    def type_of_work_label(self):
        """The label readers see, or "" for news."""
        return "" if self.type_of_work == TypeOfWork.NEWS else self.get_type_of_work_display()

    def check_images_belong_to(self, site):
        """Refuse images filed under another publication, whoever writes the article (the
        admin's chooser hides them, but a form post, the shell or an import need not use it)."""
        body_ids = body_image_ids(self.body.raw_data)
        foreign = images_of_other_publications(site, [self.lead_image_id, *body_ids])
        errors = {}
        if self.lead_image_id in foreign:
            errors["lead_image"] = "This image belongs to another publication."
        if foreign.intersection(body_ids):
            errors[NON_FIELD_ERRORS] = "The body uses an image that belongs to another publication."
        if errors:
            raise ValidationError(errors)

    def text_fingerprint(self):
        """What readers read: a change here after publication earns an 'Updated' date."""
        body = json.dumps(self.body.get_prep_value(), sort_keys=True, cls=DjangoJSONEncoder)
        text = "\x1f".join([self.title, self.standfirst, body])
        return hashlib.sha256(text.encode()).hexdigest()

    def with_content_json(self, content):
        # A revision restores what editors wrote, never the dates publishing decided.
        obj = super().with_content_json(content)
        obj.text_updated_at = self.text_updated_at
        obj.published_text_fingerprint = self.published_text_fingerprint
        obj.credits = self.credits
        return obj

    @property
    def published_at(self):
        return self.first_published_at

    @property
    def updated_at(self):
        return self.text_updated_at

    def current_credits(self):
        """Byline and topics as they stand in this version of the article."""
        lines = sorted(self.byline.all(), key=lambda line: line.sort_order or 0)
        return {
            "byline": [{"name": line.author.name, "slug": line.author.slug} for line in lines],
            "tags": [{"name": tag.name, "slug": tag.slug} for tag in self.tags.all()],
        }

    def section_path(self):
        return self.path[: -self.steplen]

    def section_for(self, publication):
        """The article's section and its URL, from the menu the page already has when it can."""
        if found := publication.sections_by_path.get(self.section_path()):
            return found
        parent = self.get_parent()
        return parent, publication.url_for(parent)

    def serve(self, request, *args, **kwargs):
        """An anonymous reader gets the page stored at publish time when it is still good;
        otherwise the page is rendered, and stored for the next reader."""
        readers_copy = rendering.may_use_stored_page(request)
        if readers_copy and (stored := rendering.stored_response(self, request)):
            return mark_cacheable(stored, Publication.for_request(request).settings)
        if deferred := self.get_deferred_fields():  # routed with STORED_PAGE_FIELDS only
            self.refresh_from_db(fields=list(deferred))
        response = super().serve(request, *args, **kwargs)
        if readers_copy:
            rendering.keep_when_rendered(self, request, response)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        publication = Publication.for_request(request)
        context["section"], context["section_url"] = self.section_for(publication)
        fresh = getattr(request, "is_preview", False) or not self.credits
        credits = self.current_credits() if fresh else self.credits
        context["authors"], context["article_tags"] = credits["byline"], credits["tags"]
        sharing = self._load_images()
        context["lead_rendition"] = sharing[0] if sharing else None
        context["sharing_renditions"] = sharing
        # Capabilities (narration, newsletters…) add what their template blocks show.
        for add_to_context in hooks.get_hooks(ARTICLE_CONTEXT_HOOK):
            add_to_context(self, request, context)
        return context

    def _load_images(self):
        """The lead image and every body image, with their renditions, in two queries; returns
        the lead image's renditions in its sharing shapes (the first is the page's own)."""
        ids = body_image_ids(self.body.raw_data)
        if self.lead_image_id:
            ids.append(self.lead_image_id)
        if not ids:
            return []
        images = (
            get_image_model()
            .objects.prefetch_renditions(*SHARING_IMAGE_SPECS, BODY_IMAGE_SPEC)
            .in_bulk(ids)
        )
        with images_already_loaded(images):
            list(self.body)  # converts the body now; the template reuses the converted blocks
        lead = images.get(self.lead_image_id)
        return [lead.get_rendition(spec) for spec in SHARING_IMAGE_SPECS] if lead else []


class StoredPage(models.Model):
    """An article's page as every anonymous reader gets it, rendered at publish time, without
    its dateline (see articles.rendering). Compressed: about a quarter of the HTML's size."""

    article = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, primary_key=True, related_name="stored_page"
    )
    key = models.CharField(max_length=64)
    html = models.BinaryField()
    # Unix time after which it is rendered again, whatever its key says.
    expires_at = models.BigIntegerField()

    def __str__(self):
        return f"Stored page of article {self.article_id}"


STORED_PAGE_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "live",
    "live_revision_id",
    "first_published_at",
    "last_published_at",
    "text_updated_at",
    "credits",
)


class _CompiledQuery:
    """One ORM query compiled once, then run with new parameters: what Django's model iterable
    does for each query, without building and compiling the query every time."""

    def __init__(self, queryset, marker):
        compiler = queryset.query.get_compiler(using=queryset.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.marker_at = self.params.index(marker)
        self.model = compiler.klass_info["model"]
        self.using = queryset.db
        selected = compiler.klass_info["select_fields"]
        self.model_columns = slice(selected[0], selected[-1] + 1)
        self.attnames = [column[0].target.attname for column in compiler.select[self.model_columns]]
        self.annotations = dict(compiler.annotation_col_map)
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(fields).items())

    def first(self, value):
        params = list(self.params)
        params[self.marker_at] = value
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, (converters, expression) in self.converters:
            for convert in converters:
                row[position] = convert(row[position], expression, connection)
        found = self.model.from_db(self.using, self.attnames, row[self.model_columns])
        for name, position in self.annotations.items():
            setattr(found, name, row[position])
        return found


@functools.cache
def _live_article_by_address():
    marker = "\x00url_path"
    stored = {f"stored_{name}": F(f"stored_page__{name}") for name in ("key", "html", "expires_at")}
    # The few fields routing and the stored page need; serve() loads the rest when it renders.
    found = (
        ArticlePage.objects.filter(url_path=marker, live=True)
        .only(*STORED_PAGE_FIELDS)
        .annotate(**stored)
    )
    return _CompiledQuery(found[:1], marker)


def live_article_at(url_path):
    """The live article at this url_path, or None, with its stored page as `stored_key`,
    `stored_html` and `stored_expires_at`. Compiled once per process: building this query with
    the ORM took longer than running it, on every reader's request."""
    return _live_article_by_address().first(url_path)


class ArticleAuthor(Orderable):
    """One name in an article's byline, in the order the editors set."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="byline")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")

    panels = [FieldPanel("author")]


def record_publication(article, now=None):
    """Called on publish. Copies the credits; the first publish fixes the text fingerprint and
    a later change of text dates the update."""
    changes = {"credits": article.current_credits()}
    fingerprint = article.text_fingerprint()
    if fingerprint != article.published_text_fingerprint:
        changes["published_text_fingerprint"] = fingerprint
        if article.published_text_fingerprint:
            changes["text_updated_at"] = now or timezone.now()
    ArticlePage.objects.filter(pk=article.pk).update(**changes)
    for name, value in changes.items():
        setattr(article, name, value)
