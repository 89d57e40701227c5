"""Find quantities in running text: money, shares, counts and durations, with their values.

This is the text half of the figures component (:mod:`pipeline.extract.figures`): it works on
the raw string, so its offsets are exact and its cost is linear in the length of the text,
and it needs no parse. It decides what a number *is* ("£1.9bn" is 1.9e9 GBP, "nine in 10" is
90 percent, "2017-18" is a date, "HC 1741" is a reference); the component then uses the parse
to decide whether a bare count is a figure and what it measures.

All words (currencies, scales, qualifiers, reference words) come from a :class:`Lexicon`
loaded once from ``models/units.toml``, so a new sector or currency is a data change.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_UNITS_PATH = Path(__file__).resolve().parents[2] / "models" / "units.toml"

MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)


def _alternation(words: list[str] | set[str] | dict) -> str:
    """A regex alternation of literal phrases, longest first so the longest one wins."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``models/units.toml``, compiled once into the scanner's regexes."""

    currency_symbols: dict[str, str]
    currency_words: dict[str, tuple[str, float]]
    scales: dict[str, float]
    scales_glued: dict[str, float]
    percent: list[str]
    percentage_points: list[str]
    durations: dict[str, str]
    duration_adjectives: list[str]
    number_words: dict[str, int]
    fractions: dict[str, float]
    qualifiers: dict[str, list[str]]
    change_before: list[str]
    change_after: list[str]
    range_words: list[str]
    from_to_verbs: list[str]
    reference_words: list[str]
    age_before: list[str]
    age_group_nouns: list[str]
    age_after: list[str]
    period_before: list[str]
    period_after: list[str]
    anaphoric_determiners: list[str]
    singular_count_nouns: list[str] = field(default_factory=list)
    multiplier_words: list[str] = field(default_factory=list)
    comparison_after: list[str] = field(default_factory=list)

    @classmethod
    def from_path(cls, path: str | Path | None = None) -> Lexicon:
        """Load the lexicon from a TOML file (default: the shipped ``models/units.toml``)."""
        with Path(path or DEFAULT_UNITS_PATH).open("rb") as fh:
            return cls.from_dict(tomllib.load(fh))

    @classmethod
    def from_dict(cls, data: dict) -> Lexicon:
        lower = {k.lower(): v for k, v in data["scales"].items()}
        nf = data["not_figures"]
        return cls(
            currency_symbols=dict(data["currency_symbols"]),
            currency_words={
                k.lower(): (v[0], float(v[1])) for k, v in data["currency_words"].items()
            },
            scales={k: float(v) for k, v in lower.items()},
            scales_glued={k.lower(): float(v) for k, v in data["scales_glued"].items()},
            percent=list(data["percent"]["percent"]),
            percentage_points=list(data["percent"]["percentage_points"]),
            durations={k.lower(): v for k, v in data["durations"].items()},
            duration_adjectives=list(data.get("duration_words", {}).get("adjectives", [])),
            number_words={k.lower(): int(v) for k, v in data["number_words"].items()},
            fractions={k.lower(): float(v) for k, v in data["fractions"].items()},
            qualifiers={k: list(v) for k, v in data["qualifiers"].items()},
            change_before=list(data["change"]["before"]),
            change_after=list(data["change"]["after"]),
            range_words=list(data["change"].get("range_words", [])),
            from_to_verbs=list(data["change"].get("from_to_verbs", [])),
            reference_words=list(nf["reference_words"]),
            age_before=list(nf["age_before"]),
            age_group_nouns=list(nf["age_group_nouns"]),
            age_after=list(nf["age_after"]),
            period_before=list(nf["period_before"]),
            period_after=list(nf["period_after"]),
            anaphoric_determiners=list(nf["anaphoric_determiners"]),
            singular_count_nouns=list(data.get("counts", {}).get("singular_count_nouns", [])),
            multiplier_words=list(data.get("multipliers", {}).get("words", [])),
            comparison_after=list(data.get("multipliers", {}).get("comparison_after", [])),
        )


