"""Published articles are read aloud in the background, with real engines and real audio."""

import datetime
import io

import miniaudio
import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from wagtail.rich_text import RichText

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import AuthorFactory, make_article, statement_value
from masthead.narration.models import Narration, NarrationSettings, Pronunciation
from masthead.narration.script import article_script

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what publishing hands over on commit (the narration task) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def short_body(paragraph="The harbour reopens on Monday after a week of repairs."):
    return [
        ("paragraph", RichText(f"<p>{paragraph}</p>")),
        ("subheading", "What changes for ferries"),
        ("paragraph", RichText("<p>Ferries will run every half hour.</p>")),
        ("statement", statement_value(issuer="Harbour Commissioners")),
        ("paragraph", RichText("<p>Repairs cost less than expected.</p>")),
    ]


def decoded_seconds(narration):
    with default_storage.open(narration.audio.name) as audio:
        decoded = miniaudio.decode(audio.read(), nchannels=1)
    return decoded.num_frames / decoded.sample_rate


def test_publishing_narrates_the_article_into_real_audio(section, committed):
    author = AuthorFactory(publication=section.get_site(), name="Ada Whitfield")
    with committed():
        article = make_article(section, "Harbour reopens", authors=[author], body=short_body())
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.READY
    assert narration.audio.name.endswith(".mp3")
    assert default_storage.size(narration.audio.name) == narration.byte_size > 1000
    # The file decodes, and its length is the one stored (MP3 framing adds a few ms).
    assert decoded_seconds(narration) == pytest.approx(narration.duration, abs=0.2)
    assert narration.duration > 5
    assert narration.engine.startswith("eSpeak NG")
    # Chapters: the subheading and the statement, in order, after the start.
    titles = [chapter["title"] for chapter in narration.chapters]
    assert titles == ["What changes for ferries", "Statement by Harbour Commissioners"]
    starts = [chapter["start"] for chapter in narration.chapters]
    assert 0 < starts[0] < starts[1] < narration.duration


def test_the_script_reads_headline_standfirst_byline_then_the_body(section):
    author = AuthorFactory(publication=section.get_site(), name="Ada Whitfield")
    body = short_body() + [
        ("image", {"image": None, "alt_text": "x", "caption": "The quay at dawn.", "credit": ""}),
        ("pull_quote", {"quote": "Said twice", "attribution": ""}),
    ]
    article = make_article(section, "Harbour reopens", authors=[author], body=short_body())
    article.body = body
    spoken = [passage.text for passage in article_script(article)]
    assert spoken[:3] == [
        "Harbour reopens",
        "The council voted to build a crossing over the creek.",
        "By Ada Whitfield.",
    ]
    assert "What changes for ferries" in spoken
    announcement = spoken.index("Statement issued May 30, 2025 by Harbour Commissioners.")
    assert spoken[announcement + 1] == "The harbour will reopen on Monday."
    assert spoken[announcement + 2] == "End of statement."
    assert "Said twice" not in spoken  # pull quotes repeat the body
    assert "Image: The quay at dawn." not in spoken
    with_captions = [p.text for p in article_script(article, read_captions=True)]
    assert "Image: The quay at dawn." in with_captions


def test_unchanged_text_is_not_narrated_again_and_changed_text_replaces_the_audio(
    section, committed
):
    with committed():
        article = make_article(section, "Harbour reopens", body=short_body())
    first = Narration.objects.get(article=article)
    first_file = first.audio.name

    with committed():
        article.save_revision().publish()  # published again, same words
    assert Narration.objects.get(article=article).audio.name == first_file

    article.body = short_body("The harbour reopens on Tuesday instead, the board said.")
    with committed():
        article.save_revision().publish()
    second = Narration.objects.get(article=article)
    assert second.audio.name != first_file
    assert default_storage.exists(second.audio.name)
    assert not default_storage.exists(first_file)  # the old audio is gone once replaced


def test_the_lexicon_changes_what_is_spoken(section, committed):
    site = section.get_site()
    with committed():
        article = make_article(section, "Tokayev visits the port", body=short_body())
    before = Narration.objects.get(article=article)
    config = NarrationSettings.for_site(site)
    with committed():  # a new respelling narrates the publication's articles again
        Pronunciation.objects.create(publication=site, term="Tokayev", respelling="toe-kah-YEV")
    after = Narration.objects.get(article=article)
    assert after.input_fingerprint != before.input_fingerprint
    assert after.audio.name != before.audio.name
    spoken = [p.text for p in article_script(article, lexicon=config.lexicon_pairs())]
    assert spoken[0] == "toe kah yev visits the port"


