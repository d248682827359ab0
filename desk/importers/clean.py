"""Every imported field decoded and clean: entities, bylines reduced to names, page boilerplate.

tidy_story runs on every story of every format (desk.importers.parse calls it): HTML entities
are decoded in every field ("&#8216;" -> "‘", twice-encoded "&amp;#8216;" too), odd spaces and
control characters go, authors are bare names. clean_byline reduces a byline found on a page
("By Jane Doe, Senior Correspondent | 4 Min Read | March 3, 2024") to its names.
is_boilerplate knows the furniture that extractors leave in a page's text: share prompts,
newsletter boxes, "read more" links, comment counts, reading times, advertisement labels.
"""

from __future__ import annotations

import html
import re

from desk.importers.base import Block, ImportedFigure, ImportedStory, clean_spaces, squash

# A machine token in a keywords list ("autoplay_video", "ctp_video"), not a tag for people.
_CODE = re.compile(r"^(?:[a-z0-9]+(?:_[a-z0-9]+)+|@\S+|[\W\d_]+)$")
_TAG_LABEL = re.compile(r"^(?:category|categories|tags?|topics?)\s*:\s*", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# What a decoded entity must not become inside Markdown (it would turn text into markup).
_MARKUP_CHARS = {"<", ">", "&"}


def decode_entities(text: str) -> str:
    """HTML entities decoded, twice-encoded ones too ("&amp;#8217;" -> "’")."""
    for _ in range(3):
        if "&" not in text:
            break
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def clean_field(text: str) -> str:
    """A one-line field: entities decoded, controls and odd spaces gone, whitespace collapsed."""
    return squash(clean_spaces(_CONTROLS.sub(" ", decode_entities(text or ""))))


def clean_markdown(block: str) -> str:
    """A Markdown block with entities decoded, except those that would become markup."""

    def one(match: re.Match[str]) -> str:
        char = decode_entities(match.group(0))
        return match.group(0) if char in _MARKUP_CHARS or char == match.group(0) else char

    return clean_spaces(_ENTITY.sub(one, _CONTROLS.sub("", block)))


def tidy_story(story: ImportedStory) -> ImportedStory:
    """Decode and clean every field of a parsed story (its body's entities too); in place."""
    for name in ("headline", "standfirst", "byline", "dateline", "section", "agency", "slug"):
        setattr(story, name, clean_field(getattr(story, name)))
    story.language = clean_field(story.language).replace("_", "-")
    story.authors = _unique(n for n in (clean_name(a) for a in story.authors) if n)
    tags = (_TAG_LABEL.sub("", clean_field(t)) for t in story.tags)
    story.tags = _unique(t for t in tags if t and not _CODE.match(t))
    story.notes = clean_spaces(decode_entities(story.notes)).strip()
    body: list[Block] = []
    for block in story.body:
        if isinstance(block, ImportedFigure):
            block.caption = clean_field(block.caption)
            block.credit = clean_field(block.credit)
            block.alt = clean_field(block.alt)
            body.append(block)
        elif block.strip():
            body.append(clean_markdown(block))
    story.body = drop_repeated_headline(body, story.headline)
    if _teaser_of_body(story.standfirst, story.body):
        story.standfirst = ""  # the body's own beginning, cut short: not a summary
    return story


def _teaser_of_body(standfirst: str, body: list) -> bool:
    """True when the standfirst is only the start of the body (a teaser cut from it)."""
    want = _loose(re.sub(r"(?:\.\.\.|…)\s*$", "", standfirst))
    if len(want) < 20:
        return False
    text = [b for b in body if isinstance(b, str) and not b.startswith("#")][:3]
    plain = re.sub(r"\]\([^)]*\)", "", " ".join(text))  # links' addresses out
    return _loose(plain).startswith(want)


def drop_repeated_headline(body: list, headline: str) -> list:
    """The body without the headline repeated as its first text block (heading or paragraph)."""
    want = _loose(headline)
    for index, block in enumerate(body[:3]):
        if isinstance(block, ImportedFigure):
            continue
        shown = html.unescape(re.sub(r"^#{1,6}\s+|\*\*|\\", "", block))  # "&amp;" reads "&"
        if want and _loose(shown) == want:
            return body[:index] + body[index + 1 :]
        break
    return body


def _loose(text: str) -> str:
    """Text compared loosely (case, punctuation and spacing ignored)."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _unique(items) -> list[str]:
    """Items in order, case-insensitive duplicates dropped."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


# -- bylines ----------------------------------------------------------------------------------

_BY = re.compile(
    r"^(?:(?:written|words|story|text|report(?:ing|ed)?|posted|published|article)\s+)?"
    r"(?:by|von|par|por|di|door|av)\b\s*:?\s*|^(?:author|authors|text|words|reporter)\s*:\s*",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_READING_TIME = re.compile(
    r"\b\d+\s*-?\s*(?:min(?:ute)?s?|mins?|m)\.?\s*(?:read|reading|lesezeit|de lecture|"
    r"de leitura|di lettura)\b|\breading time\b|\blesezeit\b",
    re.IGNORECASE,
)
_DATEISH = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s|$|,)|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}:\d{2}\b|"
    r"\b(?:updated|published|posted|modified|last updated|created)\b|\b\d+\s+(?:hours?|"
    r"minutes?|days?|weeks?)\s+ago\b|\b(?:yesterday|today)\b|\b(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_JOB_WORDS = (
    "correspondent|editor|reporter|writer|columnist|contributor|journalist|photographer|"
    "producer|analyst|staff|bureau|chief|director|senior|deputy|associate|managing|"
    "executive|contributing|special|political|business|science|sports?|technology|tech|"
    "health|foreign|national|international|investigations?|investigative|opinion|critic|"
    "host|anchor|intern|fellow|freelance|freelancer|team|desk|newsroom|staffer|"
    "professor|lecturer|researcher|head|founder|ceo|president|manager|officer|author"
)
_JOB = re.compile(rf"\b(?:{_JOB_WORDS})\b", re.IGNORECASE)
# Nouns that make a part of a byline a job title, never a name ("Transport Correspondent").
_JOB_NOUN = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|columnist|contributor|journalist|photographer|"
    r"producer|analyst|staff|bureau|chief|director|critic|host|anchor|intern|freelancer|"
    r"staffer|professor|lecturer|researcher|founder|ceo|president|manager|officer|desk|team|"
    r"newsroom|redakteur(?:in)?|korrespondent(?:in)?|journaliste|rédacteur|rédactrice)s?\b",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(
    r"@|https?:|www\.|\bfollow\b|\bemail\b|\btwitter\b|\bfacebook\b|\bshare\b|\bview\b|"
    r"\bprofile\b|\bmore\b|\barticles?\b|\bstories\b|\bcomments?\b|\bsee all\b|\bnews\b|\d|"
    r"\b(?:international|media|press|times|post|agency|group|network|tv|radio|magazine|daily|"
    r"online|digital|newspaper|journal|herald|tribune|gazette|ministry|inc|ltd|llc|gmbh)\b",
    re.IGNORECASE,
)
_SEGMENTS = re.compile(r"\s*(?:\||•|·|—|–|\n|\s-\s|\s{3,}|/\s)\s*")
_NAME_SPLIT = re.compile(
    r"\s*(?:,|;|&|\band\b|\bwith\b|(?-i:\bund\b|\bet\b|\by\b|\be\b)|(?<=\w{3})\.\s+)\s*", re.I
)
# News agencies, and the names sites sign with when no person wrote the text: no author.
AGENCIES = (
    "The Associated Press|Associated Press|AP|Reuters|Thomson Reuters|AFP|Agence France-Presse|"
    "dpa|Deutsche Presse-Agentur|PTI|Press Trust of India|ANI|IANS|Bloomberg|Bloomberg News|EFE|"
    "ANSA|Xinhua|TASS|Kyodo|Kyodo News|Yonhap|UPI|AAP|PA|PA Media|Press Association|"
    "The Canadian Press|Canadian Press|CNN Wire|NTB|TT|Anadolu Agency|APA|Belga|Lusa|ATS|SDA"
)
_AGENCY_NAME = re.compile(rf"^(?:{AGENCIES})$", re.I)
_AGENCY_TAIL = re.compile(rf"\s+(?:{AGENCIES})$")
_NO_PERSON = re.compile(
    r"^(?:admin|administrator|editor|editors|editorial(?: staff| team| board)?|staff|webmaster|"
    r"redaktion|rédaction|redacción|redazione|guest|guest author|anonymous|unknown|team|"
    r"news desk|newsdesk|web desk|desk|contributor|wire|wire services?)$",
    re.I,
)
_MONTH_WORD = re.compile(
    r"\s+(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|"
    r"thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?$",
    re.I,
)
_PARTICLES = {
    *("al", "el", "bin", "ibn", "abu", "de", "da", "del", "della", "der", "den", "van", "von"),
    *("la", "le", "du", "dos", "das", "di", "ter", "ten", "zu", "af", "st.", "mc", "mac", "o'"),
}


