"""Where an import reads from: a file, a folder of saved pages, or an http(s) address, and the
images its stories point at. Remote addresses go through the outbound guard (public addresses
only, sizes bounded); local image paths may not leave the source's own folder."""

import codecs
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from masthead.publications.outbound import OutboundError, request

from .items import UnreadableSource

# Characters XML 1.0 forbids, which old exports still contain (pasted from word processors).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DECLARED = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?([A-Za-z0-9_.:-]+)""")


def _windows_1252_fallback(error):
    """Bytes that are not valid in the declared encoding are read as Windows-1252, the usual
    culprit in an export that mixes encodings, instead of failing the whole file."""
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("masthead-cp1252", _windows_1252_fallback)


def declared_encoding(head, default="utf-8"):
    match = _DECLARED.search(head[:4096])
    if match:
        try:
            return codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            pass
    return default


def decode(data, default="utf-8"):
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.decode(declared_encoding(data, default), errors="masthead-cp1252")


class CleanText:
    """A binary file read as text in its declared encoding, tolerant of stray bytes and of
    characters XML forbids, a chunk at a time (exports can be gigabytes)."""

    def __init__(self, path):
        self._file = open(path, "rb")  # noqa: SIM115  (closed by close())
        head = self._file.read(4096)
        self._file.seek(len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0)
        self._decoder = codecs.getincrementaldecoder(declared_encoding(head))("masthead-cp1252")

    def read(self, size=-1):
        data = self._file.read(size if size and size > 0 else -1)
        text = self._decoder.decode(data, final=not data)
        return _XML_INVALID.sub("", text)

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Source:
    """One import's source, made local: `path` is a file or a folder; `base_url` is the address
    it came from, when remote, against which relative image addresses resolve."""

    def __init__(self, location):
        self.location = str(location)
        self.base_url = ""
        self._temporary = None
        if self.location.startswith(("http://", "https://")):
            self.base_url = self.location
            self.path = self._download(self.location)
        elif "://" in self.location:
            raise UnreadableSource(f"{self.location}: give a file, a folder or an http(s) address.")
        else:
            self.path = Path(self.location).expanduser().resolve()
            if not self.path.exists():
                raise UnreadableSource(f"{self.location}: no such file or folder.")

    def _download(self, url):
        self._temporary = tempfile.mkdtemp(prefix="masthead-import-")
        target = Path(self._temporary) / "source"
        with open(target, "wb") as file:
            try:
                response = request(
                    "GET", url, max_bytes=settings.IMPORT_MAX_DOWNLOAD_BYTES, into=file
                )
            except OutboundError as error:
                raise UnreadableSource(f"{url}: {error}") from error
        if response.status != 200:
            raise UnreadableSource(f"{url}: the server answered {response.status}.")
        self.base_url = response.url
        return target

    def files(self, suffixes):
        """The source's files with these suffixes: itself, or a folder's, in name order."""
        if self.path.is_dir():
            return sorted(
                p for p in self.path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
            )
        return [self.path]

    def read_picture(self, src, *, beside=None, base_url=""):
        """An image's bytes. `src` is absolute, or relative to `base_url` (a remote page) or to
        the file `beside` (a saved page in the source's folder)."""
        limit = settings.IMPORT_MAX_IMAGE_BYTES
        address = urljoin(base_url or self.base_url, src) if (base_url or self.base_url) else src
        if urlsplit(address).scheme in {"http", "https"}:
            response = request("GET", address, max_bytes=limit)
            if response.status != 200:
                raise OutboundError(f"{address} answered {response.status}.")
            return response.body
        if urlsplit(address).scheme or self.base_url:
            raise OutboundError(f"{src!r} is not an address Masthead can fetch.")
        folder = (beside.parent if beside else self.path.parent).resolve()
        root = self.path if self.path.is_dir() else self.path.parent
        path = (folder / src.split("?")[0]).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            raise OutboundError(f"{src!r} is not a file beside the source.")
        if path.stat().st_size > limit:
            raise OutboundError(f"{src!r} is larger than the {limit // (1024 * 1024)} MB allowed.")
        return path.read_bytes()

    def close(self):
        if self._temporary:
            shutil.rmtree(self._temporary, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
