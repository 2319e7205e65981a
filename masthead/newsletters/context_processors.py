from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from masthead.publications.cache import current_generation
from masthead.publications.chrome import Publication

from .models import Newsletter, NewsletterSettings


class Signup:
    """What the signup forms on a publication's pages offer; loaded once per publication and
    kept with the page cache's generation, so pages need no query for it."""

    def __init__(self, newsletters=(), popup_delay=None):
        self.newsletters = newsletters
        self.popup_delay = popup_delay  # None: no pop-up


def signup_for(request):
    publication = Publication.for_request(request)
    if publication.site is None:
        return Signup()
    key = f"masthead:signup:{current_generation()}:{publication.site.pk}"
    signup = cache.get(key)
    if signup is None:
        site = publication.site
        offered = Newsletter.objects.filter(publication=site, offered=True)
        newsletters = [{"pk": n.pk, "name": n.name, "description": n.description} for n in offered]
        config = NewsletterSettings.for_site(site) if newsletters else None
        delay = config.popup_delay_seconds if config and config.popup_enabled else None
        signup = Signup(newsletters, delay)
        cache.set(key, signup, 3600)
    return signup


def signup(request):
    return {"signup": SimpleLazyObject(lambda: signup_for(request))}