def looks_like_name(name: str) -> bool:
    """True for a person's name ('Omar Haj Kadour', 'Ursula von der Leyen', 'Lu Xun')."""
    words = name.split()
    if not 1 <= len(words) <= 5 or _NOT_A_NAME.search(name) or re.search(r"[.!?:]$", name):
        return False
    if len(words) == 1 and len(name) < 2:
        return False
    if not name[0].isalpha() or _NO_PERSON.match(name) or _AGENCY_NAME.match(name):
        return False
    return all(
        w[0].isupper() or not w[0].isalpha() or w.split("-")[0].casefold() in _PARTICLES
        for w in words
    )


def clean_name(name: str) -> str:
    """An author's name without 'By', a job title after a comma, or a date ('' if none left)."""
    name = clean_field(name)
    name = _BY.sub("", name).strip(" ,;:|-")
    name = name.split(",")[0].strip() if "," in name else name
    if _JOB_NOUN.search(name) or (_JOB.search(name) and not looks_like_name(name)):
        return ""
    name = name.title() if name.isupper() and len(name) > 3 else name
    return name if looks_like_name(name) else ""


def byline_names(raw: str) -> list[str]:
    """The people named in a byline as printed on a page, without labels, dates or titles."""
    names: list[str] = []
    for segment in _SEGMENTS.split(clean_field(raw)):
        segment = _BY.sub("", segment.strip()).strip(" ,;:")
        if not segment or _READING_TIME.search(segment) or _DATEISH.search(segment):
            # "By Jane Doe March 3, 2024": the names before the date still count
            head = re.split(_DATEISH.pattern + "|" + _READING_TIME.pattern, segment, flags=re.I)
            segment = _BY.sub("", (head[0] or "").strip()).strip(" ,;:")
            if not segment:
                continue
        parts = [p for p in _NAME_SPLIT.split(segment) if p and p.strip()]
        for part in parts:
            part = re.sub(r"\s*\([^)]*\)\s*$", "", part.strip())  # "(AFP)"
            part = _AGENCY_TAIL.sub("", part)  # "Jill Lawless Associated Press"
            part = re.sub(r"\s+in\s+[A-Z][\w .'-]*$", "", part)  # "... in Paris"
            part = _MONTH_WORD.sub("", part)  # "Carrie Arnold November"
            name = clean_name(part)
            if name and not _JOB.fullmatch(name) and name not in names:
                names.append(name)
    return names


