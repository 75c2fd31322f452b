"""News outlets by name: the form names are compared in, the outlets Reader knows by their short names and
web addresses ("nytimes" is The New York Times, "HuffPost" The Huffington Post), and whether a name reads
as an outlet's at all ("The Daily Planet", "Semafor") or as a person's or an agency's ("Musk", "the FBI").

Used where a source's outlet is decided (its file's name, the words it names itself with) and where
credits are tied to the compared sources (reader.core.provenance.attribution).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reader.core.text.patterns import compiled
from reader.core.text.rules import SELF_NAMED_OUTLET, starts_word

# Each outlet as newsrooms write it, and the other names it goes by (compared in ``outlet_key``'s form).
_KNOWN: dict[str, tuple[str, ...]] = {
    "The New York Times": ("nyt", "nytimes", "newyorktimes"),
    "The Washington Post": ("wapo", "washpost", "washingtonpost"),
    "The Wall Street Journal": ("wsj", "wallstreetjournal"),
    "Los Angeles Times": ("latimes", "latimes", "losangelestimes"),
    "USA Today": ("usatoday",),
    "The Associated Press": ("ap", "apnews", "associatedpress"),
    "Reuters": ("reuters",),
    "Bloomberg": ("bloomberg", "bloombergnews"),
    "Agence France-Presse": ("afp", "agencefrancepresse"),
    "ITAR-TASS": ("tass", "itartass"),
    "Xinhua": ("xinhua", "xinhuanews"),
    "Interfax": ("interfax",),
    "Kyodo News": ("kyodo", "kyodonews"),
    "Yonhap": ("yonhap",),
    "RIA Novosti": ("rianovosti",),
    "Press Trust of India": ("pti", "presstrustofindia"),
    "Deutsche Presse-Agentur": ("dpa", "deutschepresseagentur"),
    "Anadolu Agency": ("anadolu", "anadoluagency"),
    "Fox News": ("fox", "foxnews", "foxnewschannel"),
    "CNN": ("cnn",),
    "MSNBC": ("msnbc",),
    "CNBC": ("cnbc",),
    "NBC News": ("nbc", "nbcnews"),
    "ABC News": ("abc", "abcnews"),
    "CBS News": ("cbs", "cbsnews"),
    "NPR": ("npr",),
    "PBS": ("pbs",),
    "BBC": ("bbc", "bbcnews"),
    "The Huffington Post": ("huffpost", "huffingtonpost", "huffpo"),
    "Politico": ("politico",),
    "Axios": ("axios",),
    "The Hill": ("hill", "thehill"),
    "Breitbart": ("breitbart", "breitbartnews"),
    "The Daily Beast": ("dailybeast",),
    "Daily Kos": ("dailykos",),
    "Mother Jones": ("motherjones",),
    "Slate": ("slate",),
    "Salon": ("salon",),
    "Vox": ("vox",),
    "BuzzFeed News": ("buzzfeed", "buzzfeednews"),
    "The Atlantic": ("atlantic", "theatlantic"),
    "The New Yorker": ("newyorker",),
    "Newsweek": ("newsweek",),
    "Time": ("time",),
    "The Guardian": ("guardian", "theguardian"),
    "The Economist": ("economist",),
    "Financial Times": ("ft", "financialtimes"),
    "New York Post": ("nypost", "newyorkpost"),
    "New York Daily News": ("nydailynews", "newyorkdailynews"),
    "Chicago Tribune": ("chicagotribune",),
    "The Boston Globe": ("bostonglobe",),
    "San Francisco Chronicle": ("sfchronicle", "sfgate", "sanfranciscochronicle"),
    "The Washington Times": ("washingtontimes",),
    "The Washington Examiner": ("washingtonexaminer",),
    "National Review": ("nationalreview",),
    "Business Insider": ("businessinsider",),
    "Forbes": ("forbes",),
    "Fortune": ("fortune",),
    "WIRED": ("wired",),
    "The Verge": ("verge", "theverge"),
    "TechCrunch": ("techcrunch",),
    "Ars Technica": ("arstechnica",),
    "Engadget": ("engadget",),
    "Semafor": ("semafor",),
    "The Information": ("theinformation",),
    "ProPublica": ("propublica",),
    "The Intercept": ("intercept", "theintercept"),
    "Al Jazeera": ("aljazeera",),
    "Yahoo News": ("yahoo", "yahoonews"),
    "Talking Points Memo": ("tpm", "talkingpointsmemo"),
    "RealClearPolitics": ("realclearpolitics",),
    "The Daily Caller": ("dailycaller",),
    "Drudge Report": ("drudge", "drudgereport"),
    "TMZ": ("tmz",),
    "ESPN": ("espn",),
    "Variety": ("variety",),
    "Page Six": ("pagesix",),
    "Radar Online": ("radaronline",),
    "Deadline": ("deadline",),
    "Haaretz": ("haaretz",),
    "Der Spiegel": ("spiegel", "derspiegel"),
    "Le Monde": ("lemonde",),
    "Al Arabiya": ("alarabiya",),
}
# Words that end outlets' names: "the Times", "Fox News", "The Daily Planet" read as outlets.
OUTLET_WORDS = frozenset(
    re.split(
        " ",
        "times post journal news press tribune herald gazette chronicle observer guardian telegraph inquirer "
        "examiner globe register dispatch courier sun star magazine weekly daily planet review reporter wire "
        "bulletin mirror standard independent monitor today insider beacon sentinel constitution enquirer "
        "record tv radio television channel",
    )
)
# Keys of names that look like outlets' but are not ("the Press" is a corps, "the Sun" a star).
_NOT_OUTLETS = frozenset(
    {
        "press",
        "news",
        "sun",
        "star",
        "record",
        "today",
        "daily",
        "wire",
        "monitor",
        "tv",
        "radio",
        "television",
    }
)
# A broadcaster's call sign: "WCCO-TV", "KTLA-TV", "WNYC-FM" (not "WHO", which is an agency).
_CALL_SIGN = compiled(r"[KW][A-Z]{2,3}-(?:TV|FM|AM|DT)\d?")

_DOMAIN_END = compiled(r"\.(?:com|org|net|co\.uk|co|us|tv|news)$")
_NOT_KEY_CHARS = compiled(r"[^a-z0-9]+")


_TWO_PART = frozenset({"co.uk", "com.au", "co.nz", "co.in", "org.uk", "com.ph"})
_SITE = compiled(
    r"(?P<host>(?:[a-z0-9-]+\.)+(?P<tld>co\.uk|com\.au|co\.nz|co\.in|org\.uk|com\.ph|com|net|org|tv|us|info|"
    r"news|ca|ie|in|ph|uk|au|nz))(?![a-z0-9])"
)


def _label(site: re.Match[str]) -> str:
    """The name of a site ("nytimes" of "query.nytimes.com", "bbc" of "news.bbc.co.uk")."""
    host = site["host"]
    tld = next((two for two in _TWO_PART if host.endswith("." + two)), site["tld"])
    return host.rsplit(".", 2 if tld in _TWO_PART else 1)[0].rsplit(".", 1)[-1]


def outlet_key(name: str) -> str:
    """The form outlet names are compared in: "The Verge" and "verge", "WIRED" and "Wired.com", "NYTimes"
    and "The New York Times", "HuffPost" and "The Huffington Post" are one. Letters and digits only."""
    key = _compact(name)
    known = _ALIASES.get(key)
    return _compact(known) if known is not None else key


def _compact(name: str) -> str:
    key = name.strip().lower().rstrip(".,;:’'")
    host = _SITE.fullmatch(re.sub(r"^(?:https?://)?(?:www\.)?", "", key)) if " " not in key else None
    if host is not None:  # "query.nytimes.com", "bigstory.ap.org": the site's name
        return _NOT_KEY_CHARS.sub("", _label(host))
    key = re.sub(r"['’]s$", "", key)
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"^(?:https?://)?(?:www\.)?", "", key)
    key = _DOMAIN_END.sub("", key)
    return _NOT_KEY_CHARS.sub("", key)


_ALIASES = {alias: name for name, aliases in _KNOWN.items() for alias in aliases}
_ALIASES.update({_compact(name): name for name in _KNOWN})


def known_outlet(name: str) -> str | None:
    """The outlet ``name`` is a short name or address of ("nytimes" → "The New York Times"), if Reader
    knows it."""
    return _ALIASES.get(_compact(name))


def looks_like_outlet(name: str) -> bool:
    """Whether ``name`` reads as a news outlet's: one Reader knows, a web address, or a name that ends
    with an outlet's word after another word ("The Daily Planet", "Fox News", "the Times"; not "Musk",
    "the FBI", "Times")."""
    words = name.split()
    if not words:
        return False
    if known_outlet(name) is not None or re.search(r"[A-Za-z]\.(?:com|org|net|co\.uk)$", name):
        return True
    if any(_CALL_SIGN.fullmatch(word) for word in words):
        return True
    last = _compact(words[-1].rsplit("-", 1)[-1])  # "The Atlanta Journal-Constitution"
    return len(words) >= 2 and last in OUTLET_WORDS and outlet_key(name) not in _NOT_OUTLETS


def short_form(name: str) -> str | None:
    """The key of a short form ("the Times" → "times", "the Daily News" → "dailynews"): the last words of
    an outlet's name after "the", which newsrooms write for an outlet named in full elsewhere."""
    words = name.split()
    if (
        len(words) >= 2
        and words[0].lower() == "the"
        and _compact(words[-1].rsplit("-", 1)[-1]) in OUTLET_WORDS
    ):
        return _compact(" ".join(words[1:]))
    return None