def test_a_failing_engine_leaves_the_article_published_and_says_why(
    section, committed, settings, client
):
    settings.NARRATION_ENGINES = {
        **settings.NARRATION_ENGINES,
        "broken": {"BACKEND": "masthead.narration.tests.test_narration.BrokenEngine"},
    }
    settings.NARRATION_DEFAULT_ENGINE = "broken"
    with committed():
        article = make_article(section, "Harbour reopens", body=short_body())
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.FAILED
    assert "RuntimeError: the voice server is down" in narration.error
    assert narration.attempts == settings.NARRATION_MAX_ATTEMPTS  # retried, then given up
    assert not narration.audio
    page = client.get(f"/{section.slug}/{article.slug}/", HTTP_HOST=section.get_site().hostname)
    assert page.status_code == 200
    assert "Harbour reopens" in page.content.decode()
    assert 'class="listen"' not in page.content.decode()


def test_publication_can_turn_narration_off(section, committed, client):
    site = section.get_site()
    with committed():
        article = make_article(section, "Harbour reopens", body=short_body())
    url = f"/{section.slug}/{article.slug}/"
    assert 'class="listen"' in client.get(url, HTTP_HOST=site.hostname).content.decode()
    config = NarrationSettings.for_site(site)
    config.enabled = False
    with committed():
        config.save()
    assert 'class="listen"' not in client.get(url, HTTP_HOST=site.hostname).content.decode()
    with committed():
        later = make_article(section, "Ferry timetable", body=short_body())
    assert Narration.objects.get(article=later).status == Narration.Status.OFF


class BrokenEngine:
    def __init__(self, **kwargs):
        self.key, self.voice, self.rate, self.sample_rate = "broken", "", 1.0, 22050

    def synthesise(self, text):
        raise RuntimeError("the voice server is down")


def test_the_neural_voice_narrates_as_well(section, committed, settings):
    settings.NARRATION_DEFAULT_ENGINE = "piper"
    with committed():
        article = make_article(
            section, "Ferry fares fall", body=[("paragraph", RichText("<p>Fares fall in May.</p>"))]
        )
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.READY, narration.error
    assert narration.engine == "Piper / joe"
    assert decoded_seconds(narration) == pytest.approx(narration.duration, abs=0.2)
    assert narration.duration > 3


def test_unknown_engine_or_voice_is_a_clear_configuration_error(settings):
    from masthead.narration.engines import NarrationConfigurationError, get_engine

    with pytest.raises(NarrationConfigurationError, match="No narration engine 'nope'"):
        get_engine("nope")
    with pytest.raises(NarrationConfigurationError, match="no voice 'xx-nowhere'"):
        get_engine("espeak", voice="xx-nowhere")
    with pytest.raises(NarrationConfigurationError, match="Speaking rate"):
        get_engine("espeak", rate=3)


def test_a_failed_narration_is_retried_later_with_backoff(section, committed, settings):
    from django_tasks_db.models import DBTaskResult

    from masthead.articles.tests.test_tasks import DATABASE_TASKS
    from masthead.narration.tasks import narrate_article

    settings.TASKS = DATABASE_TASKS
    settings.NARRATION_MAX_ATTEMPTS = 3
    settings.NARRATION_ENGINES = {
        "broken": {"BACKEND": "masthead.narration.tests.test_narration.BrokenEngine"}
    }
    settings.NARRATION_DEFAULT_ENGINE = "broken"
    article = make_article(section, "Harbour reopens", body=short_body())
    with committed():
        narrate_article.call(article.pk)
    retry = DBTaskResult.objects.filter(task_path__endswith="narrate_article").latest("enqueued_at")
    assert retry.args_kwargs["args"] == [article.pk, 2]
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)
    assert Narration.objects.get(article=article).status == Narration.Status.FAILED


def test_audio_left_by_a_worker_that_died_is_cleared_on_the_next_run(section, committed, settings):
    with committed():
        article = make_article(section, "Harbour reopens", body=short_body())
    narration = Narration.objects.get(article=article)
    # A worker stored a file for a new version and was killed before recording it.
    orphan = default_storage.save(f"narration/{article.pk}-deadbeef.mp3", io.BytesIO(b"half"))
    settings.TASKS_STALLED_AFTER_SECONDS = 0
    with committed():
        article.body = short_body("A new first paragraph, so the audio is made again.")
        article.save_revision().publish()
    assert not default_storage.exists(orphan)
    assert default_storage.exists(Narration.objects.get(pk=narration.pk).audio.name)


def test_deleting_an_article_deletes_its_audio(section, committed):
    with committed():
        article = make_article(section, "Harbour reopens", body=short_body())
    audio = Narration.objects.get(article=article).audio.name
    assert default_storage.exists(audio)
    with committed():
        article.delete()
    assert not default_storage.exists(audio)


def test_a_renamed_author_is_read_out_by_the_new_name(section, committed):
    author = AuthorFactory(publication=section.get_site(), name="Ada Whitfield")
    with committed():
        article = make_article(section, "Harbour reopens", authors=[author], body=short_body())
    before = Narration.objects.get(article=article).input_fingerprint
    author.name = "Ada Whitfield-Reyes"
    with committed():
        author.save()
    assert Narration.objects.get(article=article).input_fingerprint != before
    spoken = [p.text for p in article_script(ArticlePage.objects.get(pk=article.pk))]
    assert "By Ada Whitfield-Reyes." in spoken