def agency_in(raw: str) -> str:
    """The news agency a byline names ("By Associated Press", "Jane Doe, Reuters"), or ''."""
    for part in _NAME_SPLIT.split(_BY.sub("", clean_field(raw))):
        part = part.strip(" ()")
        if _AGENCY_NAME.match(part):
            return part
        tail = _AGENCY_TAIL.search(" " + part)
        if tail:
            return tail.group(0).strip()
    return ""


def clean_byline(raw: str) -> tuple[str, list[str]]:
    """(byline, authors) from a byline as printed: 'By A and B' and [A, B]; ('', []) if none."""
    names = byline_names(raw)
    return (printed_byline(names), names)


def printed_byline(names: list[str]) -> str:
    """'By A', 'By A and B', 'By A, B and C' ('' for no names)."""
    if not names:
        return ""
    if len(names) == 1:
        return f"By {names[0]}"
    return "By " + ", ".join(names[:-1]) + " and " + names[-1]


# -- page boilerplate -------------------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"^(?:"
    # share prompts
    r"share(?: this| the| on| via| article| story| post| page|:|!|$).{0,80}|"
    r"(?:click|tap) to (?:share|tweet|email|print).{0,60}|tweet(?: this)?|pin it|"
    r"(?:share|copy) (?:link|url)|email this (?:article|story)|print (?:this )?(?:article|page)|"
    # newsletters and subscriptions
    r"(?:sign up|subscribe|register)\b.{0,150}\b(?:newsletters?|briefings?|inbox|e-?mails?|"
    r"updates|alerts|digest)\b.{0,80}|.{0,60}\bnewsletters?\b.{0,60}|"
    r"get (?:the|our) .{0,60}(?:newsletter|briefing|app).{0,60}|"
    r"(?:already a subscriber|subscribe now|subscribe today|become a member|log ?in to).{0,100}|"
    r"(?:.{0,40}\?\s+)?subscribe\b.{0,200}|like this (?:story|article)\?.{0,80}|"
    r"media playback is unsupported on your device|"
    # read more, related, next
    r"(?:read more|read next|read also|also read|see also|see more|watch more|more on this"
    r"(?: story)?|more|click here|"
    r"related(?: articles?| stories| content| coverage| reading| links| news)?|"
    r"recommended(?: for you| reading)?|you (?:may|might) also like|more from .{1,40}|"
    r"continue reading|trending(?: now)?|most (?:read|popular|viewed)|don'?t miss|watch|"
    r"listen|watch now|top stories|editor'?s picks)(?:\s*[:|»›>–—-]\s*.{0,200})?|"
    # comments
    r"\d+\s+comments?|comments?\s*\(\d+\)|comments?|leave a (?:comment|reply).{0,40}|"
    r"join the (?:conversation|discussion|debate).{0,60}|(?:view|show|load|read) "
    r"(?:all )?\d*\s*comments?.{0,20}|post a comment|be the first to comment.{0,20}|"
    r"comments? (?:are|have been) (?:closed|disabled).{0,40}|"
    # labels
    r"advertisement|advertising|ad|sponsored(?: content)?|(?:\.\.\.\s*|…\s*)?(?:less|more)|"
    r"(?:show|see|view) (?:more|less)|expand|collapse|story continues below.{0,40}|"
    r"article continues (?:below|after).{0,40}|scroll to continue.{0,40}|"
    r"follow (?:us|@).{0,80}|like us on facebook.{0,40}|"
    r"(?:©|\(c\)|copyright)\s.{0,150}|all rights reserved.{0,60}|"
    r"(?:photo|image|video|picture)s?:?\s*(?:getty images|afp|reuters|ap|istock|shutterstock)"
    r"|\d+\s*(?:min(?:ute)?s?|mins?)\.?\s*read|reading time:?.{0,20}"
    r")[.!:]?$",
    re.IGNORECASE | re.DOTALL,
)
_ABOUT_AUTHOR = re.compile(r"^(?:about (?:the )?authors?|the authors?|author bio)\b", re.I)


def is_boilerplate(text: str) -> bool:
    """True for a short block that is page furniture, never a story's sentence."""
    line = squash(text)
    return len(line) <= 300 and bool(_BOILERPLATE.match(line))


def is_author_box_heading(text: str) -> bool:
    """True for the heading of an author box ('About the author')."""
    return bool(_ABOUT_AUTHOR.match(squash(text)))


def is_date_line(text: str) -> bool:
    """True for a line that only gives a date or time ('Published 3 March 2024, 10:02')."""
    line = squash(text)
    if len(line) > 90 or not _DATEISH.search(line):
        return False
    rest = re.sub(_DATEISH.pattern, " ", line, flags=re.I)
    zones = r"\b(?:on|at|am|pm|gmt|utc|et|bst|cet|est|edt|pst)\b|[\W\d_]"
    rest = re.sub(zones, " ", rest, flags=re.I)
    weekdays = r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b"
    return not re.sub(weekdays, " ", rest, flags=re.I).strip()


def is_byline_line(text: str) -> bool:
    """True for a short line that is a byline ('By Jane Doe', 'By Jane Doe | 4 min read')."""
    line = squash(text)
    return len(line) < 160 and bool(re.match(r"^by\s+\S", line, re.I)) and bool(byline_names(line))
