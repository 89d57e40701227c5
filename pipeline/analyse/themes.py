"""Themes over time: cluster what the corpus says, label it, count it by period.

Claims, recommendations and the sentences that carry figures are clustered on their
normalised MiniLM embeddings with scikit-learn (agglomerative, cosine, average linkage; on
large inputs k-means micro-clusters first, so memory stays linear). Labels and keywords come
from class-based TF-IDF: a theme's words weighted against every other theme's.

Theme ids are stable: once themes exist, new items join the theme whose centroid is nearest
(above :attr:`ThemeSettings.join_similarity`); only what joins nothing is clustered, and only
clusters big enough become new themes. ``rebuild=True`` starts afresh.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select, update

from pipeline.analyse.corpus import Item
from pipeline.analyse.embeddings import Progress
from pipeline.analyse.text import period_keys
from pipeline.store import schema as s
from pipeline.store.db import Store, now


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
    keywords: int = 8
    #: trend: a theme seen in this many years, from this many publishers, recurs
    recurring_years: int = 3
    recurring_publishers: int = 2


def cluster(vectors: np.ndarray, settings: ThemeSettings, seed: int = 0) -> np.ndarray:
    """Cluster labels for normalised vectors; -1 for items in clusters below ``min_size``."""
    from sklearn.cluster import AgglomerativeClustering, MiniBatchKMeans

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
        # micro-clusters of ~50 items: few enough for agglomerative, fine enough for themes
        k = min(max(100, n // 50), 2000)
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=1)
        micro = km.fit_predict(vectors)
        centres = km.cluster_centers_
        centres = centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
        top = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=settings.distance_threshold,
        ).fit_predict(centres)
        labels = top[micro]
    sizes = Counter(labels.tolist())
    return np.array([lab if sizes[lab] >= settings.min_size else -1 for lab in labels])


def ctfidf_keywords(texts_by_class: Sequence[str], top: int) -> list[list[str]]:
    """Top words of each class by class-based TF-IDF (BERTopic's weighting)."""
    from sklearn.feature_extraction.text import CountVectorizer

    if not texts_by_class:
        return []
    vec = CountVectorizer(
        stop_words="english",
        ngram_range=(1, 2),
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z'’-]+\b",
        min_df=1,
    )
    try:
        counts = vec.fit_transform(texts_by_class)
    except ValueError:  # only stop words
        return [[] for _ in texts_by_class]
    vocab = np.array(vec.get_feature_names_out())
    tf = counts.astype(np.float64)
    row_sums = np.asarray(tf.sum(axis=1)).ravel()
    avg_words = max(row_sums.mean(), 1.0)
    freq = np.asarray(tf.sum(axis=0)).ravel()
    idf = np.log(1 + avg_words / np.maximum(freq, 1))
    out: list[list[str]] = []
    for i in range(tf.shape[0]):
        row = tf.getrow(i)
        if row.nnz == 0:
            out.append([])
            continue
        scores = row.data / max(row_sums[i], 1) * idf[row.indices]
        order = np.argsort(-scores)
        words: list[str] = []
        for j in order:
            w = vocab[row.indices[j]]
            # skip a unigram already inside a chosen bigram and vice versa
            if any(w in x.split() or x in w.split() for x in words):
                continue
            words.append(w)
            if len(words) >= top:
                break
        out.append(words)
    return out


def _label(keywords: list[str]) -> str:
    return " / ".join(keywords[:3]) if keywords else "(unlabelled)"


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
        if stale:
            for kind, iid in stale:
                conn.execute(delete(s.theme_member).where(tm.item_type == kind, tm.item_id == iid))
        ts = now()
        for group in new_groups:
            tid = conn.execute(
                insert(s.theme).values(label="(new)", keywords=[], created_at=ts)
            ).inserted_primary_key[0]
            members[tid] = group
            created.append(tid)
            touched.add(tid)
        # centroids, member scores and rows for every theme that changed
        for tid in touched:
            rows = members[tid]
            cent = _centroid(vectors, rows)
            conn.execute(
                update(s.theme)
                .where(s.theme.c.id == tid)
                .values(centroid=cent.astype("<f4").tobytes(), updated_at=ts)
            )
            conn.execute(delete(s.theme_member).where(tm.theme_id == tid))
            scores = vectors[rows] @ cent
            conn.execute(
                insert(s.theme_member),
                [
                    {
                        "theme_id": tid,
                        "item_type": items[r].kind,
                        "item_id": items[r].id,
                        "score": float(sc),
                    }
                    for r, sc in zip(rows, scores, strict=True)
                ],
            )
        _label_and_count(conn, items, members, settings)
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


def _label_and_count(
    conn: Any, items: Sequence[Item], members: dict[int, list[int]], settings: ThemeSettings
) -> None:
    """Labels, keywords, prevalence by year and quarter, and the trend of every theme."""
    tids = [t for t in sorted(members) if members[t]]
    texts = [" ".join(items[r].theme_text for r in members[t]) for t in tids]
    kws = ctfidf_keywords(texts, settings.keywords)
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
    for t, kw in zip(tids, kws, strict=True):
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
            .values(label=_label(kw), keywords=kw, trend=trend)
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
