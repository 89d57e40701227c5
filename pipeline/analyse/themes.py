"""Themes over time: cluster what the corpus says, label it, count it by period.

Claims, recommendations and the sentences that carry figures are clustered on their
normalised MiniLM embeddings with scikit-learn (agglomerative, cosine, average linkage; on
large inputs k-means micro-clusters first, so memory stays linear and 100,000 items take
seconds). Each theme is named by the phrase that best sets it apart, by class-based TF-IDF
over phrases of up to four words read from its most central members; its keywords are a
separate list (:func:`label_themes`).

Theme ids are stable: once themes exist, new items join the theme whose centroid is nearest
(above :attr:`ThemeSettings.join_similarity`); only what joins nothing is clustered, and only
clusters big enough become new themes. ``rebuild=True`` starts afresh.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select, update

from pipeline.analyse.corpus import Item
from pipeline.analyse.embeddings import Progress
from pipeline.analyse.text import STOPWORDS, period_keys
from pipeline.store import schema as s
from pipeline.store.db import Store, now

#: rows per INSERT of theme members
WRITE_CHUNK = 5000


@dataclass(frozen=True)
class ThemeSettings:
    """Knobs of the theme step, with the reasons for their defaults."""

    #: cosine distance at which agglomerative clustering stops merging (MiniLM: sentences
    #: about one topic sit around 0.5-0.7 similarity)
    distance_threshold: float = 0.55
    #: smallest cluster that becomes a theme; smaller ones stay unthemed
    min_size: int = 3
    #: a new item joins an existing theme at this centroid similarity or above
    join_similarity: float = 0.45
    #: above this many vectors, cluster k-means micro-clusters instead of the items
    direct_limit: int = 2500
    #: items per micro-cluster (k = n / micro_size, at most micro_max)
    micro_size: int = 50
    micro_max: int = 2000
    micro_batch: int = 4096
    #: passes of mini-batch k-means over the data at most (it stops early when settled)
    micro_epochs: int = 3
    keywords: int = 8
    #: members nearest the centroid that a theme's label and keywords are read from
    label_sample: int = 300
    #: trend: a theme seen in this many years, from this many publishers, recurs
    recurring_years: int = 3
    recurring_publishers: int = 2


def cluster(vectors: np.ndarray, settings: ThemeSettings, seed: int = 0) -> np.ndarray:
    """Cluster labels for normalised vectors; -1 for items in clusters below ``min_size``.

    Up to ``direct_limit`` vectors: agglomerative clustering of the items (average linkage,
    cosine). Above it, k-means cuts the items into micro-clusters of ~``micro_size`` and the
    micro-clusters are clustered with the same linkage and threshold, their distance being
    the mean cosine distance between their items, ``1 - mean_a . mean_b`` (unnormalised
    means): what average linkage over the items starts from, so the threshold means the same
    at any size (later merges weigh micro-clusters, of similar sizes, rather than items).
    Normalising the means instead, as this once did, pulls them together and merged a
    100,000-item corpus into a handful of themes. Memory stays linear, time about n * k.
    """
    from sklearn.cluster import AgglomerativeClustering

    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1:
        return np.array([-1])
    if n <= settings.direct_limit:
        labels = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=settings.distance_threshold,
        ).fit_predict(vectors)
    else:
        micro, means = micro_clusters(vectors, settings, seed)
        dist = np.clip(1.0 - means @ means.T, 0.0, 2.0)
        np.fill_diagonal(dist, 0.0)
        top = AgglomerativeClustering(
            n_clusters=None,
            metric="precomputed",
            linkage="average",
            distance_threshold=settings.distance_threshold,
        ).fit_predict(dist)
        labels = top[micro]
    sizes = Counter(labels.tolist())
    return np.array([lab if sizes[lab] >= settings.min_size else -1 for lab in labels])


def micro_clusters(
    vectors: np.ndarray, settings: ThemeSettings, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """k-means micro-clusters: each vector's cluster (0..m-1) and the clusters' mean vectors
    (not normalised; empty clusters dropped).

    Mini-batch k-means with random initialisation: k-means++ seeding is the costly part at
    this k (minutes on 100,000 vectors) and buys nothing when the cells are only cut finer
    than the themes and then merged."""
    from sklearn.cluster import MiniBatchKMeans

    n = len(vectors)
    k = int(min(max(2, n // settings.micro_size), settings.micro_max))
    km = MiniBatchKMeans(
        n_clusters=k,
        init="random",
        random_state=seed,
        batch_size=settings.micro_batch,
        n_init=1,
        max_iter=settings.micro_epochs,
    )
    micro = km.fit_predict(vectors)
    used, micro = np.unique(micro, return_inverse=True)
    return micro, group_means(vectors, micro, len(used))


def group_means(vectors: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Mean vector of each group (rows of ``vectors`` labelled 0..n_groups-1), unnormalised."""
    from scipy.sparse import csr_matrix

    n = len(groups)
    onehot = csr_matrix((np.ones(n, dtype=np.float32), (groups, np.arange(n))), (n_groups, n))
    counts = np.maximum(np.bincount(groups, minlength=n_groups), 1).astype(np.float32)
    return np.asarray(onehot @ vectors) / counts[:, None]


