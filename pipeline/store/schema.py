"""The store's schema: every table policytrail writes, in one place.

Tables are SQLAlchemy Core, so the same schema runs on SQLite (the embedded default) and
PostgreSQL. Database-specific SQL (FTS5, pragmas) lives in ``store/db.py`` and
``store/search.py`` only.

Provenance is the point of the tool: every extracted item keeps its document and the exact
``start``/``end`` character offsets into ``document.text``. Items cascade-delete with their
document so a re-extraction or a removed document never leaves orphans.

Bump :data:`SCHEMA_VERSION` and add a step to :data:`MIGRATIONS` for every change to an
existing table; new tables are created by ``metadata.create_all`` on open.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 1

metadata = MetaData()

# Key-value facts about the store itself: schema version, creation time.
meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

document = Table(
    "document",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, index=True),  # where it came from: http(s) URL or file:// URI
    Column("canonical_url", Text, index=True),
    Column("source_path", Text),  # local path it was read from, if any
    Column("title", Text),
    Column("publisher", Text, index=True),
    Column("author", Text),
    Column("published", String(10)),  # ISO date cut to its precision: 2019, 2019-07, 2019-07-04
    Column("published_precision", String(5)),  # day | month | year | None
    Column("published_date", Date, index=True),  # first day of `published`, for range filters
    Column("fetched_at", DateTime),
    Column("ingested_at", DateTime, nullable=False),
    Column("kind", String(20), index=True),  # see parse.model.KINDS
    Column("format", String(10), nullable=False),  # html | pdf | text | markdown | warc
    Column("encoding", String(32)),  # detected encoding when not UTF-8
    Column("content_hash", String(64), nullable=False, unique=True),  # sha256 of `text`
    Column("raw_hash", String(64), index=True),  # sha256 of the raw bytes (+ sidecar)
    Column("text", Text, nullable=False),  # the exact text every offset refers to
    Column("page_starts", JSON),  # PDF: offset in `text` where each page starts
    Column("raw_ref", Text),  # raw capture: a file path or warc://FILE#OFFSET
    Column("size_bytes", Integer),
    Column("previous_id", Integer, ForeignKey("document.id", ondelete="SET NULL"), index=True),
    Column("duplicate_of", Integer, ForeignKey("document.id", ondelete="SET NULL")),
    Column("minhash", LargeBinary),  # near-duplicate signature (crawler)
    Column("extra", JSON),  # metadata with no column of its own
)

# One row per document the extractor has processed, so incremental runs can skip documents
# that yielded no items at all.
extraction = Table(
    "extraction",
    metadata,
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("extractor_version", String(32), nullable=False),
    Column("extracted_at", DateTime, nullable=False),
    Column("n_items", Integer, nullable=False, default=0),
)

actor = Table(
    "actor",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),  # canonical name
    Column("kind", String(20), nullable=False),  # department, regulator, council, ...
    Column("aliases", JSON),
    Column("valid_from", String(10)),
    Column("valid_to", String(10)),
    Column("successor", Text),  # canonical name it was renamed to
)


def _item_columns() -> list[Column]:
    """Provenance columns every extracted item carries."""
    return [
        Column("id", Integer, primary_key=True),
        Column(
            "document_id",
            Integer,
            ForeignKey("document.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("text", Text, nullable=False),
        Column("sentence_start", Integer),
        Column("sentence_end", Integer),
        Column("extractor_version", String(32), nullable=False),
    ]


figure = Table(
    "figure",
    metadata,
    *_item_columns(),
    Column("value", Float),
    Column("value_high", Float),  # upper bound of a range ("between X and Y")
    Column("unit", String(32), index=True),
    Column("qualifier", String(10)),  # exact | approx | more_than | less_than
    Column("measure", Text),
    Column("time_ref", Text),  # "2020", "2017-18", "by 2025", "over the past decade"
    Column("is_change", Boolean, default=False),  # "up 7%", "a 124 per cent increase"
    Column("source", Text),  # who the figure is attributed to
)

recommendation = Table(
    "recommendation",
    metadata,
    *_item_columns(),
    Column("actors", JSON),  # canonical names asked to act
    Column("issuer", Text, index=True),
    Column("deadline", String(7)),  # YYYY or YYYY-MM
    Column("kind", String(10)),  # formal | call
    Column("reported", Boolean, default=False),  # reports another body's recommendation
    Column("number", String(16)),  # the report's own numbering, when it has one
)

quote = Table(
    "quote",
    metadata,
    *_item_columns(),
    Column("speaker", Text, index=True),
    Column("organisation", Text),
    Column("role", Text),
    Column("direct", Boolean, nullable=False),
)

# Sentence embeddings cached by text hash and model, so re-runs embed only what is new.
embedding = Table(
    "embedding",
    metadata,
    Column("text_hash", String(64), primary_key=True),
    Column("model", String(128), primary_key=True),
    Column("dim", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),  # float32, little-endian
)

theme = Table(
    "theme",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("label", Text, nullable=False),
    Column("keywords", JSON),
    Column("trend", String(10)),  # recurring | emerging | fading | steady
    Column("centroid", LargeBinary),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime),
)

theme_member = Table(
    "theme_member",
    metadata,
    Column("theme_id", Integer, ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
    Column("item_type", String(14), primary_key=True),  # figure | recommendation | quote
    Column("item_id", Integer, primary_key=True),
    Column("score", Float),
    Index("ix_theme_member_item", "item_type", "item_id"),
)

thread = Table(
    "thread",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(14), nullable=False),  # figure | recommendation
    Column("label", Text),
    Column("key", Text, index=True),  # stable identity: measure/unit/actor for figures
    Column("status", String(10)),  # open | overdue | repeated | accepted | rejected | addressed
    Column("status_as_of", Date),
    Column("created_at", DateTime, nullable=False),
)

thread_member = Table(
    "thread_member",
    metadata,
    Column("thread_id", Integer, ForeignKey("thread.id", ondelete="CASCADE"), primary_key=True),
    Column("item_type", String(14), primary_key=True),
    Column("item_id", Integer, primary_key=True),
    Column("role", String(12)),  # origin | report | repeat | related | response | value
    Column("score", Float),
    Index("ix_thread_member_item", "item_type", "item_id"),
)

# The spans that justify a thread's status, in date order.
evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("thread_id", Integer, ForeignKey("thread.id", ondelete="CASCADE"), index=True),
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("status", String(10), nullable=False),  # the status this span supports
    Column("text", Text, nullable=False),
    Column("score", Float),
)

# The crawl frontier and per-URL state, committed with each page, so a crawl killed at any
# point resumes without refetching what was stored.
crawl_url = Table(
    "crawl_url",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),  # canonical URL
    Column("host", Text, nullable=False, index=True),
    Column("source", Text, index=True),
    Column("depth", Integer, nullable=False, default=0),
    Column("state", String(10), nullable=False, index=True),  # queued/fetched/stored/skipped/failed
    Column("reason", Text),
    Column("discovered_at", DateTime, nullable=False),
    Column("fetched_at", DateTime),
    Column("http_status", Integer),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_hash", String(64)),
    Column("document_id", Integer, ForeignKey("document.id", ondelete="SET NULL")),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_try_at", DateTime),
    Column("role", String(10)),  # page | feed | sitemap: how the crawler reads the response
    Column("final_url", Text),  # where redirects ended
    Column("run_id", Integer),  # the crawl run that last resolved this row
)

# Analysis (pipeline/analyse): a theme's prevalence per period, written by each analyse run.
theme_period = Table(
    "theme_period",
    metadata,
    Column("theme_id", Integer, ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
    Column("period", String(7), primary_key=True),  # "2019" or "2019Q3"
    Column("n_items", Integer, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("n_publishers", Integer, nullable=False),
    Column("share", Float),  # n_items / all themed items in the period
)

# Follow-through signals found in documents (responses, progress reports, repeats), whatever
# the as-of date; the evidence table holds the ones that justify the status as of a date.
followthrough_signal = Table(
    "followthrough_signal",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("recommendation_id", Integer, nullable=False, index=True),  # the one it answers
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", String(10), nullable=False),  # accepted | rejected | addressed
    Column("text", Text, nullable=False),
    Column("score", Float),
    Column("how", String(12)),  # number | near_member | lexical | member
)

# Paraphrase links between recommendations found by earlier analyse runs (the corpus-wide
# nearest-neighbour search is the slow part of threads), so a re-run searches only from and
# to new recommendations. Valid while meta "recommendation_links" matches the settings.
recommendation_link = Table(
    "recommendation_link",
    metadata,
    Column("a_id", Integer, primary_key=True),
    Column("b_id", Integer, primary_key=True),
    Column("score", Float, nullable=False),
)

# Documents the analysis has scanned for follow-through signals, so re-runs scan only new ones.
analysed_document = Table(
    "analysed_document",
    metadata,
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("analysed_at", DateTime, nullable=False),
)


Migration = Callable[[Connection], None]

# MIGRATIONS[n] upgrades a store at version n to n + 1. Applied in order, in one transaction,
# by Store.open(); a store newer than this code is refused rather than guessed at.
MIGRATIONS: dict[int, Migration] = {}

ITEM_TABLES = {"figure": figure, "recommendation": recommendation, "quote": quote}