def is_short_for(short: str, outlet: str) -> bool:
    """Whether the short form ``short`` (see ``short_form``) fits ``outlet``: its full name ends with those
    words ("the Times": "The New York Times", "nytimes.com"; "the Daily News": "nydailynews.com"), or its
    site's name does ("swtimes.com")."""
    return _compact(known_outlet(outlet) or outlet).endswith(short)


def abbreviates(outlet: str, name: str) -> bool:
    """Whether a site's address ``outlet`` ("swtimes.com") is a short name of the outlet ``name`` ("The
    Southwest Times Record"): the site's name has the outlet's letters in order from its first, and a
    whole word of it of four letters or more; five letters at least, so that "ap.org" fits nothing."""
    key = outlet.strip().lower()
    if " " in key or _SITE.fullmatch(re.sub(r"^(?:https?://)?(?:www\.)?", "", key)) is None:
        return False
    label, full = _compact(outlet), _compact(name)
    words = [_compact(word) for word in name.split() if word.lower() != "the"]
    if len(label) < 5 or len(words) < 2 or not full or label[0] != full[0]:
        return False
    if not any(len(word) >= 4 and word in label for word in words):
        return False
    letters = iter(full)
    return all(letter in letters for letter in label)


# -- the outlet a text or a file's name names as its own ----------------------------------------------------


