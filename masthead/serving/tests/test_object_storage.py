"""Images and narration audio in S3-compatible object storage, against a real S3 API server on
loopback (moto's server mode), through the same settings code a newsroom's install runs."""

import io
import json
import urllib.request
import uuid

import boto3
import miniaudio
import pytest
from PIL import Image

from masthead.articles.tests.factories import ImageFactory, make_article
from masthead.narration.models import Narration
from masthead.serving.stack import free_port
from masthead.settings.base import object_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    """A new bucket, and the settings an install gets from these environment variables."""
    name = f"masthead-media-{uuid.uuid4().hex[:8]}"
    environ = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": "masthead-test",
        "AWS_SECRET_ACCESS_KEY": "masthead-test-secret",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id=environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=environ["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=name)
    # Readers fetch media straight from the bucket: anyone may read, as deploy/README.md says.
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read(name)))
    settings.MEDIA_URL = f"{s3_server}/{name}/"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage(environ, settings.MEDIA_URL),
    }

    def keys():
        listing = client.list_objects_v2(Bucket=name)
        return [item["Key"] for item in listing.get("Contents", [])]

    return {"name": name, "client": client, "keys": keys, "media_url": settings.MEDIA_URL}


def public_read(bucket_name):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket_name}/*",
            }
        ],
    }


def download(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers, response.read()


def test_uploaded_pictures_and_their_renditions_live_in_the_bucket(bucket):
    image = ImageFactory(title="Harbour at dawn")
    assert image.file.name in bucket["keys"]()
    rendition = image.get_rendition("fill-32x18|format-webp")
    assert rendition.file.name in bucket["keys"]()
    # Readers fetch it from the bucket's public address, not from a web node.
    assert rendition.url.startswith(bucket["media_url"])
    headers, body = download(rendition.url)
    picture = Image.open(io.BytesIO(body))
    assert (picture.format, picture.size) == ("WEBP", (32, 18))
    assert headers["Cache-Control"] == "public, max-age=86400"


def test_an_article_page_shows_its_picture_from_the_bucket(bucket, client, section):
    picture = ImageFactory(title="Ferry at the pier")
    article = make_article(section, "Ferry returns", lead_image=picture)
    page = client.get(article.url, HTTP_HOST=section.get_site().hostname).content.decode()
    sources = [src for src in page.split('src="')[1:] if src.startswith(bucket["media_url"])]
    assert sources, "the lead picture is not served from the bucket"
    download(sources[0].split('"')[0])


def test_narration_audio_is_written_to_and_played_from_the_bucket(
    bucket, client, section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(section, "Harbour reopens")
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.READY
    assert narration.audio.name in bucket["keys"]()
    page = client.get(article.url, HTTP_HOST=section.get_site().hostname).content.decode()
    assert f'src="{narration.audio.url}"' in page
    assert narration.audio.url.startswith(bucket["media_url"])
    _, audio = download(narration.audio.url)
    decoded = miniaudio.decode(audio, nchannels=1)
    assert decoded.num_frames / decoded.sample_rate == pytest.approx(narration.duration, abs=0.2)
