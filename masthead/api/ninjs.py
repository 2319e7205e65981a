"""An article as IPTC ninjs 2.0 ("News in JSON"), the news industry's exchange format, for wire
and syndication partners. Built from the API's own representation of the article."""

import re

NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"
# IPTC genre codes for Masthead's types of work (cv.iptc.org/newscodes/genre/).
GENRES = {
    "news": ("Current", "genre:Current"),
    "analysis": ("Analysis", "genre:Analysis"),
    "opinion": ("Opinion", "genre:Opinion"),
    "review": ("Review", "genre:Review"),
    "sponsored": ("Advertiser Supplied", "genre:AdvertiserSupplied"),
    "press_release": ("Press Release", "genre:PressRelease"),
}
_TAGS = re.compile(r"<[^>]+>")


def _text_of(html):
    return _TAGS.sub(" ", html)


def from_article(represented, article, site):
    body_text = " ".join(
        _text_of(block["value"]) for block in represented["body"] if isinstance(block["value"], str)
    )
    names = [author["name"] for author in represented["authors"]]
    genre_name, genre_code = GENRES.get(represented["type_of_work"], GENRES["news"])
    subjects = [
        {"name": tag["name"], "rel": "about", "uri": tag["url"], "literal": tag["slug"]}
        for tag in represented["tags"]
    ]
    if represented["section"]:
        section = represented["section"]
        subjects.insert(
            0,
            {
                "name": section["title"],
                "rel": "section",
                "uri": section["url"],
                "literal": section["slug"],
            },
        )
    pictures = []
    if lead := represented["lead_image"]:
        pictures.append(_picture("featureimage", lead))
    for number, block in enumerate(
        (b for b in represented["body"] if b["type"] == "image" and b["value"]["image"]), start=1
    ):
        pictures.append(_picture(f"image{number}", block["value"]["image"]))
    return {
        "uri": represented["url"],
        "standard": {"name": "ninjs", "version": "2.0", "schema": NINJS_SCHEMA},
        "type": "text",
        "representationtype": "full",
        "version": str(article.live_revision_id or 1),
        "firstcreated": represented["published_at"],
        "versioncreated": represented["updated_at"]
        or article.last_published_at
        or represented["published_at"],
        "contentcreated": article.first_published_on if article.first_published_on else None,
        "pubstatus": "usable",
        "language": "en",
        "copyrightholder": article.first_published_by or site.site_name,
        "title": represented["headline"],
        "slugline": article.slug,
        "by": ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
        if names
        else "",
        "headlines": [
            {"role": "main", "value": represented["headline"], "contenttype": "text/plain"}
        ],
        "descriptions": [
            {"role": "summary", "value": represented["standfirst"], "contenttype": "text/plain"}
        ],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": represented["body_html"],
                "charcount": len(" ".join(body_text.split())),
                "wordcount": len(body_text.split()),
            }
        ],
        "subjects": subjects,
        "genres": [{"name": genre_name, "literal": genre_code}],
        "associations": pictures,
        "altids": [{"role": "masthead-id", "value": str(article.pk)}]
        + (
            [{"role": "original-url", "value": article.original_url}]
            if article.original_url
            else []
        ),
    }


def _picture(name, image):
    return {
        "name": name,
        "uri": image["url"],
        "type": "picture",
        "headlines": [{"role": "alt", "value": image["alt_text"]}] if image["alt_text"] else [],
        "bodies": [{"role": "caption", "value": image["caption"]}] if image["caption"] else [],
        "renditions": [
            {
                "name": "original",
                "href": image["url"],
                "width": image["width"],
                "height": image["height"],
            }
        ],
    }