@dataclass
class Quantity:
    """A quantity found in text. ``bare`` means no unit was written (a count candidate)."""

    start: int
    end: int
    value: float
    unit: str
    qualifier: str = "exact"
    value_high: float | None = None
    is_change: bool = False
    bare: bool = False
    in_words: bool = False
    rate: str | None = None  # "per 10,000 children": the denominator, when one is written


@dataclass
class _Core:
    """One written number before any unit: "1.9bn", "26,400", "Thirty-seven"."""

    start: int
    end: int
    value: float
    in_words: bool
    scaled: bool = False
    scale: float = 1.0


@dataclass
class _Patterns:
    digits: re.Pattern
    words: re.Pattern
    protected: list[re.Pattern]
    currency_before: re.Pattern
    currency_after: re.Pattern
    scale_after: re.Pattern
    percent_after: re.Pattern
    points_after: re.Pattern
    duration_after: re.Pattern
    ratio_join: re.Pattern
    range_join: re.Pattern
    rate_after: re.Pattern
    qualifier_before: dict[str, re.Pattern]
    change_before: re.Pattern
    change_after: re.Pattern
    from_to: re.Pattern
    change_verb: re.Pattern
    reference_before: re.Pattern
    age_before: re.Pattern
    age_after: re.Pattern
    period_before: re.Pattern
    period_after: re.Pattern
    anaphoric_before: re.Pattern
    fraction: re.Pattern
    half: re.Pattern
    list_number: re.Pattern
    line_heading_number: re.Pattern
    adjectival_after: re.Pattern
    extras: dict[str, re.Pattern] = field(default_factory=dict)


