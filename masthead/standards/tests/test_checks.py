"""Each standards check: texts that must trigger it and texts that must not."""

import datetime

import pytest
from wagtail.rich_text import RichText

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import statement_value
from masthead.standards.checks import review

# The checks read stories in memory, but a page looks its content type up when it is made.
pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 5, 31, 12, tzinfo=datetime.UTC)


def story(
    *paragraphs,
    title="Ferry fares fall",
    standfirst="Foot passengers pay less from June.",
    blocks=(),
    **fields,
):
    body = [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs] + list(blocks)
    return ArticlePage(title=title, standfirst=standfirst, body=body, **fields)


def checks(article, **kwargs):
    return [finding.check for finding in review(article, now=NOW, **kwargs)]


class TestRelativeTime:
    def test_last_week_about_january_in_a_story_of_may(self):
        article = story(
            "The council met on January 14, 2025 to set fares.", "Fares rose last week."
        )
        (finding,) = review(article, now=NOW)
        assert finding.check == "relative-time" and finding.concerns == "Fares rose last week."
        assert "January 14, 2025" in finding.why

    def test_no_false_alarm_when_the_dates_are_last_week(self):
        article = story("The council met on May 22 to set fares.", "Fares rose last week.")
        assert checks(article) == []

    def test_dates_written_day_first_or_as_iso_count(self):
        assert checks(
            story("On 3 February 2025 the ferry broke down.", "Repairs ended recently.")
        ) == ["relative-time"]
        assert checks(story("Filed 2025-01-09.", "It happened yesterday.")) == ["relative-time"]

    def test_a_story_without_dates_or_without_relative_words_is_fine(self):
        assert checks(story("Fares rose last week.")) == []
        assert checks(story("The council met on January 14, 2025.")) == []

    def test_a_published_story_is_judged_against_its_publication_date(self):
        article = story("The council met on January 14, 2025.", "Fares rose last week.")
        article.live, article.first_published_at = (
            True,
            datetime.datetime(2025, 1, 20, tzinfo=datetime.UTC),
        )
        assert checks(article) == []


class TestStatementAttribution:
    def test_a_statement_without_its_source(self):
        article = story(blocks=[("statement", statement_value(source_url=""))])
        assert checks(article) == ["statement-attribution"]
        assert "source" in review(article, now=NOW)[0].why

    def test_a_whole_statement_and_an_attributed_pull_quote_are_fine(self):
        article = story(
            blocks=[
                ("statement", statement_value(date_issued=datetime.date(2025, 5, 30))),
                ("pull_quote", {"quote": "It is a good day.", "attribution": "Harbour master"}),
            ]
        )
        assert checks(article) == []

    def test_a_pull_quote_nobody_said(self):
        article = story(blocks=[("pull_quote", {"quote": "It is a good day.", "attribution": ""})])
        assert checks(article) == ["statement-attribution"]


LONG_QUOTE = "“We have waited for this bridge for a decade and now the whole east bank can walk to the library and the school in ten minutes.”"


class TestUnattributedQuote:
    def test_a_long_quotation_that_nobody_says(self):
        assert checks(story(LONG_QUOTE)) == ["unattributed-quote"]

    def test_attribution_in_the_paragraph_or_a_short_quotation_is_fine(self):
        assert checks(story(LONG_QUOTE + " said Councillor June Ebert.")) == []
        assert checks(story(LONG_QUOTE[:-1] + ",” according to the council.")) == []
        assert checks(story("Residents called it “a good day for the east bank”.")) == []


class TestStandfirstHeadlineAndAltText:
    def test_a_standfirst_that_repeats_the_headline(self):
        assert checks(story(standfirst="Ferry fares fall.")) == ["standfirst"]
        assert checks(story(standfirst="")) == ["standfirst"]
        assert checks(story(standfirst="Foot passengers pay less from June.")) == []

    def test_a_headline_over_110_characters(self):
        long = "Ferry fares fall " + "and the harbour celebrates " * 4
        assert len(long) > 110
        assert checks(story(title=long)) == ["headline-length"]
        assert checks(story(title="Ferry fares fall for foot passengers from June")) == []

    def test_images_without_alt_text(self):
        article = story(lead_image_id=1, lead_image_alt_text="")
        assert checks(article) == ["alt-text"]
        image = {"image": None, "alt_text": "", "caption": "The quay", "credit": ""}
        assert checks(story(blocks=[("image", image)])) == ["alt-text"]
        assert checks(story(blocks=[("image", {**image, "alt_text": "Boats at the quay"})])) == []


class TestLinks:
    def test_plain_http_and_click_here(self):
        article = story('Read <a href="http://example.org/fares">the fares</a>.')
        assert checks(article) == ["links"]
        article = story('The table is <a href="https://example.org/fares">click here</a>.')
        assert checks(article) == ["links"]

    def test_https_links_that_say_where_they_lead(self):
        assert checks(story('Read <a href="https://example.org/fares">the new fares</a>.')) == []


class TestSilentChange:
    def published_days_ago(self, section, days):
        from masthead.articles.tests.factories import make_article

        article = make_article(section, "Ferry fares fall")
        ArticlePage.objects.filter(pk=article.pk).update(
            first_published_at=NOW - datetime.timedelta(days=days),
            last_published_at=NOW - datetime.timedelta(days=days),
        )
        return ArticlePage.objects.get(pk=article.pk)

    def test_a_changed_headline_a_week_on_with_no_note(self, section):
        article = self.published_days_ago(section, 7)
        assert checks(article) == []
        article.title = "Ferry fares fall by half"
        assert checks(article) == ["silent-change"]

    def test_a_correction_or_a_young_story_needs_no_note(self, section):
        from masthead.corrections.models import Correction

        article = self.published_days_ago(section, 7)
        article.title = "Ferry fares fall by half"
        Correction(article=article, text="The fall is by half.").record(None, now=NOW)
        assert checks(article) == []
        fresh = self.published_days_ago(section, 0)
        fresh.title = "Ferry fares fall by half"
        assert checks(fresh) == []


def test_blocking_checks_are_errors_and_dismissed_findings_are_left_out():
    article = story(LONG_QUOTE, standfirst="Ferry fares fall.")
    found = review(article, now=NOW, blocking={"unattributed-quote"})
    assert [(f.check, f.error) for f in found] == [
        ("unattributed-quote", True),
        ("standfirst", False),
    ]
    quote = found[0]
    assert checks(article, dismissed={(quote.check, quote.concerns)}) == ["standfirst"]