class OwnOutlet(NamedTuple):
    """The outlet a source is taken to be from, the words or the name it was read from, and how sure:
    ``strong`` for words only an outlet writes of itself ("Fox News has learned", "HuffPost reached out",
    "© 2012 The Huffington Post", "Associated Press writers ... contributed to this report", "did not
    respond to WIRED's request for comment"); not for a plain mention ("a new Fox News poll",
    "FoxNews.com"), which another outlet could write as well."""

    outlet: str
    words: str
    strong: bool


_NAME = SELF_NAMED_OUTLET
_NAME_BEFORE = compiled(rf"(?<![\w'’])(?P<name>{_NAME})\s*$")
_LOOK_BACK = 60
# An outlet names itself when it reports that someone did not answer it, says what it learned or whom it
# asked, who wrote with whom, and whose the text is. The phrases after the name are found first (a pattern
# that starts with a name would be tried at every capital letter), then the name before them.
_REQUEST = compiled(
    r"\b(?:respond|responded|reply|replied)\s+(?:immediately\s+|directly\s+)?to\s+"
    rf"(?:(?P<name>{_NAME})['’]s\s+|a\s+)requests?\s+for\s+comment"
    rf"(?:\s+from\s+(?P<after>{_NAME}))?"
)
_LEARNED = compiled(r"(?:learned|reached\s+out|requested\s+comment|sought\s+comment)\b")
_LEARNED_LEAD = compiled(rf"(?<![\w'’])(?P<name>{_NAME})\s+(?:(?:has|have)\s+)?\Z")
_CONTRIBUTED = compiled(r"contributed\s+to\s+this\s+report\b")
_CONTRIBUTORS = compiled(
    rf"(?<![\w'’])(?P<name>{_NAME})(?:['’]s?|\s+(?:staff\s+)?(?:writers?|reporters?|correspondents?|producers?))\s"
)
_CONTRIBUTED_BACK = 160
_NAME_AFTER = (
    compiled(
        rf"(?:©|\([Cc]\)|Copyright\b)\s*(?:©\s*)?(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?,?\s+)?(?P<name>{_NAME})"
    ),
    compiled(rf"(?:contacted|reached)\s+by\s+(?P<name>{_NAME})"),
)
_MENTION = compiled(r"\s(?:poll|survey)\b")
_MENTION_LEAD = compiled(rf"\b(?:[Aa]n?|[Tt]he)\s+(?:new\s+|latest\s+|recent\s+)?(?P<name>{_NAME})\Z")
_DOMAIN = compiled(r"\.com\b(?!\.\w)")
_DOMAIN_LEAD = compiled(r"(?<![\w./@-])(?P<name>[A-Z][A-Za-z0-9-]*)\Z")
# Words before or after a mention that make it someone else's ("according to a Fox News poll", "told
# FoxNews.com", "NYTimes.com reported").
_OTHERS = compiled(r"\b(?:told|to|with|from|via|per|citing|by|as)\s+\Z")
_CREDITED = compiled(
    r",?\s+(?:has\s+|had\s+|is\s+|was\s+)?(?:first\s+)?(?:report(?:s|ed|ing)?|said|says|wrote|writes|noted)\b"
)


