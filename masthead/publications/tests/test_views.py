import pytest

pytestmark = pytest.mark.django_db


def test_each_publication_tells_crawlers_where_its_sitemap_is(
    client, publication, other_publication
):
    daily = client.get("/robots.txt", HTTP_HOST=publication.hostname).content.decode()
    courier = client.get("/robots.txt", HTTP_HOST=other_publication.hostname).content.decode()
    assert "Sitemap: http://daily.localhost/sitemap.xml" in daily and "Disallow: /admin/" in daily
    assert "Sitemap: http://courier.localhost/sitemap.xml" in courier


def test_health_endpoint_reports_database_and_cache(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"healthy": True, "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]

    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    caches._settings = caches.settings = settings.CACHES
    try:
        down = client.get("/healthz")  # through the page cache, which steps aside
    finally:
        del caches._settings
    assert down.status_code == 503
    assert down.json()["cache"].startswith("unreachable") and down.json()["database"] == "ok"
