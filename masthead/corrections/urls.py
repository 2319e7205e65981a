from django.urls import path

from .views import corrections_feed, corrections_page

urlpatterns = [
    path("corrections/", corrections_page, name="corrections"),
    path("corrections/rss.xml", corrections_feed, name="corrections_feed"),
]
