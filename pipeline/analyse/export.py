"""threads.json for evaluation: each thread's members as document file name and span.

The format is the one ``../shared/eval/score.py --threads`` reads: a list of
``{"id", "kind", "label", "members": [{"doc", "start", "end"}]}``, with spans those of the
extracted items, so the scorer can snap them to gold items by overlap.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pipeline.store import schema as s
from pipeline.store.db import Store


def threads_for_eval(store: Store, doc_names: dict[int, str]) -> list[dict[str, Any]]:
    """Threads as dicts in the evaluation format; documents not in ``doc_names`` are left out."""
    th, tm = s.thread.c, s.thread_member.c
    spans: dict[tuple[str, int], tuple[int, int, int]] = {}
    for kind, table in s.ITEM_TABLES.items():
        if kind == "quote":
            continue
        for r in store.execute(select(table.c.id, table.c.document_id, table.c.start, table.c.end)):
            spans[(kind, r["id"])] = (r["document_id"], r["start"], r["end"])
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in store.execute(select(tm.thread_id, tm.item_type, tm.item_id)):
        sp = spans.get((r["item_type"], r["item_id"]))
        if sp and sp[0] in doc_names:
            members[r["thread_id"]].append({"doc": doc_names[sp[0]], "start": sp[1], "end": sp[2]})
    out = []
    for r in store.execute(select(th.id, th.kind, th.label).order_by(th.id)):
        ms = sorted(members.get(r["id"], []), key=lambda m: (m["doc"], m["start"]))
        if len(ms) >= 2:
            out.append({"id": str(r["id"]), "kind": r["kind"], "label": r["label"], "members": ms})
    return out


def write_threads_json(store: Store, path: str | Path, doc_names: dict[int, str]) -> int:
    """Write threads.json for ``score.py --threads``; returns the number of threads written."""
    threads = threads_for_eval(store, doc_names)
    Path(path).write_text(json.dumps(threads, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return len(threads)
