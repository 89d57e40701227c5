"""Metadata a researcher supplies: a ``NAME.meta.toml`` sidecar or markdown front matter.

Extraction gets dates and publishers wrong often enough that a researcher must be able to
correct them without editing the source file. Supplied values are validated strictly (an
unknown key is usually a typo) and then override whatever the parser found.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace

import yaml

from pipeline.errors import E, InputError
from pipeline.parse.model import KINDS, ParsedDocument

SIDECAR_SUFFIX = ".meta.toml"
OVERRIDABLE = ("title", "publisher", "author", "published", "kind", "url")
ISO_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISION_BY_PARTS = {1: "year", 2: "month", 3: "day"}


class MetadataError(ValueError):
    """A supplied metadata value is unusable; the caller turns it into E017."""


def sidecar_name(name: str) -> str:
    """The sidecar that belongs to input ``name``: ``report.pdf`` -> ``report.pdf.meta.toml``."""
    return f"{name}{SIDECAR_SUFFIX}"


def parse_published(value: object) -> tuple[str, str]:
    """``(iso, precision)`` for YYYY, YYYY-MM, YYYY-MM-DD strings or TOML dates."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat(), "day"
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise MetadataError(f"published must be a date, got {type(value).__name__}")
    match = ISO_PARTIAL_DATE.match(value.strip())
    if match is None:
        raise MetadataError(f"published must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    year, month, day = (int(p) if p else None for p in match.groups())
    try:
        dt.date(year, month or 1, day or 1)  # type: ignore[arg-type]
    except ValueError as err:
        raise MetadataError(f"published {value!r} is not a real date ({err})") from err
    parts = sum(p is not None for p in (year, month, day))
    return value.strip(), PRECISION_BY_PARTS[parts]


def validate_overrides(raw: Mapping[str, object]) -> dict[str, object]:
    """Check supplied metadata and return it as ParsedDocument field values."""
    unknown = sorted(set(raw) - set(OVERRIDABLE))
    if unknown:
        raise MetadataError(
            f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            f"(allowed: {', '.join(OVERRIDABLE)})"
        )
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key == "published":
            values["published"], values["published_precision"] = parse_published(value)
        elif not isinstance(value, str) or not value.strip():
            raise MetadataError(f"{key} must be a non-empty string")
        elif key == "kind" and value.strip().lower() not in KINDS:
            raise MetadataError(f"kind must be one of {', '.join(KINDS)}, got {value!r}")
        else:
            values[key] = value.strip().lower() if key == "kind" else value.strip()
    return values


def read_sidecar(data: bytes, name: str) -> dict[str, object]:
    """Validated overrides from sidecar bytes; E017 names the sidecar and the problem."""
    label = sidecar_name(name)
    try:
        raw = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise InputError(E.E017, sidecar=label, detail="not UTF-8 text") from err
    except tomllib.TOMLDecodeError as err:
        raise InputError(E.E017, sidecar=label, detail=str(err)) from err
    try:
        return validate_overrides(raw)
    except MetadataError as err:
        raise InputError(E.E017, sidecar=label, detail=str(err)) from err


def read_front_matter(syntax: str, body: str, name: str) -> dict[str, object]:
    """Validated overrides from markdown front matter; keys we do not use are kept aside.

    Front matter often carries fields for other tools (tags, layout), so unknown keys are
    ignored here rather than rejected as they are in a sidecar.
    """
    label = f"front matter of {name}"
    try:
        raw = tomllib.loads(body) if syntax == "toml" else yaml.safe_load(body)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as err:
        detail = " ".join(str(err).split())
        raise InputError(E.E017, sidecar=label, detail=detail) from err
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError(E.E017, sidecar=label, detail="front matter is not a key/value table")
    known = {k: v for k, v in raw.items() if k in OVERRIDABLE}
    try:
        return validate_overrides(known)
    except MetadataError as err:
        raise InputError(E.E017, sidecar=label, detail=str(err)) from err


def apply_overrides(
    doc: ParsedDocument, values: Mapping[str, object], source: str
) -> ParsedDocument:
    """A copy of ``doc`` with supplied values set, noting which fields ``source`` overrode."""
    if not values:
        return doc
    overridden = dict(doc.extra.get("overridden", {}))  # type: ignore[call-overload]
    overridden.update({k: source for k in values if k != "published_precision"})
    notes = doc.notes
    if "published" in values:  # a note on how the date was found no longer applies
        notes = [n for n in notes if not n.startswith("date ")]
    return replace(doc, **values, notes=notes, extra={**doc.extra, "overridden": overridden})
