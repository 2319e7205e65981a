from django.urls import path

from .feeds import article_feed
from .search import search
from .sitemaps import news_sitemap, robots_txt, sitemap, sitemap_section

FEED = "<str:feed_format>"

urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemap_section, name="sitemap_section"),
    path("news-sitemap.xml", news_sitemap, name="news_sitemap"),
    path(f"feeds/{FEED}", article_feed, name="feed"),
    path(f"feeds/<str:scope>/<slug:slug>/{FEED}", article_feed, name="scoped_feed"),
    path("search/", search, name="search"),
]