#: stands where a stop word, a number or punctuation cut the text: no phrase spans it
_BREAK = "|"
_TOKEN = re.compile(r"[a-z](?:[a-z'’-]*[a-z])?|[^\sa-z]+")
UNLABELLED = "(unlabelled)"


@functools.cache
def label_stopwords() -> frozenset[str]:
    """Words no label or keyword is made of: scikit-learn's English list and the analysis's."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | STOPWORDS | _REPORTING


#: attribution around quotes: in every quote, about no topic ("said Mr Price")
_REPORTING_WORDS = "said says say told tells added adds according mr mrs ms dr"
_REPORTING = frozenset(_REPORTING_WORDS.split())


def phrase_tokens(text: str) -> list[str]:
    """Lower-case words, with :data:`_BREAK` where a stop word, a number, punctuation or a
    one-letter word stands, so that the bigrams made of them never cross one
    ("a strategy for foster placements, by 2019" -> strategy | foster placements |)."""
    stop = label_stopwords()
    out: list[str] = []
    for m in _TOKEN.finditer(text.lower().replace("’", "'")):
        w = m.group().strip("'-")
        if len(w) < 2 or not w[0].isalpha() or w in stop:
            if out and out[-1] != _BREAK:
                out.append(_BREAK)
        else:
            out.append(w)
    return out


@dataclass(frozen=True)
class ThemeLabel:
    """What a theme is called (a phrase) and the terms that set it apart (keywords)."""

    label: str
    keywords: list[str]


def label_themes(
    docs_by_theme: Sequence[Sequence[str]],
    *,
    keywords: int = 8,
    max_words: int = 4,
    min_coverage: float = 0.1,
    min_lift: float = 2.0,
    generic_share: float = 0.5,
) -> list[ThemeLabel]:
    """Label each theme from its documents by class-based TF-IDF over short phrases.

    Counts come from scikit-learn's ``CountVectorizer(ngram_range=(1, max_words))`` over
    :func:`phrase_tokens`, per document, summed per theme. A term's c-TF-IDF in a theme is
    its share of the theme's terms times ``log(1 + A / f)`` (A: mean terms per theme, f: the
    term's count over all themes; BERTopic's weighting). For the label, that times its number
    of words: a phrase names a topic better than any of its words, and the longer phrase
    wins when nearly as frequent ("special educational needs" over "educational needs").
    Phrases of up to ``max_words`` words are counted because the names of policy topics are
    often longer than two ("child protection plans", "Arts Council England grants").

    A word found in at least 5% of the documents of more than ``generic_share`` of the themes
    is generic (in a corpus about children's care: children, care, social), and so is a
    phrase made only of generic words. A theme's keywords are its best c-TF-IDF terms that are
    not generic, are at least ``min_lift`` times as common in its documents as in the other
    themes' documents, and occur in two of its documents or more; none is repeated inside
    another.

    The label is the best-scored of those found in at least ``min_coverage`` of the theme's
    documents (half-scored if it ends like a verb: "enquiries rose"), in the casing the
    documents mostly use.
    """
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import CountVectorizer

    k = len(docs_by_theme)
    if k == 0:
        return []
    docs = [d for group in docs_by_theme for d in group]
    sizes = np.array([len(g) for g in docs_by_theme])
    owner = np.repeat(np.arange(k), sizes)
    vec = CountVectorizer(
        tokenizer=phrase_tokens,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, max_words),
    )
    try:
        x = vec.fit_transform(docs)
    except ValueError:  # nothing but stop words
        return [ThemeLabel(UNLABELLED, []) for _ in docs_by_theme]
    vocab = vec.get_feature_names_out()
    keep = np.flatnonzero([_BREAK not in v for v in vocab])
    if not len(keep):
        return [ThemeLabel(UNLABELLED, []) for _ in docs_by_theme]
    x, vocab = x[:, keep].tocsr(), vocab[keep]
    by_theme = csr_matrix((np.ones(len(docs)), (owner, np.arange(len(docs)))), (k, len(docs)))
    counts = (by_theme @ x).tocsr()
    counts.sort_indices()
    present = (by_theme @ (x > 0).astype(np.float64)).tocsr()  # documents holding the term
    present.sort_indices()
    words_per_theme = np.asarray(counts.sum(axis=1)).ravel()
    freq = np.asarray(counts.sum(axis=0)).ravel()
    idf = np.log(1 + max(words_per_theme.mean(), 1.0) / np.maximum(freq, 1))
    n_words = np.array([v.count(" ") + 1 for v in vocab])
    # share of each theme's documents holding each term (the pattern of counts and present)
    coverage = present.data / np.maximum(np.repeat(sizes, np.diff(present.indptr)), 1)
    generic, generic_words = _generic(
        vocab, n_words, present.indices[coverage >= 0.05], k, generic_share
    )
    holding = np.asarray((x > 0).sum(axis=0)).ravel()  # documents holding each term
    out = []
    for i in range(k):
        lo, hi = counts.indptr[i], counts.indptr[i + 1]
        cols = counts.indices[lo:hi]
        if not len(cols):
            out.append(ThemeLabel(UNLABELLED, []))
            continue
        ctfidf = counts.data[lo:hi] / max(words_per_theme[i], 1) * idf[cols]
        # distinctive: not generic, and at least min_lift times as common in the theme's
        # documents as in the other themes' documents
        rest = (holding[cols] - present.data[lo:hi]) / max(len(docs) - sizes[i], 1)
        allowed = ~generic[cols] & (coverage[lo:hi] >= min_lift * rest)
        allowed &= present.data[lo:hi] >= min(2, sizes[i])  # in two documents or more
        if not allowed.any():  # nothing distinctive: better a plain name than none
            allowed = present.data[lo:hi] >= min(2, sizes[i])
        named = allowed & (coverage[lo:hi] >= min_coverage)
        named = named if named.any() else allowed
        if not named.any():
            out.append(ThemeLabel(UNLABELLED, []))
            continue
        label_score = ctfidf * n_words[cols] * np.where(_verb_ending(vocab[cols]), 0.5, 1.0)
        best = _best(vocab[cols], label_score, named)
        keys = _keywords(
            vocab[cols], ctfidf, n_words[cols], allowed, [best], generic_words, keywords
        )
        out.append(ThemeLabel(_surface(best, docs_by_theme[i]), keys))
    return out


def _generic(
    vocab: np.ndarray, n_words: np.ndarray, common_in: np.ndarray, k: int, share: float
) -> tuple[np.ndarray, frozenset[str]]:
    """Terms common to most themes, and the generic words: ``common_in`` lists a term once per
    theme where it is common; a phrase is generic when all its words are."""
    if k < 2:
        return np.zeros(len(vocab), dtype=bool), frozenset()
    generic = np.bincount(common_in, minlength=len(vocab)) > share * k
    words = frozenset(
        str(v) for v, g, n in zip(vocab, generic, n_words, strict=True) if g and n == 1
    )
    if words:
        for j in np.flatnonzero(n_words > 1):
            if all(w in words for w in str(vocab[j]).split()):
                generic[j] = True
    return generic, words


#: words that end a clause, not a topic: "enquiries rose", "figure compares"
_VERB_WORDS = """rose fell grew went came spent paid said says told tells added adds shows show
    compares gets got finds found means meant rise fall grow increase increases"""
_VERBS = frozenset(_VERB_WORDS.split())


def _verb_ending(terms: np.ndarray) -> np.ndarray:
    """Whether each phrase's last word looks like a verb (a past form, or one of _VERBS)."""
    last = [str(t).rsplit(" ", 1)[-1] for t in terms]
    return np.array(
        [w in _VERBS or (len(w) > 4 and w.endswith("ed") and not w.endswith("eed")) for w in last],
        dtype=bool,
    )


def _best(terms: np.ndarray, score: np.ndarray, allowed: np.ndarray) -> str:
    """The best-scored allowed term; ties go to the longer, then the alphabetically first."""
    j = min(np.flatnonzero(allowed), key=lambda j: (-score[j], -len(terms[j]), terms[j]))
    return str(terms[j])


def _keywords(
    terms: np.ndarray,
    score: np.ndarray,
    n_words: np.ndarray,
    allowed: np.ndarray,
    chosen: list[str],
    generic: frozenset[str],
    top: int,
) -> list[str]:
    """``chosen`` then the best-scored allowed terms, the longer first on a tie ("agency staff
    costs" over "agency"). A term is skipped when it is part of, or holds, a chosen one, or
    adds only generic words to the chosen ones' ("staff costs reached" after "agency staff
    costs")."""
    chosen = list(chosen)
    seen = {w for c in chosen for w in c.split()}
    for j in np.lexsort((-n_words, -np.round(score, 12))):
        if len(chosen) >= top:
            break
        if not allowed[j]:
            continue
        term = str(terms[j])
        w = f" {term} "
        if any(w in f" {x} " or f" {x} " in w for x in chosen):
            continue
        new = set(term.split()) - seen
        if not new or new <= generic:
            continue
        chosen.append(term)
        seen |= new
    return chosen


def _surface(phrase: str, docs: Sequence[str], sample: int = 200) -> str:
    """``phrase`` as most of the documents write it inside a sentence ("NHS England"), else
    in lower case."""
    words = [re.escape(w) for w in phrase.split()]
    pattern = re.compile(r"(?<=[\w,;:] )\b" + r"\s+".join(words) + r"\b", re.IGNORECASE)
    forms: Counter[str] = Counter()
    for d in docs[:sample]:
        forms.update(" ".join(m.group().split()) for m in pattern.finditer(d.replace("’", "'")))
    if not forms:
        return phrase
    form, n = forms.most_common(1)[0]
    return form if n * 2 > sum(forms.values()) else phrase


def build_themes(
    store: Store,
    items: Sequence[Item],
    vectors: np.ndarray,
    *,
    rebuild: bool = False,
    settings: ThemeSettings | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Create or extend the themes over ``items`` (row i of ``vectors`` embeds items[i])."""
    settings = settings or ThemeSettings()
    tm = s.theme_member.c
    if rebuild:
        with store.transaction() as conn:
            conn.execute(delete(s.theme_period))
            conn.execute(delete(s.theme_member))
            conn.execute(delete(s.theme))
    index = {it.key: i for i, it in enumerate(items)}
    members: dict[int, list[int]] = defaultdict(list)  # theme id -> item rows
    stale: list[tuple[str, int]] = []
    for r in store.execute(select(tm.theme_id, tm.item_type, tm.item_id)):
        row = index.get((r["item_type"], r["item_id"]))
        if row is None:
            stale.append((r["item_type"], r["item_id"]))
        else:
            members[r["theme_id"]].append(row)
    themed = {row for rows in members.values() for row in rows}
    theme_ids = sorted(r["id"] for r in store.execute(select(s.theme.c.id)))
    for tid in theme_ids:
        members.setdefault(tid, [])
    new_rows = [i for i in range(len(items)) if i not in themed]
    if progress:
        progress("themes", 0, max(len(new_rows), 1))

    joined = 0
    created: list[int] = []
    touched: set[int] = set()
    leftover = new_rows
    live = [t for t in theme_ids if members[t]]
    if live and new_rows:
        cents = np.vstack([_centroid(vectors, members[t]) for t in live])
        sims = vectors[new_rows] @ cents.T
        best = sims.argmax(axis=1)
        best_sim = sims[np.arange(len(new_rows)), best]
        leftover = []
        for row, b, sim in zip(new_rows, best, best_sim, strict=True):
            if sim >= settings.join_similarity:
                members[live[b]].append(row)
                touched.add(live[b])
                joined += 1
            else:
                leftover.append(row)
    new_groups: list[list[int]] = []
    if leftover:
        labels = cluster(vectors[leftover], settings)
        groups: dict[int, list[int]] = defaultdict(list)
        for row, lab in zip(leftover, labels, strict=True):
            if lab >= 0:
                groups[int(lab)].append(row)
        # largest first, so ids follow size in a fresh build
        new_groups = sorted(groups.values(), key=lambda g: (-len(g), g[0]))

    with store.transaction() as conn:
        _delete_members(conn, stale)
        ts = now()
        for group in new_groups:
            tid = conn.execute(
                insert(s.theme).values(label="(new)", keywords=[], created_at=ts)
            ).inserted_primary_key[0]
            members[tid] = group
            created.append(tid)
            touched.add(tid)
        # centroids of the themes that changed, and rows for their new members only: a
        # member's score is its similarity to the centroid when it joined (the centroid of a
        # large theme hardly moves), so an increment writes what changed, not every theme
        # member again
        cents = {}
        for tid in touched:
            cents[tid] = _centroid(vectors, members[tid])
            conn.execute(
                update(s.theme)
                .where(s.theme.c.id == tid)
                .values(centroid=cents[tid].astype("<f4").tobytes(), updated_at=ts)
            )
        fresh = set(new_rows)
        rows = [
            {
                "theme_id": tid,
                "item_type": items[r].kind,
                "item_id": items[r].id,
                "score": float(vectors[r] @ cents[tid]),
            }
            for tid in sorted(touched)
            for r in members[tid]
            if r in fresh
        ]
        for i in range(0, len(rows), WRITE_CHUNK):
            conn.execute(insert(s.theme_member), rows[i : i + WRITE_CHUNK])
        _label_and_count(conn, items, vectors, members, settings)
    if progress:
        progress("themes", max(len(new_rows), 1), max(len(new_rows), 1))
    return {
        "themes": sum(1 for rows in members.values() if rows),
        "themes_created": len(created),
        "items_joined": joined,
        "items_unthemed": len(leftover) - sum(len(g) for g in new_groups),
    }


def _centroid(vectors: np.ndarray, rows: list[int]) -> np.ndarray:
    c = vectors[rows].mean(axis=0)
    return c / max(float(np.linalg.norm(c)), 1e-9)


def _delete_members(conn: Any, keys: list[tuple[str, int]]) -> None:
    """Drop theme memberships of items that no longer exist (re-extracted documents)."""
    tm = s.theme_member.c
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, iid in keys:
        by_kind[kind].append(iid)
    for kind, ids in by_kind.items():
        for i in range(0, len(ids), 500):
            conn.execute(
                delete(s.theme_member).where(tm.item_type == kind, tm.item_id.in_(ids[i : i + 500]))
            )


def representatives(vectors: np.ndarray, rows: list[int], limit: int) -> list[int]:
    """The ``limit`` rows nearest the centroid of ``rows`` (all of them if fewer)."""
    if len(rows) <= limit:
        return list(rows)
    sims = vectors[rows] @ _centroid(vectors, rows)
    keep = np.argpartition(-sims, limit - 1)[:limit]
    return [rows[i] for i in sorted(keep)]


def _label_and_count(
    conn: Any,
    items: Sequence[Item],
    vectors: np.ndarray,
    members: dict[int, list[int]],
    settings: ThemeSettings,
) -> None:
    """Labels, keywords, prevalence by year and quarter, and the trend of every theme.

    Labels are read from each theme's ``label_sample`` members nearest its centroid: its
    core says what it is about, and the work is bounded by the number of themes, not items.
    """
    tids = [t for t in sorted(members) if members[t]]
    named = label_themes(
        [
            [
                items[r].theme_text
                for r in representatives(vectors, members[t], settings.label_sample)
            ]
            for t in tids
        ],
        keywords=settings.keywords,
    )
    # period totals over every themed item, for shares
    totals: Counter[str] = Counter()
    per: dict[int, dict[str, list[Item]]] = {}
    for t in tids:
        bucket: dict[str, list[Item]] = defaultdict(list)
        for r in members[t]:
            keys = period_keys(items[r].published)
            if keys:
                for k in keys:
                    bucket[k].append(items[r])
                    totals[k] += 1
        per[t] = bucket
    years = sorted({k for k in totals if len(k) == 4})
    conn.execute(delete(s.theme_period))
    rows = []
    for t, name in zip(tids, named, strict=True):
        for period, its in per[t].items():
            rows.append(
                {
                    "theme_id": t,
                    "period": period,
                    "n_items": len(its),
                    "n_documents": len({i.document_id for i in its}),
                    "n_publishers": len({i.publisher for i in its if i.publisher}),
                    "share": len(its) / totals[period],
                }
            )
        trend = _trend(t, per[t], totals, years, members, items, settings)
        conn.execute(
            update(s.theme)
            .where(s.theme.c.id == t)
            .values(label=name.label, keywords=name.keywords, trend=trend)
        )
    if rows:
        conn.execute(insert(s.theme_period), rows)


def _trend(
    tid: int,
    bucket: dict[str, list[Item]],
    totals: Counter[str],
    years: list[str],
    members: dict[int, list[int]],
    items: Sequence[Item],
    settings: ThemeSettings,
) -> str:
    """recurring | emerging | fading | steady, from the theme's share of each year.

    Recent means the last two years of the corpus. Emerging: first seen there, or its share
    there at least doubled. Fading: absent there after earlier years, or its share halved.
    Recurring: neither, and seen in several years from several publishers.
    """
    present = [y for y in years if y in bucket]
    if not present or len(years) < 2:
        return "steady"
    recent = set(years[-2:])
    n_recent = sum(len(bucket.get(y, [])) for y in recent)
    t_recent = sum(totals[y] for y in recent)
    n_early = sum(len(v) for y, v in bucket.items() if len(y) == 4 and y not in recent)
    t_early = sum(totals[y] for y in years if y not in recent)
    share_recent = n_recent / t_recent if t_recent else 0.0
    share_early = n_early / t_early if t_early else 0.0
    publishers = {items[r].publisher for r in members[tid] if items[r].publisher}
    if n_early == 0 and n_recent >= 2 and len(years) > 2:
        return "emerging"
    if n_recent == 0 and n_early >= 2:
        return "fading"
    if share_early and share_recent >= 2 * share_early and n_recent >= 3:
        return "emerging"
    if share_early and share_recent <= 0.5 * share_early and n_early >= 3:
        return "fading"
    if len(present) >= settings.recurring_years and len(publishers) >= (
        settings.recurring_publishers
    ):
        return "recurring"
    return "steady"


def theme_overview(store: Store) -> list[dict[str, Any]]:
    """Themes with label, keywords, trend, size and prevalence by period (for CLI/web)."""
    t, tm, tp = s.theme.c, s.theme_member.c, s.theme_period.c
    themes = store.execute(
        select(t.id, t.label, t.keywords, t.trend, t.created_at, t.updated_at).order_by(t.id)
    )
    sizes = Counter()
    for r in store.execute(select(tm.theme_id)):
        sizes[r["theme_id"]] += 1
    periods: dict[int, dict[str, int]] = defaultdict(dict)
    for r in store.execute(select(tp.theme_id, tp.period, tp.n_items)):
        periods[r["theme_id"]][r["period"]] = r["n_items"]
    out = []
    for th in themes:
        if not sizes[th["id"]]:
            continue
        p = periods[th["id"]]
        out.append(
            {
                **th,
                "size": sizes[th["id"]],
                "by_year": {k: v for k, v in sorted(p.items()) if len(k) == 4},
                "by_quarter": {k: v for k, v in sorted(p.items()) if len(k) > 4},
            }
        )
    out.sort(key=lambda r: -r["size"])
    return out
