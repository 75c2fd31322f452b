"""News outlets by name: the form names are compared in, the outlets Reader knows by their short names and
web addresses ("nytimes" is The New York Times, "HuffPost" The Huffington Post), and whether a name reads
as an outlet's at all ("The Daily Planet", "Semafor") or as a person's or an agency's ("Musk", "the FBI").

Used where a source's outlet is decided (its file's name, the words it names itself with) and where
credits are tied to the compared sources (reader.core.attribution).
"""

from __future__ import annotations

import re

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
}
# Words that end outlets' names: "the Times", "Fox News", "The Daily Planet" read as outlets.
OUTLET_WORDS = frozenset(
    [
        "times",
        "post",
        "journal",
        "news",
        "press",
        "tribune",
        "herald",
        "gazette",
        "chronicle",
        "observer",
        "guardian",
        "telegraph",
        "inquirer",
        "examiner",
        "globe",
        "register",
        "dispatch",
        "courier",
        "sun",
        "star",
        "magazine",
        "weekly",
        "daily",
        "planet",
        "review",
        "reporter",
        "wire",
        "bulletin",
        "mirror",
        "standard",
        "independent",
        "monitor",
        "today",
        "insider",
        "beacon",
        "sentinel",
        "constitution",
        "enquirer",
        "record",
    ]
)
# Keys of names that look like outlets' but are not ("the Press" is a corps, "the Sun" a star).
_NOT_OUTLETS = frozenset({"press", "news", "sun", "star", "record", "today", "daily", "wire", "monitor"})

_DOMAIN_END = re.compile(r"\.(?:com|org|net|co\.uk|co|us|tv|news)$")
_NOT_KEY_CHARS = re.compile(r"[^a-z0-9]+")


def outlet_key(name: str) -> str:
    """The form outlet names are compared in: "The Verge" and "verge", "WIRED" and "Wired.com", "NYTimes"
    and "The New York Times", "HuffPost" and "The Huffington Post" are one. Letters and digits only."""
    key = _compact(name)
    known = _ALIASES.get(key)
    return _compact(known) if known is not None else key


def _compact(name: str) -> str:
    key = name.strip().lower().rstrip(".,;:’'")
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
    last = _compact(words[-1])
    return len(words) >= 2 and last in OUTLET_WORDS and outlet_key(name) not in _NOT_OUTLETS


def short_form(name: str) -> str | None:
    """The word of a short form ("the Times" → "times", "The Post" → "post"): an outlet's last word with
    only "the" before it, which newsrooms write for an outlet named in full elsewhere."""
    words = name.split()
    if len(words) == 2 and words[0].lower() == "the" and _compact(words[1]) in OUTLET_WORDS:
        return _compact(words[1])
    return None


def last_word(outlet: str) -> str:
    """The key of an outlet's last word, which its short form names ("The New York Times" and "nytimes.com"
    → "times")."""
    words = (known_outlet(outlet) or outlet).split()
    return _compact(words[-1]) if words else ""
