from django.urls import path

from .feeds import chapters, podcast_feed

urlpatterns = [
    path("podcast.xml", podcast_feed, name="podcast_feed"),
    path("podcast/chapters/<int:article_id>.json", chapters, name="podcast_chapters"),
]
