import pytest

pytestmark = pytest.mark.django_db


def test_each_publication_tells_crawlers_where_its_sitemap_is(
    client, publication, other_publication
):
    daily = client.get("/robots.txt", HTTP_HOST=publication.hostname).content.decode()
    courier = client.get("/robots.txt", HTTP_HOST=other_publication.hostname).content.decode()
    assert "Sitemap: http://daily.localhost/sitemap.xml" in daily and "Disallow: /admin/" in daily
    assert "Sitemap: http://courier.localhost/sitemap.xml" in courier
