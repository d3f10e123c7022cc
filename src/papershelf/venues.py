"""Canonical venue names: one short name per venue, with the aliases curators actually type.

Lint reports a non-canonical name; add/import/edit write the canonical one. A shelf adds its
own aliases in ``shelf.toml`` (``[venues.aliases]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Venue:
    name: str
    first_year: int
    kind: str = "conference"  # conference | journal | preprint
    aliases: tuple[str, ...] = field(default=())


VENUES: tuple[Venue, ...] = (
    Venue("NeurIPS", 1987, aliases=("NIPS", "Neural Information Processing Systems",
                                    "Advances in Neural Information Processing Systems")),
    Venue("ICML", 1980, aliases=("International Conference on Machine Learning",)),
    Venue("ICLR", 2013, aliases=("International Conference on Learning Representations",)),
    Venue("CVPR", 1983, aliases=("IEEE/CVF Conference on Computer Vision and Pattern Recognition",
                                 "Conference on Computer Vision and Pattern Recognition")),
    Venue("ICCV", 1987, aliases=("International Conference on Computer Vision",)),
    Venue("ECCV", 1990, aliases=("European Conference on Computer Vision",)),
    Venue("WACV", 1992, aliases=("Winter Conference on Applications of Computer Vision",)),
    Venue("BMVC", 1990, aliases=("British Machine Vision Conference",)),
    Venue("AAAI", 1980, aliases=("AAAI Conference on Artificial Intelligence",)),
    Venue("IJCAI", 1969, aliases=("International Joint Conference on Artificial Intelligence",)),
    Venue("ACL", 1963, aliases=("Annual Meeting of the Association for Computational Linguistics",)),
    Venue("EMNLP", 1996, aliases=("Empirical Methods in Natural Language Processing",)),
    Venue("NAACL", 2000, aliases=("NAACL-HLT",)),
    Venue("EACL", 1983),
    Venue("COLING", 1965),
    Venue("SIGIR", 1978, aliases=("ACM SIGIR",)),
    Venue("KDD", 1995, aliases=("SIGKDD", "ACM SIGKDD")),
    Venue("WWW", 1994, aliases=("TheWebConf", "The Web Conference")),
    Venue("WSDM", 2008),
    Venue("CIKM", 1992),
    Venue("ICASSP", 1976),
    Venue("Interspeech", 1987, aliases=("INTERSPEECH",)),
    Venue("ICPR", 1973),
    Venue("MICCAI", 1998),
    Venue("UAI", 1985),
    Venue("AISTATS", 1985),
    Venue("COLT", 1988),
    Venue("ICKG", 2020, aliases=("IEEE ICKG",)),
    Venue("TPAMI", 1979, "journal", ("IEEE TPAMI", "PAMI",
                                     "IEEE Transactions on Pattern Analysis and Machine Intelligence")),
    Venue("TPDS", 1990, "journal", ("IEEE TPDS", "IEEE Transactions on Parallel and Distributed Systems")),
    Venue("IEEE SPM", 1984, "journal", ("IEEE Signal Processing Magazine", "SPM")),
    Venue("IEEE COMST", 1998, "journal", ("IEEE Communications Surveys & Tutorials",
                                          "IEEE Communications Surveys and Tutorials")),
    Venue("IEEE Access", 2013, "journal"),
    Venue("JMLR", 2000, "journal", ("Journal of Machine Learning Research",)),
    Venue("TMLR", 2022, "journal", ("Transactions on Machine Learning Research",)),
    Venue("ACM TIST", 2010, "journal", ("TIST", "ACM Transactions on Intelligent Systems and Technology")),
    Venue("ACM CSUR", 1969, "journal", ("CSUR", "ACM Computing Surveys")),
    Venue("Pattern Recognition", 1968, "journal", ("PR",)),
    Venue("Scientific Reports", 2011, "journal", ("Sci Rep",)),
    Venue("arXiv", 1991, "preprint", ("CoRR", "arXiv preprint", "ArXiv")),
)

_WORKSHOP = re.compile(r"^(?P<base>.+?)(?:\s*[- ]\s*workshops?|\s*W)$", re.I)


_SEPARATORS = re.compile(r"[\s\-_.]+")
_CANDIDATE = re.compile(r"[A-Za-z][A-Za-z&/ .\-]*?(?=\s*(?:'|’)?\d{2,4}\b|\s*$|[\]\)]|,)")
_YEAR_AFTER = re.compile(r"\s*(?:'|’)?(\d{4}|\d{2})\b")
_LETTERS = re.compile(r"[A-Za-z]+")


def _key(name: str) -> str:
    return _SEPARATORS.sub(" ", name).strip().casefold()


_TABLE: dict[str, str] = {}
for _venue in VENUES:
    for _alias in (_venue.name, *_venue.aliases):
        _TABLE[_key(_alias)] = _venue.name
_BY_NAME = {v.name: v for v in VENUES}
# the last run of ASCII letters of every name: a text without one of them names no venue
_LAST_LETTERS = {runs[-1].lower() for k in _TABLE if (runs := _LETTERS.findall(k))}


@lru_cache(maxsize=1_024)
def known_venue(name: str) -> str | None:
    """The canonical name if ``name`` is a built-in venue name or alias (``nips`` → NeurIPS);
    remembered (an import asks it of every word of every link's host and path)."""
    return _TABLE.get(_key(name))


def lookup(name: str) -> Venue | None:
    """The built-in record for a canonical venue name."""
    return _BY_NAME.get(name)


def canonical_venue(name: str | None, extra_aliases: dict[str, str] | None = None) -> str | None:
    """The canonical short name for ``name`` (NIPS → NeurIPS, ICLRW → ICLR Workshop).

    Unknown names are returned tidied but otherwise unchanged: a curator's own venue is not
    an error.
    """
    if name is None:
        return None
    cleaned = " ".join(name.split())
    if not cleaned:
        return None
    key = _key(cleaned)
    if extra_aliases:
        for alias, canonical in extra_aliases.items():
            if _key(alias) == key:
                return canonical
    if key in _TABLE:
        return _TABLE[key]
    m = _WORKSHOP.match(cleaned)
    if m:
        base = canonical_venue(m.group("base"), extra_aliases)
        if base and (_key(base) in _TABLE or (extra_aliases and base in extra_aliases.values())):
            return f"{base} Workshop"
    return cleaned


def find_venue_in(text: str) -> tuple[str, int | None] | None:
    """Find a known venue and an optional year in free text such as ``CVPR 2021`` or
    ``WACV2021``; used by importers to read headings and inline prefixes."""
    if not any(run.lower() in _LAST_LETTERS for run in _LETTERS.findall(text)):
        return None  # (a candidate's letters are whole runs of the text's: checked first, it is cheap)
    for m in _CANDIDATE.finditer(text):
        words = m.group(0).split()
        keys = [_key(word) for word in words]
        # try the longest suffix of words that is a known venue
        for i in range(len(keys)):
            name = " ".join(k for k in keys[i:] if k)
            if name in _TABLE:
                ym = _YEAR_AFTER.match(text, m.end())
                if ym is None and i == len(words) - 1 and _looks_like_a_name(words[i], _TABLE[name]):
                    continue
                year = None
                if ym:
                    y = int(ym.group(1))
                    year = y if y > 1000 else 2000 + y
                return _TABLE[name], year
    return None


def _looks_like_a_name(word: str, venue: str) -> bool:
    """``Colt``, ``Spm``: an acronym written as a capitalised word with no year after it is far
    more often a surname (John Colt) than the venue (COLT); ``COLT``, ``Colt 2021`` stay venues."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower() and word not in venue.split()