def _compile(lex: Lexicon) -> _Patterns:
    glued = _alternation(lex.scales_glued)
    spelled = _alternation(lex.scales)
    digits = re.compile(
        # not inside a word, code or reference ("SW1P", "#Respect4", "care.12", "Covid-19")
        r"(?<![\w.,/#@&\\])(?<![A-Za-z]-)"
        r"(?P<neg>-)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        rf"(?:(?P<glued>{glued}|{spelled})(?![A-Za-z]))?"
        # a letter straight after is a code ("4G", "10am"), a unit we read elsewhere or an
        # ordinal; only pence ("50p") and the newspaper percent ("5pc") are let through
        r"(?![\d]|,\d{3}|\.\d|/\d)(?!(?!(?:pc|p)\b)[A-Za-z])",
        re.IGNORECASE,
    )
    word_list = list(lex.number_words) + [
        w for w, v in lex.scales.items() if w.isalpha() and v >= 100 and len(w) > 2
    ]
    nw = _alternation(word_list)
    words = re.compile(
        rf"\b(?:(?:a|an)\s+(?={spelled}\b))?(?:{nw})(?:(?:\s*-\s*|\s+and\s+|\s*,\s+|\s+&\s+|\s+)(?:{nw}))*\b",
        re.IGNORECASE,
    )
    protected = [
        # financial and academic years: 2017-18, 2017/18, 2017–2018
        re.compile(r"(?<![\d,.])(?:1[89]|20)\d\d\s?[-–/]\s?(?:\d\d|(?:1[89]|20)\d\d)(?![\d%])"),
        # dates: 9 July 2019, 9th July, July 9, Jul 24, 09/07/2019
        re.compile(
            rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}(?![a-z])", re.IGNORECASE
        ),
        re.compile(rf"\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\d,.]\d)(?!\s*(?:%|per\s?cent))"),
        re.compile(r"(?<![\d.])\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d.])"),
        # times: 10:00, 5.30pm, 10 am
        re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}\s?(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE),
        re.compile(r"(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?!\d)"),
        re.compile(r"(?<![\d.])\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])", re.IGNORECASE),
        # telephone numbers: 020 7946 0000, 0300 123 4567, +44 (0)20 ...
        re.compile(
            r"(?:\+\d{1,3}\s?(?:\(0\)\s?)?|(?<!\d)0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
        ),
        # codes of three or more digit groups: ISBNs, dashed phone numbers, serials
        re.compile(r"(?<![\w-])\d+(?:[-–]\d+){2,}(?![\w-])"),
        # web and mail addresses carry numbers that are not quantities
        re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE),
        # years used as dates: a bare 4-digit year with no currency, scale or percent after it
        re.compile(
            rf"(?<![\d,.£$€])(?:1[89]\d\d|20\d\d)(?![\d,]\d|\.\d|\s*(?:%|per\s?cent|percent|"
            rf"(?:{spelled})\b|(?:{glued})\b))",
            re.IGNORECASE,
        ),
    ]
    cur_sym = _alternation(lex.currency_symbols)
    cur_words = _alternation(lex.currency_words)
    qualifier_before = {
        kind: re.compile(rf"(?:^|(?<=[^\w]))(?:{_alternation(words)})\s+$", re.IGNORECASE)
        for kind, words in lex.qualifiers.items()
    }
    durations = _alternation(lex.durations)
    return _Patterns(
        digits=digits,
        words=words,
        protected=protected,
        currency_before=re.compile(rf"(?:{cur_sym})\s?$"),
        currency_after=re.compile(rf"^\s?(?:{cur_words})(?![\w])", re.IGNORECASE),
        scale_after=re.compile(rf"^\s+(?P<scale>{spelled})\b", re.IGNORECASE),
        percent_after=re.compile(
            rf"^\s?(?:{_alternation(lex.percent)})(?![A-Za-z])", re.IGNORECASE
        ),
        points_after=re.compile(
            rf"^\s?(?:{_alternation(lex.percentage_points)})(?![A-Za-z])", re.IGNORECASE
        ),
        duration_after=re.compile(
            rf"^\s+(?:(?:{_alternation(lex.duration_adjectives)})\s+)?(?P<unit>{durations})(?![\w-])",
            re.IGNORECASE,
        ),
        ratio_join=re.compile(
            r"^\s+(?:in(?:\s+every)?|out\s+of)\s+$|^\s+(?:in(?:\s+every)?|out\s+of)\s+",
            re.IGNORECASE,
        ),
        range_join=re.compile(r"^\s*(?:to|-|–|—|and)\s*", re.IGNORECASE),
        rate_after=re.compile(
            r"^\s+(?:per|for\s+every|in\s+every)\s+(?P<den>\d{1,3}(?:,\d{3})+|\d+|one|a|an|each|every)"
            r"(?:\s+(?!(?:in|on|at|of|for|to|the|a|an|and|or|with|by|from|per|each|every|is|was|"
            r"were|are|compared|than)\b)(?P<noun>[a-z][a-z'’-]+))?",
            re.IGNORECASE,
        ),
        qualifier_before=qualifier_before,
        change_before=re.compile(
            rf"(?:^|(?<=[^\w]))(?:{_alternation(lex.change_before)})\s+$", re.IGNORECASE
        ),
        change_after=re.compile(rf"^[\s-]+(?:{_alternation(lex.change_after)})\b", re.IGNORECASE),
        from_to=re.compile(
            rf"\b(?:{_alternation(lex.range_words)})\b(?:\s+[\w'’-]+){{0,3}}?\s+from\s+$",
            re.IGNORECASE,
        ),
        change_verb=re.compile(rf"\b(?:{_alternation(lex.from_to_verbs)})\b", re.IGNORECASE),
        reference_before=re.compile(
            rf"(?:^|(?<=[^\w]))(?:{_alternation(lex.reference_words)})\.?\s*$", re.IGNORECASE
        ),
        age_before=re.compile(
            rf"(?:^|(?<=[^\w]))(?:(?:{_alternation(lex.age_group_nouns)})\s+(?:under|over|below|"
            rf"above|aged(?:\s+(?:under|over))?|up\s+to)\s*|(?:{_alternation(lex.age_before)})\s*)$",
            re.IGNORECASE,
        ),
        age_after=re.compile(rf"^\s*-?\s*(?:{_alternation(lex.age_after)})\b", re.IGNORECASE),
        period_before=re.compile(
            rf"(?:^|(?<=[^\w]))(?:{_alternation(lex.period_before)})\s+$", re.IGNORECASE
        ),
        period_after=re.compile(rf"^\s+(?:{_alternation(lex.period_after)})\b", re.IGNORECASE),
        anaphoric_before=re.compile(
            rf"(?:^|(?<=[^\w]))(?:{_alternation(lex.anaphoric_determiners)})\s+$", re.IGNORECASE
        ),
        fraction=re.compile(
            rf"\b(?P<num>a|an|one|{_alternation(lex.number_words)}|\d+)[\s-]+"
            rf"(?P<den>{_alternation(lex.fractions)})\b(?P<of>\s+of\b)?",
            re.IGNORECASE,
        ),
        half=re.compile(r"\b(?:(?P<in>in|by)\s+)?half\b(?P<of>\s+of\b)?", re.IGNORECASE),
        list_number=re.compile(
            r"(?m)^[ \t\u00a0•·*\-–]*\(?(?:\d{1,3}(?:\.\d{1,3})*)"
            r"(?:[.)][ \t\u00a0]|[ \t\u00a0](?=[A-Z(“\"']))"
        ),
        line_heading_number=re.compile(r"(?m)^[ \t\u00a0]*\d{1,3}(?:\.\d{1,3})+[ \t\u00a0]"),
        adjectival_after=re.compile(r"^-(?![\d£$€])[a-z]", re.IGNORECASE),
    )


