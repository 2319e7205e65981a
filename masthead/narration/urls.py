from django.urls import path

from .feeds import artwork, chapters, podcast_feed

urlpatterns = [
    path("podcast.xml", podcast_feed, name="podcast_feed"),
    path("podcast/artwork.png", artwork, name="podcast_artwork"),
    path("podcast/chapters/<int:article_id>.json", chapters, name="podcast_chapters"),
]
