"""Requests Masthead makes to addresses other people give it: import sources, their images and
webhook targets.

Such an address must not reach the server itself or its private network (a feed URL of
http://127.0.0.1:6379/ or http://169.254.169.254/ would otherwise read Redis or the cloud's
metadata service), unless settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES says so. The host is resolved
once, every address it resolves to is checked, and the connection is made to the checked address,
so a DNS answer that changes between the check and the connection cannot get round it. Redirects
are followed by hand and each hop is checked the same way.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

USER_AGENT = "Masthead/0.1 (+https://github.com/masthead-news)"
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class OutboundError(ValueError):
    """A request that cannot or may not be made; the message says why, for the person who
    gave the address."""


@dataclass
class Response:
    url: str
    status: int
    headers: http.client.HTTPMessage
    body: bytes  # empty when the body went to a file


def checked_address(url):
    """(scheme, host, port, ip) for an http(s) URL whose host is public, or OutboundError."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        raise OutboundError(f"{url!r} is not an http:// or https:// address.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise OutboundError(f"{url!r} has an invalid port.") from error
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise OutboundError(f"{parts.hostname} could not be found.") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not ipaddress.ip_address(address.split("%")[0]).is_global:
                raise OutboundError(
                    f"{parts.hostname} is a loopback or private address ({address}); "
                    "Masthead only fetches from and sends to the public internet."
                )
    return scheme, parts.hostname, port, addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def request(
    method, url, *, body=None, headers=None, max_bytes=10 * 1024 * 1024, timeout=15, into=None
):
    """One request to a public address, following GET redirects. The response body is read up to
    `max_bytes` (more is an OutboundError), into the binary file `into` when given."""
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, address = checked_address(url)
        connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(host, port, address, timeout)
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent_headers = {"User-Agent": USER_AGENT, **(headers or {})}
        try:
            connection.request(method, target, body=body, headers=sent_headers)
            response = connection.getresponse()
            location = response.getheader("Location")
            if method == "GET" and response.status in {301, 302, 303, 307, 308} and location:
                url = urljoin(url, location)
                connection.close()
                continue
            return Response(
                url, response.status, response.headers, _read(response, max_bytes, into)
            )
        except (OSError, http.client.HTTPException) as error:
            raise OutboundError(f"{host} could not be reached: {error}") from error
        finally:
            connection.close()
    raise OutboundError(f"{url} redirects more than {MAX_REDIRECTS} times.")


def _read(response, max_bytes, into):
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise OutboundError(f"It is larger than the {max_bytes // (1024 * 1024)} MB allowed.")
    kept, size = [], 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise OutboundError(f"It is larger than the {max_bytes // (1024 * 1024)} MB allowed.")
        if into is not None:
            into.write(chunk)
        else:
            kept.append(chunk)
    return b"".join(kept)
