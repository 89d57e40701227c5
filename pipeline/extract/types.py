"""The items extraction produces, and the Doc extensions that carry them.

Components of the spaCy pipeline write these onto ``doc._.pt_*`` (registered once, in
:func:`register_extensions`); :mod:`pipeline.extract.run` turns them into store rows.
Offsets are character offsets into the document text (``doc.text`` is the stored text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc


@dataclass
class ActorMention:
    start: int
    end: int
    name: str  # canonical name (gazetteer) or a person's full name
    kind: str  # department | regulator | council | sector body | parliament | person | ...
    org: str | None = None  # for a person: the organisation the text ties them to
    role: str | None = None  # for a person: "chair", "president", ...


@dataclass
class Figure:
    start: int
    end: int
    text: str
    value: float
    unit: str  # GBP, USD, EUR, percent, percentage points, count, days, ... (models/units.toml)
    qualifier: str = "exact"  # exact | approx | more_than | less_than
    value_high: float | None = None
    measure: str | None = None
    time: str | None = None
    source: str | None = None
    is_change: bool = False
    sentence: tuple[int, int] | None = None


@dataclass
class Recommendation:
    start: int
    end: int
    text: str
    actors: list[str] = field(default_factory=list)
    issuer: str | None = None
    deadline: str | None = None  # YYYY or YYYY-MM
    kind: str = "formal"  # formal | call
    reported: bool = False
    number: str | None = None
    sentence: tuple[int, int] | None = None


@dataclass
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None
    org: str | None = None
    role: str | None = None
    direct: bool = False
    sentence: tuple[int, int] | None = None


@dataclass
class Region:
    """A structural region of the text: heading, list item, lead-in, chrome to skip."""

    start: int
    end: int
    kind: str  # heading | list_item | lead_in | paragraph | chrome
    number: str | None = None  # list numbering ("1.", "(a)", "Recommendation 3")
    parent: int | None = None  # index of the lead-in a list item hangs from


EXTENSIONS = {
    "pt_meta": dict,  # title, publisher, published, kind of the document
    "pt_regions": list,  # list[Region]
    "pt_actors": list,  # list[ActorMention]
    "pt_quotes": list,  # list[Quote]
    "pt_figures": list,  # list[Figure]
    "pt_recs": list,  # list[Recommendation]
}


def register_extensions() -> None:
    """Register the ``pt_`` Doc extensions once; safe to call again."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            # default None, not a list: a mutable default would be shared by every Doc
            Doc.set_extension(name, default=None)


def items_of(doc: Doc, name: str) -> list:
    """The list stored in ``doc._.<name>``, creating it on first use."""
    value = getattr(doc._, name)
    if value is None:
        value = {} if EXTENSIONS[name] is dict else []
        setattr(doc._, name, value)
    return value


def text_of(doc: Doc) -> str:
    """``doc.text``, read once per Doc and kept in ``doc.user_data``.

    spaCy rebuilds ``Doc.text`` from every token on each access, so a component reading it
    once per sentence is quadratic in a long document (a 1 MB paragraph took minutes).
    ``Doc.from_docs`` copies user data, so the cached text is checked against the length.
    """
    text = doc.user_data.get("policytrail.text")
    last = doc[-1] if len(doc) else None
    length = last.idx + len(last.text_with_ws) if last is not None else 0
    if text is None or len(text) != length:  # a copy from a Doc it was built from
        text = doc.user_data["policytrail.text"] = doc.text
    return text
