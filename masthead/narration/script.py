"""What a narration says, in order: headline, standfirst, byline, then the body.

Subheadings are read with a pause and start a chapter; a quoted statement is announced with its
issuer and date, starts a chapter, and its end is announced; image captions are read only when
the publication asks for it; pull quotes (which repeat the body) and embeds are skipped.
"""

import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass

from django.utils import dateformat
from django.utils.html import strip_tags

SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
LONGEST_CHUNK = 400  # characters: engines get a sentence at a time, never a whole article


@dataclass(frozen=True)
class Passage:
    text: str
    pause_after: float = 0.3  # seconds of silence after it
    chapter: str = ""  # a chapter starts here, with this title


def plain_text(rich_text_html):
    text = html.unescape(strip_tags(re.sub(r"</(p|li|h\d)>", r"</\1>\n", rich_text_html)))
    return " ".join(text.split())


def byline_sentence(names):
    if not names:
        return ""
    if len(names) == 1:
        return f"By {names[0]}."
    return f"By {', '.join(names[:-1])} and {names[-1]}."


def article_script(article, *, read_captions=False, lexicon=()):
    """The passages to speak for this version of the article."""
    passages = [
        Passage(article.title, 0.8),
        Passage(article.standfirst, 0.6),
    ]
    names = [author["name"] for author in article.current_credits()["byline"]]
    if names:
        passages.append(Passage(byline_sentence(names), 0.9))
    for block in article.body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            passages.append(Passage(plain_text(value.source)))
        elif kind == "subheading":
            passages.append(Passage(str(value), 0.7, chapter=str(value)))
        elif kind == "statement":
            issued = dateformat.format(value["date_issued"], "F j, Y")
            title = f"Statement by {value['issuer']}"
            passages.append(
                Passage(f"Statement issued {issued} by {value['issuer']}.", 0.5, chapter=title)
            )
            passages.append(Passage(plain_text(value["text"].source)))
            passages.append(Passage("End of statement.", 0.7))
        elif kind == "image" and read_captions and value.get("caption"):
            passages.append(Passage(f"Image: {value['caption']}"))
    return [
        Passage(respell(p.text, lexicon), p.pause_after, p.chapter)
        for p in passages
        if p.text.strip()
    ]


def respell(text, lexicon):
    """Apply the publication's pronunciation lexicon: whole words, as editors spelled them."""
    for term, respelling in lexicon:
        spoken = respelling.replace("-", " ").lower()
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", spoken, text)
    return text


def sentences(text):
    """Sentence-sized chunks; very long sentences are cut at commas, then at spaces."""
    for sentence in SENTENCE_END.split(text):
        while len(sentence) > LONGEST_CHUNK:
            cut = sentence.rfind(", ", 0, LONGEST_CHUNK)
            cut = cut + 1 if cut > 0 else sentence.rfind(" ", 0, LONGEST_CHUNK)
            cut = cut if cut > 0 else LONGEST_CHUNK
            yield sentence[:cut].strip()
            sentence = sentence[cut:].strip()
        if sentence.strip():
            yield sentence.strip()


def script_fingerprint(passages, engine_key, voice, rate):
    """Unchanged text and voice settings never need new audio."""
    payload = json.dumps(
        {
            "passages": [asdict(p) for p in passages],
            "engine": engine_key,
            "voice": voice,
            "rate": rate,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()