def words_to_number(
    tokens: list[str], number_words: dict[str, int], scales: dict[str, float]
) -> tuple[float, int] | None:
    """Value of a spelled-out number and how many tokens it used ("a hundred and two" -> 102).

    ``and`` is only taken after a scale word ("three hundred and five"), so "two and three"
    stops after "two" and the caller scans "three" on its own.
    """
    total = 0.0
    current = 0.0
    used = 0
    seen = False
    for i, raw in enumerate(tokens):
        tok = raw.lower()
        if tok in ("a", "an") and i == 0:
            current = 1
            used = i + 1
            continue
        if tok in ("and", "&", ","):
            prev = tokens[i - 1].lower() if i else ""
            if prev not in scales:
                break
            continue
        if tok in number_words:
            val = number_words[tok]
            prev = tokens[i - 1].lower() if i else ""
            # "twenty five" joins, "five twenty" does not
            if (
                seen
                and prev in number_words
                and not (number_words[prev] % 10 == 0 and number_words[prev] >= 20 and val < 10)
            ):
                break
            current += val
            seen = True
        elif tok in scales and scales[tok] >= 100:
            scale = scales[tok]
            if current == 0:
                current = 1 if i and tokens[i - 1].lower() in ("a", "an") else 0
                if current == 0:
                    break
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
            seen = True
        else:
            break
        used = i + 1
    if not seen:
        return None
    return total + current, used