def self_reference(text: str) -> OwnOutlet | None:
    """The outlet ``text`` names as its own: the first strong self-reference, else the first plain
    mention (see ``OwnOutlet``); None when it names none."""
    strong = [own for own in (*_requests(text), *_named_before(text), *_named_after(text)) if own]
    if strong:
        return min(strong)[1]
    plain = [*_mentions(text)]
    return min(plain)[1] if plain else None


def file_outlet(name: str) -> OwnOutlet | None:
    """The outlet a file's name (its stem: "nytimes", "fox_story", "The New York Times") or a site's
    address ("www.nytimes.com", a stem that starts with one: "cbsnews.com_2") names: an outlet Reader
    knows, or the site of the address ("contactmusic.com"). Everyday words ("time", "fortune") are not
    read as outlets."""
    site = _SITE.match(name.lower())
    if site is not None:
        host = site["host"].removeprefix("www.")
        tld = next((two for two in _TWO_PART if host.endswith("." + two)), site["tld"])
        return OwnOutlet(known_outlet(_label(site)) or _site(host, tld), name, strong=True)
    parts = [part for part in re.split(r"[-_ .]+", name.lower()) if part]
    for candidate in (name, *(parts[:1] + parts[-1:] if len(parts) > 1 else ())):
        outlet = known_outlet(candidate)
        if outlet is not None and _compact(candidate) not in _EVERYDAY:
            return OwnOutlet(outlet, name, strong=True)
    return None


