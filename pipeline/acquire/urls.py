"""Canonical URLs: one spelling per page, so the frontier never queues a page twice.

The same page reaches a crawler under many spellings: with a ``#fragment``, with campaign
tracking parameters (``utm_source``, ``fbclid``), with an upper-case host or an explicit
default port, with query parameters in another order. :func:`canonicalize` folds them into
one string, which is the key of the ``crawl_url`` table and ``document.canonical_url``.
It never changes what the server is asked for in a way that could change the page: the
path's case and every non-tracking parameter are kept.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from w3lib.url import safe_url_string

HTTP_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that identify a click or a campaign, never the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref_src",
    }
)
TRACKING_PREFIXES = ("utm_",)


def is_tracking_param(name: str) -> bool:
    """Whether a query parameter only tracks the visitor (dropped from canonical URLs)."""
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def is_http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host: the only kind we fetch."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in HTTP_SCHEMES and bool(parts.hostname)


def canonicalize(url: str) -> str:
    """The canonical spelling of an http(s) URL.

    Lower-cased scheme and host (IDNA-encoded), no default port, no fragment, no tracking
    parameters, remaining parameters sorted (stable for equal names), ``/`` for an empty
    path, and percent-encoding normalised. Raises ``ValueError`` for a URL we would not
    fetch (not http(s), no host, a bad port).
    """
    raw = url.strip()
    if not is_http_url(raw):
        raise ValueError(f"not an http(s) URL: {url!r}")
    parts = urlsplit(safe_url_string(raw))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").lower()
    port = parts.port  # raises ValueError on a bad port
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _normalise_path(parts.path)
    query = _normalise_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """The lower-case host name of a URL ('' if there is none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def same_site(host: str, other: str) -> bool:
    """Whether two hosts are the same site, ignoring a leading ``www.``."""
    return host.removeprefix("www.") == other.removeprefix("www.")


def _normalise_path(path: str) -> str:
    if not path:
        return "/"
    # Decode then re-encode so %7E and ~ (or %2f case) compare equal; keep reserved
    # characters (/ ; = etc.) as they were, since servers may read them.
    return quote(unquote(path), safe="/;:@&=+$,!~*'()%")


def _normalise_query(query: str) -> str:
    if not query:
        return ""
    pairs = [
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not is_tracking_param(k)
    ]
    pairs.sort(key=lambda kv: kv[0])  # stable: repeated names keep their order
    return urlencode(pairs, doseq=False, quote_via=quote, safe="/:@!$'()*,;~")
