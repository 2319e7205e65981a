import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

SAMPLES = Path(__file__).parent / "samples"


def png(size=(1600, 900), colour=(40, 90, 140)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def image_host(loopback_http, settings):
    """An old site's uploads, served over real HTTP on loopback (allowed for this test only):
    real pictures and a file that only pretends to be one. Returns (base URL, requests)."""
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    files = {
        "/uploads/2025/05/quay.png": ("image/png", png()),
        "/uploads/2025/05/quay-1024x576.png": ("image/png", png((1024, 576))),
        "/uploads/2025/05/fake.jpg": ("image/jpeg", b"<html>not a picture</html>"),
        "/uploads/2025/04/fake.jpg": ("image/jpeg", b"GIF89a but not really"),
        "/feature.png": ("image/png", png((1200, 675), (200, 120, 40))),
    }

    def answer(method, path):
        if path in files:
            return 200, *files[path]
        return 404, "text/plain", b"not found"

    base, received = loopback_http(answer)
    return base, received, files


@pytest.fixture
def sample(tmp_path):
    """A sample file copied to a temporary folder, with IMAGES standing for the image host."""

    def write(name, images="http://images.invalid", replace=()):
        data = (SAMPLES / name).read_bytes().replace(b"IMAGES", images.encode())
        for old, new in replace:
            data = data.replace(old.encode(), new.encode())
        target = tmp_path / name
        target.write_bytes(data)
        return target

    return write


@pytest.fixture
def run_import(capsys):
    """Runs the management command; returns (exit code, printed lines)."""

    def run(source, publication, fmt, *options):
        code = 0
        try:
            call_command(
                "import_articles",
                str(source),
                "--publication",
                publication.hostname,
                "--format",
                fmt,
                *options,
            )
        except CommandError as error:
            code = error.returncode
            print(error)
        out, err = capsys.readouterr()
        return code, (out + err).splitlines()

    return run