class QuantityScanner:
    """Scan text for quantities with the patterns of one :class:`Lexicon`."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.p = _compile(lexicon)
        self._word_token = re.compile(r"[A-Za-z]+|,|&")
        self._rate_nouns: dict[str, str] = {}

    # -- public -------------------------------------------------------------------------

    def scan(self, text: str, protected: list[tuple[int, int]] | None = None) -> list[Quantity]:
        """All quantities in ``text``, in order, none overlapping.

        ``protected`` adds spans (list numbering found by the structure component, page
        chrome) in which no number is read as a quantity.
        """
        self._rate_nouns: dict[str, str] = {}
        blocked = _Spans(self._protected(text) + list(protected or []))
        cores = [c for c in self._cores(text) if not blocked.overlaps(c.start, c.end)]
        out: list[Quantity] = []
        fractions = self._fractions(text, blocked)
        taken = _Spans([(f.start, f.end) for f in fractions])
        out.extend(fractions)
        i = 0
        while i < len(cores):
            core = cores[i]
            if taken.overlaps(core.start, core.end):
                i += 1
                continue
            q, used = self._build(text, cores, i)
            i += used
            if q is None:
                continue
            if taken.overlaps(q.start, q.end):
                continue
            out.append(q)
            taken.add(q.start, q.end)
        out.sort(key=lambda q: q.start)
        for q in out:
            if q.bare:
                # "the rate per 10,000 children went from 60 to 71": the clause names the rate
                clause = re.split(r"[.;!?\n]", text[max(0, q.start - 120) : q.start])[-1]
                m = re.search(r"\bper\s+(\d{1,3}(?:,\d{3})+|\d+)\s+([a-z][a-z'’-]+)", clause)
                if m:
                    q.unit = f"per {m.group(1)} {m.group(2)}".lower()
                    q.bare = False
            # "4.1m" is 4,100,000, not 4,099,999.9999999995
            q.value = float(f"{q.value:.12g}")
            if q.value_high is not None:
                q.value_high = float(f"{q.value_high:.12g}")
        return out

    # -- protected spans ------------------------------------------------------------------

    def _protected(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for pat in self.p.protected:
            spans.extend(m.span() for m in pat.finditer(text))
        for m in self.p.list_number.finditer(text):
            spans.append(m.span())
        for m in self.p.line_heading_number.finditer(text):
            spans.append(m.span())
        return spans

    # -- cores ------------------------------------------------------------------------------

    def _cores(self, text: str) -> list[_Core]:
        cores: list[_Core] = []
        for m in self.p.digits.finditer(text):
            num = m.group("num")
            if len(num) > 1 and num.startswith("0") and not num.startswith("0."):
                continue  # "09", "0300": codes and dates, not quantities
            value = float(num.replace(",", ""))
            if m.group("neg"):
                value = -value
            glued = (m.group("glued") or "").lower()
            scale = self.lex.scales.get(glued) or self.lex.scales_glued.get(glued) or 1.0
            start = m.start("neg") if m.group("neg") else m.start("num")
            cores.append(_Core(start, m.end(), value * scale, False, bool(glued), scale))
        for m in self.p.words.finditer(text):
            toks = [(t.group(), t.start(), t.end()) for t in self._word_token.finditer(m.group())]
            k = 0
            while k < len(toks):
                parsed = words_to_number(
                    [t[0] for t in toks[k:]], self.lex.number_words, self.lex.scales
                )
                if parsed is None:
                    k += 1
                    continue
                value, used = parsed
                # do not end on a joiner
                while used and toks[k + used - 1][0].lower() in ("and", "&", ",", "a", "an"):
                    used -= 1
                if used == 0:
                    k += 1
                    continue
                s = m.start() + toks[k][1]
                e = m.start() + toks[k + used - 1][2]
                last = toks[k + used - 1][0].lower()
                scaled = last in self.lex.scales
                cores.append(_Core(s, e, value, True, scaled, self.lex.scales.get(last, 1.0)))
                k += used
        cores.sort(key=lambda c: (c.start, -c.end))
        dedup: list[_Core] = []
        for c in cores:
            if dedup and c.start < dedup[-1].end:
                continue
            dedup.append(c)
        return dedup

    # -- fractions and halves ---------------------------------------------------------------

    def _fractions(self, text: str, blocked: _Spans) -> list[Quantity]:
        out = []
        for m in self.p.fraction.finditer(text):
            num = m.group("num").lower()
            den = m.group("den").lower()
            if (
                num in ("a", "an", "one")
                and not m.group("of")
                and den not in ("sixth", "third", "quarter", "fifth")
            ):
                continue
            # "fallen by a quarter", "a rise of about a fifth": a share even without "of"
            by = re.search(
                r"\b(?:by|of|about|almost|nearly|around|roughly|some|over|under|than)\s+$",
                text[max(0, m.start() - 12) : m.start()],
                re.IGNORECASE,
            )
            if num in ("a", "an") and not (m.group("of") or by):
                continue  # "a quarter" alone is a period of a year; "fallen by a quarter" is not
            n = 1 if num in ("a", "an") else self.lex.number_words.get(num)
            if n is None:
                n = int(num) if num.isdigit() else None
            if n is None or blocked.overlaps(m.start(), m.end()):
                continue
            # plural denominators need a numerator above one ("two-thirds"), singular one
            if den.endswith("s") and n == 1 and den not in ("halves",):
                continue
            value = n * self.lex.fractions[den]
            if value > 1:
                continue  # "Ninety-Fifth Report" is an ordinal, not a share
            end = m.end("den")
            q = Quantity(m.start(), end, round(value * 100, 6), "percent", in_words=True)
            self._qualify(text, q)
            out.append(q)
        for m in self.p.half.finditer(text):
            if not (m.group("of") or m.group("in")):
                continue
            if any(f.start <= m.start() < f.end for f in out):
                continue
            if re.search(
                r"\b(?:first|second|last|latter|other|the|this|next|one|and\s+a)\s+$",
                text[: m.start()][-20:],
                re.I,
            ):
                continue  # "the first half of the year": a period, not a share
            start = m.start()
            q = Quantity(
                start, m.end() - (len(m.group("of") or "")), 50.0, "percent", in_words=True
            )
            if m.group("in"):
                q.is_change = True
                # "cut in half": include the verb, the figure is the cut
                before = re.search(r"(?:cut|reduced|slashed|fallen|fell|dropped)\s+$", text[:start])
                if before:
                    q.start = before.start()
                    q.value = -50.0
                    q.qualifier = "approx"
            else:
                self._qualify(text, q)
            out.append(q)
        return out

    # -- one quantity -------------------------------------------------------------------------

    def _build(self, text: str, cores: list[_Core], i: int) -> tuple[Quantity | None, int]:
        """The quantity starting at core ``i``, and how many cores it used."""
        core = cores[i]
        nxt = cores[i + 1] if i + 1 < len(cores) else None
        # ratios: "nine in 10", "one in four", "3 out of 5"
        if nxt is not None:
            join = text[core.end : nxt.start]
            if (
                re.fullmatch(r"\s+(?:in(?:\s+every)?|out\s+of)\s+", join, re.IGNORECASE)
                and 0 < core.value < nxt.value <= 1000
                and not core.scaled
                and not self.p.duration_after.match(text[nxt.end : nxt.end + 20])
            ):
                q = Quantity(
                    core.start,
                    nxt.end,
                    round(core.value / nxt.value * 100, 6),
                    "percent",
                    in_words=core.in_words,
                )
                self._qualify(text, q)
                return q, 2
        q = self._single(text, core)
        if q is None:
            return None, 1
        # ranges: "£566 to £5,166", "between 10 and 15 per cent", "20-30%"
        if nxt is not None and core.in_words == nxt.in_words:
            between = text[q.end : nxt.start]
            cur = self.p.currency_before.search(between)
            bare_join = between[: cur.start()] if cur else between
            if self.p.range_join.fullmatch(bare_join) and self._is_range(text, q, bare_join):
                second = self._single(text, nxt)
                dash_only = bare_join.strip() in ("-", "–", "—") and bare_join == bare_join.strip()
                compatible = second is not None and (
                    second.unit == q.unit or q.bare or (second.bare and dash_only)
                )
                if second is not None and compatible:
                    # one unit and one scale for both ends: "between 10 and 15 per cent", "£2-3bn"
                    if q.bare and not second.bare:
                        q.unit = second.unit
                        q.bare = False
                    if nxt.scaled and not core.scaled and q.value == core.value:
                        q.value *= nxt.scale
                    q.value_high = second.value
                    q.end = second.end
                    window = max(0, q.start - 20)
                    lead = re.search(r"\bbetween\s+$", text[window : q.start], re.IGNORECASE)
                    if lead:
                        q.start = window + lead.start()
                    q.is_change = q.is_change or second.is_change
                    if self.p.change_after.match(text[q.end :]):
                        q.is_change = True
                    return q, 2
        return q, 1

    def _is_range(self, text: str, q: Quantity, join: str) -> bool:
        before = text[max(0, q.start - 60) : q.start]
        j = join.strip().lower()
        if j == "and":
            return bool(re.search(r"\bbetween\s+$", before, re.IGNORECASE))
        if re.search(r"\bfrom\s+$", before, re.IGNORECASE):
            # "rose from 26,400 to 50,000" is a before and an after; "fees from £5 to £9"
            # and "ranged from ... to ..." are one range. Look back over the clause only.
            clause = re.split(r"[.;:!?\n]", text[max(0, q.start - 150) : q.start])[-1]
            return bool(self.p.from_to.search(before)) or not self.p.change_verb.search(clause)
        # "increased by 4.7% to 655,630": a change and a new level, not a range
        return not (j == "to" and re.search(r"\b(?:by|up|down)\s+$", before, re.IGNORECASE))

    def _single(self, text: str, core: _Core) -> Quantity | None:
        p = self.p
        after = text[core.end : core.end + 80]
        before = text[max(0, core.start - 80) : core.start]
        value = core.value
        end = core.end
        start = core.start
        unit: str | None = None
        rate = None
        scaled = core.scaled
        m = p.scale_after.match(after)
        if m and not scaled:
            value *= self.lex.scales[m.group("scale").lower()]
            end += m.end()
            scaled = True
            after = text[end : end + 80]
        # glued scale letters ("400m") without money are distances or sizes, not counts
        glued_letter = (
            not core.in_words
            and core.scaled
            and text[core.end - 1].isalpha()
            and (text[core.end - 1].lower() in self.lex.scales_glued)
        )
        cur = p.currency_before.search(before)
        if cur:
            sym = cur.group().strip()
            unit = self.lex.currency_symbols.get(sym) or self.lex.currency_symbols.get(sym.upper())
            start = core.start - (len(before) - cur.start())
            m = p.currency_after.match(after)
            if m and m.group().strip().lower() in ("pounds", "dollars", "euros", "sterling"):
                end += m.end()
        elif (m := p.points_after.match(after)) and not (
            m.group().strip().lower() == "points"
            and not re.search(
                r"percent|per cent|%", text[max(0, core.start - 200) : core.start], re.I
            )
        ):
            unit = "percentage points"
            end += m.end()
        elif m := p.percent_after.match(after):
            unit = "percent"
            end += m.end()
            m2 = p.points_after.match(text[end : end + 40])
            if m2 and m2.group().strip().lower() == "points":
                unit = "percentage points"
                end += m2.end()
        elif (m := p.currency_after.match(after)) and not (
            m.group().strip().lower() == "p"
            and (scaled or core.in_words or text[core.end : core.end + 1] == " ")
        ):
            code, mult = self.lex.currency_words[m.group().strip().lower()]
            unit = code
            value *= mult
            end += m.end()
        elif (m := p.duration_after.match(after)) and not scaled:
            unit = self.lex.durations[m.group("unit").lower()]
            end += m.end()
        if unit is None and self.lex.multiplier_words:
            m = re.match(
                rf"^\s+(?:{_alternation(self.lex.multiplier_words)})\b(?P<cmp>\s+(?:"
                rf"{_alternation(self.lex.comparison_after)})\b)?",
                after,
                re.IGNORECASE,
            )
            if m and not m.group("cmp"):
                return None  # "raised it 3 times": an event count nobody would quote
            if m:
                unit = "times"
                end += m.end() - len(m.group("cmp"))
        if unit is None:
            if glued_letter and not re.match(r"\s+(?:[a-z]+s|people|children|staff)\b", after):
                return None  # "400m" alone is a distance; "2m people" is a count
            if p.adjectival_after.match(after):
                return None  # "a 10-point plan", "three-year settlement": a modifier, not a count
        q = Quantity(start, end, value, unit or "count", bare=unit is None, in_words=core.in_words)
        # rates: "45 per 10,000 children"
        m = p.rate_after.match(text[end : end + 80])
        if m and unit not in ("percent", "percentage points"):
            den = m.group("den")
            noun = m.group("noun")
            if unit is None or unit == "count":
                # "up from 489 per 10,000": the noun is the one last named with this denominator
                noun = noun or self._rate_nouns.get(den)
                if noun:
                    self._rate_nouns[den] = noun
                rate_text = f"per {den} {noun}" if noun else f"per {den}"
                q.unit = rate_text.lower()
                q.bare = False
                q.end = end + m.end()
            rate = m.group().strip()
        q.rate = rate
        if not self._acceptable(text, q, core):
            return None
        self._qualify(text, q)
        return q

    def _acceptable(self, text: str, q: Quantity, core: _Core) -> bool:
        """Reject references, ages and time periods: numbers a reader would not quote."""
        p = self.p
        before = text[max(0, q.start - 60) : q.start]
        after = text[q.end : q.end + 60]
        if q.bare or q.unit in self.lex.durations.values():
            if p.reference_before.search(before) and "," not in text[core.start : core.end]:
                return False
            # the first end of an age range counts too: "aged 16 to 18"
            first_end = re.sub(
                r"(?:\d+|[a-z]+)\s*(?:to|-|–|and)\s*$", "", before, flags=re.IGNORECASE
            )
            if (
                p.age_before.search(before)
                or p.age_before.search(first_end)
                or p.age_after.match(after)
            ):
                return False
        is_duration = q.unit in self.lex.durations.values()
        if is_duration and (p.period_before.search(before) or p.period_after.match(after)):
            return False
        if q.bare:
            if core.in_words and core.value == 1 and not core.scaled:
                return False  # "one local authority": a determiner
            if core.in_words and p.anaphoric_before.search(before) and core.value < 100:
                return False  # "the two organisations" refers back, it does not count
            if p.age_after.match(after):
                return False
            if re.match(r"^[ \t]*(?:\n|$)", after):
                return False  # a number closing a line: a contents page number or a label
            if re.search(r"\d+\s+(?:of|/)\s+$", before) and p.reference_before.search(
                re.sub(r"\s*\d+\s+(?:of|/)\s+$", "", before)
            ):
                return False  # "Page 2 of 4"
            if (
                not core.in_words
                and core.value < 10
                and re.search(r"\b(?:the|these|those|both)\s+$", before, re.IGNORECASE)
            ):
                return False  # "the 2 councils involved" refers back
            if re.search(r"\bper\s+$", before, re.IGNORECASE):
                return False  # the denominator of a rate ("per 10,000 children")
            if re.match(r"^\s*[\]\)]", after) and re.search(r"[\[\(]\s*$", before):
                return False  # "(12)", "[3]": a list marker or note
        return True

    def _qualify(self, text: str, q: Quantity) -> None:
        """Take in the qualifier before the number ("more than", "almost") and change cues."""
        before = text[max(0, q.start - 40) : q.start]
        best = None
        for kind, pat in self.p.qualifier_before.items():
            m = pat.search(before)
            if m and (best is None or m.start() < best[1]):
                best = (kind, m.start())
        if best is not None:
            q.qualifier = best[0]
            q.start -= len(before) - best[1]
            before = text[max(0, q.start - 40) : q.start]
        if self.p.change_before.search(before) or self.p.change_after.match(
            text[q.end : q.end + 40]
        ):
            q.is_change = True


class _Spans:
    """Spans that a new span is tested against for overlap, in O(log n) a test.

    A flattened table or a long numbered list holds tens of thousands of numbers and list
    marks; a linear scan of every span per number made the scan quadratic in the text.
    Spans may overlap or nest: ``max_end[k]`` is the furthest end among the first k+1 spans
    by start, so "some span starting before ``end`` ends after ``start``" is one lookup.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans: list[tuple[int, int]] = []
        self.starts: list[int] = []
        self.max_end: list[int] = []
        self._rebuild(sorted(spans))

    def _rebuild(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.max_end = []
        for _, e in spans:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)  # spans[:k] start before ``end``
        return k > 0 and self.max_end[k - 1] > start

    def add(self, start: int, end: int) -> None:
        """Add a span; in text order (the usual case) this is an append."""
        if not self.starts or start >= self.starts[-1]:
            self.spans.append((start, end))
            self.starts.append(start)
            self.max_end.append(max(end, self.max_end[-1]) if self.max_end else end)
        else:
            spans = list(self.spans)
            bisect.insort(spans, (start, end))
            self._rebuild(spans)
