"""The actor gazetteer and the cue lists: data from ``models/``, loaded once per pipeline.

The sector lives in data files, not in code: :class:`Gazetteer` reads ``models/actors.toml``
(bodies, renamings with dates, collective and context-dependent aliases, councils) and
compiles one regular expression over every alias, so finding actors in a document is a
single linear scan. :func:`load_cues` reads ``models/patterns/cues.toml``.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import E, PolicytrailError

_APOSTROPHE = "['’]"


def models_dir() -> Path:
    """``POLICYTRAIL_MODELS`` if set, else the repository's ``models/`` folder."""
    env = os.environ.get("POLICYTRAIL_MODELS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models"


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML data file, or one known error naming it."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PolicytrailError(E.E040, path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicytrailError(E.E041, path=str(path), detail=str(exc)) from None


@functools.cache
def load_cues(path: str | None = None) -> dict[str, Any]:
    """The cue lists (cached: every component shares one parsed copy)."""
    return read_toml(Path(path) if path else models_dir() / "patterns" / "cues.toml")


@dataclass(frozen=True)
class Body:
    """One name of one body, with the period the name was in force."""

    name: str
    kind: str
    valid_from: str = ""
    valid_to: str = ""
    successor: str = ""
    periods: tuple[tuple[str, str], ...] = ()
    not_context: bool = False  # never the referent of a context alias ("the Department")


@dataclass
class Hit:
    """A gazetteer match in a text: a body, a collective actor or a context alias."""

    start: int
    end: int
    text: str
    body: Body | None  # None for a context alias
    context_kind: str | None = None  # "department", "committee", "report", ...


def _alias_regex(alias: str) -> str:
    """An alias as a regex: any apostrophe, any run of whitespace between words."""
    parts = []
    for word in alias.split():
        parts.append(re.escape(word.replace("’", "'")).replace("'", _APOSTROPHE))
    return r"\s+".join(parts)


COUNCIL_FORMS = {
    "london": [
        "London Borough of {p}",
        "Royal Borough of {p}",
        "{p} London Borough Council",
        "{p} Council",
        "{p} council",
        "{p} Borough Council",
        "City of {p} Council",
        "{p} City Council",
    ],
    "metropolitan": [
        "{p} Council",
        "{p} council",
        "{p} City Council",
        "{p} city council",
        "{p} Metropolitan Borough Council",
        "{p} MBC",
        "{p} Metropolitan Council",
        "City of {p} Council",
        "{p} Borough Council",
    ],
    "county": ["{p} County Council", "{p} county council", "{p} Council", "{p} council"],
    "unitary": [
        "{p} Council",
        "{p} council",
        "{p} City Council",
        "{p} city council",
        "{p} Borough Council",
        "{p} Unitary Authority",
        "City of {p} Council",
    ],
}
COUNCIL_NAME = {"county": "{p} County Council"}


@dataclass
class Gazetteer:
    """Every alias of every body, compiled into one regex; renamings resolved by date."""

    bodies: dict[str, Body] = field(default_factory=dict)
    alias_to: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None
    possessive_pattern: re.Pattern[str] | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)  # as written, per body

    @classmethod
    def from_file(cls, path: Path | None = None) -> Gazetteer:
        data = read_toml(path or models_dir() / "actors.toml")
        gaz = cls()
        entries: list[tuple[str, bool, str, str | None]] = []  # alias, exact, body, ctx
        for item in data.get("actor", []):
            periods = tuple(tuple(p) for p in item.get("periods", []))
            body = Body(
                item["name"],
                item["kind"],
                item.get("valid_from", ""),
                item.get("valid_to", ""),
                item.get("successor", ""),
                periods,
                not item.get("context", True),
            )
            gaz.bodies[body.name] = body
            for alias in item.get("aliases", []):
                entries.append((alias, False, body.name, None))
            for alias in item.get("exact", []):
                entries.append((alias, True, body.name, None))
        for name, aliases in data.get("generic", {}).items():
            gaz.bodies[name] = Body(name, "collective")
            entries += [(a, False, name, None) for a in aliases]
        for group in data.get("councils", []):
            forms = COUNCIL_FORMS.get(group["type"], COUNCIL_FORMS["unitary"])
            for place in group["places"]:
                name = COUNCIL_NAME.get(group["type"], "{p} Council").format(p=place)
                gaz.bodies.setdefault(name, Body(name, "council"))
                entries += [(f.format(p=place), True, name, None) for f in forms]
        for alias, kind in data.get("context", {}).items():
            entries.append((alias, True, "", kind))
        for alias in data.get("blockers", {}).get("phrases", []):
            entries.append((alias, False, "", None))
        for alias, _exact, name, _ctx in entries:
            if name:
                gaz.aliases.setdefault(name, []).append(alias)
        gaz._compile(entries)
        return gaz

    def actor_rows(self) -> list[dict[str, Any]]:
        """Rows for the store's ``actor`` table: each body with its aliases and dates."""
        return [
            {
                "name": b.name,
                "kind": b.kind,
                "aliases": sorted(set(self.aliases.get(b.name, []))),
                "valid_from": b.valid_from or None,
                "valid_to": b.valid_to or None,
                "successor": b.successor or None,
            }
            for b in self.bodies.values()
        ]

    def _compile(self, entries: list[tuple[str, bool, str, str | None]]) -> None:
        """One alternation, longest alias first, so the longest name at a position wins."""
        seen: set[tuple[str, bool]] = set()
        groups: list[str] = []
        ordered = sorted(entries, key=lambda e: -len(e[0]))
        for alias, exact, body, ctx in ordered:
            key = (alias if exact else alias.lower(), exact)
            if key in seen:
                continue
            seen.add(key)
            self.alias_to[self._key(alias, exact)] = (body, ctx)
            rx = _alias_regex(alias)
            if exact and alias.startswith("the "):  # also at the start of a sentence
                rx = "[Tt]he" + rx[3:]
            if ctx:  # "the Department" but not "the Department for Education"
                rx += r"(?!\s+(?:for|of|on)\b)"
            groups.append(rx if exact else f"(?i:{rx})")
        alternation = r"(?<![\w&-])(?:" + "|".join(groups) + ")"
        self.pattern = re.compile(alternation + r"(?![\w-]|['’]\w)")
        # the same names in the possessive ("the CMA's call"), for readers of attributions;
        # extraction keeps them out (a body's possessive is rarely the body acting)
        self.possessive_pattern = re.compile(alternation + r"(?![\w-])")
        self._exact_keys = {k for k in self.alias_to if k.startswith("=")}

    @staticmethod
    def _key(alias: str, exact: bool) -> str:
        norm = re.sub(r"\s+", " ", alias.replace("’", "'"))
        return "=" + norm if exact else "~" + norm.lower()

    def lookup(self, text: str) -> tuple[str, str | None] | None:
        """The (body name, context kind) an alias stands for; exact spelling first."""
        norm = re.sub(r"\s+", " ", text.replace("’", "'"))
        if norm.startswith("The "):
            found = self.alias_to.get("=the " + norm[4:])
            if found:
                return found
        return self.alias_to.get("=" + norm) or self.alias_to.get("~" + norm.lower())

    def find(
        self, text: str, start: int = 0, end: int | None = None, *, possessive: bool = False
    ) -> list[Hit]:
        """Every alias in ``text[start:end]`` (blockers consumed and dropped); with
        ``possessive``, names followed by 's too."""
        pattern = self.possessive_pattern if possessive else self.pattern
        assert pattern is not None
        hits: list[Hit] = []
        stop = len(text) if end is None else end
        for m in pattern.finditer(text, start, stop):
            found = self.lookup(m.group(0))
            if not found:
                continue
            body_name, ctx = found
            if ctx:
                hits.append(Hit(m.start(), m.end(), m.group(0), None, ctx))
            elif body_name:
                hits.append(Hit(m.start(), m.end(), m.group(0), self.bodies[body_name]))
        return hits

    def name_at(self, name: str, date: str | None) -> str:
        """The name a renamed body had on ``date`` (YYYY[-MM[-DD]]); unchanged if unknown.

        A document that uses an outdated name still means the same body: a 2019 text naming
        DCLG refers to what was by then MHCLG. Names are never moved backwards in time.
        """
        body = self.bodies.get(name)
        if not body or not date:
            return name
        when = date[:7]
        for _ in range(8):  # a lineage is short; the bound guards against a cycle in the data
            if not body.valid_to or when < body.valid_to or not body.successor:
                return body.name
            nxt = self.bodies.get(body.successor)
            if nxt is None:
                return body.name
            body = nxt
        return body.name
