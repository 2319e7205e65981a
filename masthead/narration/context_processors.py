def podcast(request):
    """Every page links its publication's podcast feed (base.html's head)."""
    return {"podcast_feed_url": "/podcast.xml"}