_EVERYDAY = frozenset(
    {"time", "fortune", "slate", "salon", "hill", "theinformation", "vox", "ap", "ft", "variety", "deadline"}
)


def _site(host: str, tld: str) -> str:
    """A site's name from its host: the last label before its top-level domain, with it ("uk.eonline.com"
    → "eonline.com")."""
    labels = host.split(".")
    keep = 2 + (tld in _TWO_PART)
    return ".".join(labels[-keep:])


Found = tuple[int, OwnOutlet]  # where in the text, and what


def _requests(text: str) -> list[Found | None]:
    match = _REQUEST.search(text)
    if match is None or not (match["name"] or match["after"]):
        return []
    name = match["name"] or match["after"]
    return [_own(name, match.group(0).rstrip(".-"), match.start(), strong=True)]


def _named_before(text: str) -> list[Found | None]:
    """ "Fox News has learned", "HuffPost reached out", "Associated Press writers ... contributed to this
    report", "Fox News' Chad Pergram contributed to this report": the words, then the name before them."""
    found: list[Found | None] = []
    for match in _LEARNED.finditer(text):
        lead = _LEARNED_LEAD.search(text, max(0, match.start() - _LOOK_BACK), match.start())
        if lead is not None and starts_word(text, match.start()):
            own = _own(lead["name"], text[lead.start() : match.end()], lead.start(), strong=True)
            if own is not None:
                found.append(own)
                break
    for match in _CONTRIBUTED.finditer(text):
        sentence = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        start = max(sentence, match.start() - _CONTRIBUTED_BACK)
        lead = _CONTRIBUTORS.search(text, start, match.start())
        if lead is not None and starts_word(text, match.start()):
            own = _own(lead["name"], text[lead.start() : match.end()], lead.start(), strong=True)
            if own is not None:
                found.append(own)
                break
    return found


def _named_after(text: str) -> list[Found | None]:
    """ "© 2012 The Huffington Post", "contacted by The Atlanta Journal-Constitution"."""
    found: list[Found | None] = []
    for pattern in _NAME_AFTER:
        for match in pattern.finditer(text):
            if not starts_word(text, match.start()):
                continue
            own = _own(match["name"], match.group(0), match.start(), strong=True)
            if own is not None:
                found.append(own)
                break
    return found


def _mentions(text: str) -> list[Found]:
    """ "a new Fox News poll", "FoxNews.com": not after words that make it another's ("according to",
    "told"), nor before a reporting verb ("NYTimes.com reported")."""
    found: list[Found] = []
    for anchor, lead_pattern, suffix in ((_MENTION, _MENTION_LEAD, ""), (_DOMAIN, _DOMAIN_LEAD, ".com")):
        for match in anchor.finditer(text):
            lead = lead_pattern.search(text, max(0, match.start() - _LOOK_BACK), match.start())
            if lead is None:
                continue
            others = _OTHERS.search(text, max(0, lead.start() - 30), lead.start())
            if others or _CREDITED.match(text, match.end()):
                continue
            words = text[lead.start() : match.end()].strip()
            own = _own(lead["name"] + suffix, words, lead.start(), strong=False)
            if own is not None:
                found.append(own)
                break
    return found


def _own(name: str, words: str, at: int, strong: bool) -> Found | None:
    """The outlet a name read next to a self-reference stands for: the longest run of its words that reads
    as an outlet's ("Fox News" of "Fox News Network", "Associated Press" of "Associated Press")."""
    tokens = _CORPORATE.sub("", name.rstrip(".,;:")).split()
    for length in range(len(tokens), 0, -1):
        for first in range(len(tokens) - length + 1):
            candidate = " ".join(tokens[first : first + length]).rstrip(".")
            if looks_like_outlet(candidate):
                return at, OwnOutlet(known_outlet(candidate) or candidate, " ".join(words.split()), strong)
    return None


_CORPORATE = compiled(r"(?:,?\s+(?:Inc|LLC|Ltd|Corp|Co|LP)\.?)+$")
