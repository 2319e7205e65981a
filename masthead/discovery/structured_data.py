"""Schema.org JSON-LD for search engines: NewsArticle on articles, WebSite with a SearchAction
and NewsMediaOrganization on the front page, CollectionPage on section and tag pages,
ProfilePage on author pages. Built from what the page has already loaded: no queries."""

import json

from masthead.articles.models import ArticlePage, SectionPage

SCHEMA = "https://schema.org"


def organisation(publication):
    org = {
        "@type": "NewsMediaOrganization",
        "name": publication.name,
        "url": publication.root_url + "/",
    }
    if publication.logo:
        org["logo"] = {
            "@type": "ImageObject",
            "url": publication.root_url + publication.logo.url,
            "width": publication.logo.width,
            "height": publication.logo.height,
        }
    return org


# schema.org's types for the kinds of journalism that have one; the rest are NewsArticle.
ARTICLE_TYPES = {
    "opinion": "OpinionNewsArticle",
    "analysis": "AnalysisNewsArticle",
    "review": "ReviewNewsArticle",
    "sponsored": "AdvertiserContentArticle",
}


def news_article(context, publication):
    page = context["page"]
    url = publication.root_url + publication.url_for(page)
    data = {
        "@context": SCHEMA,
        "@type": ARTICLE_TYPES.get(page.type_of_work, "NewsArticle"),
        "headline": page.title,
        "description": page.standfirst,
        "datePublished": page.first_published_at.isoformat() if page.first_published_at else None,
        "dateModified": (page.text_updated_at or page.first_published_at).isoformat()
        if page.first_published_at
        else None,
        "author": [
            {
                "@type": "Person",
                "name": author["name"],
                "url": f"{publication.root_url}/authors/{author['slug']}/",
            }
            for author in context.get("authors", [])
        ],
        "publisher": organisation(publication),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "isAccessibleForFree": True,
        "inLanguage": publication.settings.language,
    }
    if context.get("section") is not None:
        data["articleSection"] = context["section"].title
    if context.get("sharing_renditions"):
        data["image"] = [publication.root_url + r.url for r in context["sharing_renditions"]]
    if context.get("article_tags"):
        data["keywords"] = [tag["name"] for tag in context["article_tags"]]
    if page.first_published_by:
        original = {
            "@type": "NewsArticle",
            "publisher": {"@type": "Organization", "name": page.first_published_by},
        }
        if page.first_published_on:
            original["datePublished"] = page.first_published_on.isoformat()
        if page.original_url:
            original["url"] = page.original_url
        data["isBasedOn"] = original
    # Capabilities that keep corrections put them in the context as dicts of text and date.
    if context.get("corrections"):
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": c["text"],
                "datePublished": c["date"].isoformat(),
            }
            for c in context["corrections"]
        ]
    return data


def website(publication):
    root = publication.root_url
    return [
        {
            "@context": SCHEMA,
            "@type": "WebSite",
            "name": publication.name,
            "url": root + "/",
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": root + "/search/?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        },
        {"@context": SCHEMA, **organisation(publication)},
    ]


def collection_page(name, url, publication):
    return {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "name": name,
        "url": publication.root_url + url,
        "isPartOf": {
            "@type": "WebSite",
            "name": publication.name,
            "url": publication.root_url + "/",
        },
    }


def profile_page(author, publication):
    url = f"{publication.root_url}/authors/{author.slug}/"
    person = {"@type": "Person", "name": author.name, "url": url}
    if author.job_title:
        person["jobTitle"] = author.job_title
    if author.bio:
        person["description"] = author.bio
    return {"@context": SCHEMA, "@type": "ProfilePage", "url": url, "mainEntity": person}


def for_page(context, publication):
    """The JSON-LD for whatever page this context renders, or None."""
    page = context.get("page")
    if context.get("is_front"):
        return website(publication)
    if context.get("author") is not None and hasattr(context["author"], "slug"):
        return profile_page(context["author"], publication)
    if context.get("tag") is not None:
        tag = context["tag"]
        return collection_page(tag.name, f"/tags/{tag.slug}/", publication)
    if isinstance(page, ArticlePage):
        return news_article(context, publication)
    if isinstance(page, SectionPage):
        return collection_page(page.title, publication.url_for(page), publication)
    return None


def as_script_text(data):
    """JSON safe inside a <script> element: no '<', '>' or '&' can close or open a tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
