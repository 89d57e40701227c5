"""Raw captures as WARC files: write what the crawler fetched, read WARCs back for ingest.

Every response the crawler keeps is written, as received (after transfer decoding), to a
gzipped WARC file under ``captures/`` next to the database, before anything is parsed.
``document.raw_ref`` then says ``warc://captures/FILE.warc.gz#OFFSET``: the path is
relative to the database's directory (so a store and its captures move together) and
OFFSET is the byte offset of the record's own gzip member, so one record can be read back
without decompressing the file from the start. Re-parsing never needs a refetch.

Readers (``policytrail ingest`` of a ``.warc.gz``) get :func:`iter_warc_records`:
``(url, fetched_at, content_type, body)`` for each 2xx response or resource record, with
bodies capped at the size limit so a hostile archive cannot exhaust memory.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, NamedTuple

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.errors import E, InputError, PolicytrailError

WARC_SCHEME = "warc://"
# Headers describing the wire encoding; the body we store is already decoded.
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
DEFAULT_MAX_BODY = 50_000_000
ROTATE_BYTES = 1_000_000_000


class WarcRecord(NamedTuple):
    """One captured response."""

    url: str
    fetched_at: dt.datetime | None
    content_type: str | None
    body: bytes


def make_ref(relpath: str, offset: int) -> str:
    return f"{WARC_SCHEME}{relpath}#{offset}"


def split_ref(ref: str) -> tuple[str, int]:
    """``warc://PATH#OFFSET`` as ``(PATH, OFFSET)``; E079 if it is not one."""
    if not ref.startswith(WARC_SCHEME) or "#" not in ref:
        raise PolicytrailError(E.E079, ref=ref, detail="expected warc://PATH#OFFSET")
    path, _, offset = ref[len(WARC_SCHEME) :].rpartition("#")
    if not path or not offset.isdigit():
        raise PolicytrailError(E.E079, ref=ref, detail="expected warc://PATH#OFFSET")
    return path, int(offset)


class CaptureWriter:
    """Appends response records to gzipped WARC files under ``directory``.

    One file per crawl process (named by start time and pid, so two processes never share
    one), rotated at :data:`ROTATE_BYTES`. Each record is flushed before its reference is
    returned, so a reference committed to the store always points at bytes on disk.
    """

    def __init__(self, directory: str | os.PathLike[str], *, base_dir: str | os.PathLike[str]):
        self.directory = Path(directory)
        self.base_dir = Path(base_dir)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PolicytrailError(E.E078, path=str(self.directory), detail=str(exc)) from None
        self._fh: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._path: Path | None = None
        self._seq = 0

    def _open(self) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        self._seq += 1
        self._path = self.directory / f"crawl-{stamp}-{os.getpid()}-{self._seq}.warc.gz"
        try:
            self._fh = open(self._path, "xb")  # noqa: SIM115 - kept open across records
        except OSError as exc:
            raise PolicytrailError(E.E078, path=str(self.directory), detail=str(exc)) from None
        self._writer = WARCWriter(self._fh, gzip=True)
        info = self._writer.create_warcinfo_record(
            self._path.name, {"software": "policytrail", "format": "WARC File Format 1.1"}
        )
        self._writer.write_record(info)

    def write_response(
        self,
        url: str,
        *,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
        fetched_at: dt.datetime,
        request_headers: list[tuple[str, str]] | None = None,
    ) -> str:
        """Write one response record; return its ``warc://`` reference."""
        if self._fh is None or self._fh.tell() > ROTATE_BYTES:
            self.close()
            self._open()
        assert self._fh is not None and self._writer is not None and self._path is not None
        kept = [(k, v) for k, v in headers if k.lower() not in _WIRE_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http_headers = StatusAndHeaders(f"{status} {_reason(status)}", kept, protocol="HTTP/1.1")
        warc_date = fetched_at.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
        record = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": warc_date},
        )
        offset = self._fh.tell()
        try:
            self._writer.write_record(record)
            self._fh.flush()
        except OSError as exc:
            raise PolicytrailError(E.E078, path=str(self.directory), detail=str(exc)) from None
        rel = os.path.relpath(self._path, self.base_dir)
        return make_ref(Path(rel).as_posix(), offset)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        self._fh = None
        self._writer = None


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _record_tuple(record, max_bytes: int) -> WarcRecord | None:  # noqa: ANN001 - warcio type
    rtype = record.rec_type
    if rtype not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url:
        return None
    content_type = None
    if rtype == "response":
        http = record.http_headers
        if http is None:
            return None
        code = http.get_statuscode()
        if not code or not code.isdigit() or not 200 <= int(code) < 300:
            return None
        content_type = http.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return None
    return WarcRecord(
        url, _warc_date(record.rec_headers.get_header("WARC-Date")), content_type, body
    )


def _warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        ts = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return ts.astimezone(dt.UTC).replace(tzinfo=None) if ts.tzinfo else ts


def iter_warc_records_with_refs(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BODY
) -> Iterator[tuple[str, WarcRecord]]:
    """``(warc://PATH#OFFSET, record)`` for each usable record of a WARC file.

    Records that are not 2xx responses or resources, and bodies over ``max_bytes``, are
    skipped. A malformed archive raises :class:`InputError` (E019) at the point it breaks.
    """
    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as exc:
        raise InputError(E.E016, detail=str(exc)) from None
    with fh:
        it = ArchiveIterator(fh)
        seen = 0
        try:
            for record in it:
                seen += 1
                rec = _record_tuple(record, max_bytes)
                if rec is not None:
                    yield make_ref(p.as_posix(), it.get_record_offset()), rec
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            raise InputError(E.E019, detail=str(exc).strip().splitlines()[0][:200]) from None
        if not seen and p.stat().st_size:
            raise InputError(E.E019, detail="no WARC records found")


def iter_warc_records(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BODY
) -> Iterator[WarcRecord]:
    """``(url, fetched_at, content_type, body)`` for each usable record of a WARC file."""
    for _, record in iter_warc_records_with_refs(path, max_bytes=max_bytes):
        yield record


def read_capture(
    ref: str, *, base_dir: str | os.PathLike[str] = ".", max_bytes: int = DEFAULT_MAX_BODY
) -> WarcRecord:
    """The record a ``warc://PATH#OFFSET`` reference points at (PATH relative to base_dir)."""
    relpath, offset = split_ref(ref)
    path = Path(base_dir) / relpath
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            for record in ArchiveIterator(fh):
                rec = _record_tuple(record, max_bytes)
                if rec is None:
                    break
                return rec
    except OSError as exc:
        raise PolicytrailError(E.E079, ref=ref, detail=str(exc)) from None
    except ArchiveLoadFailed as exc:
        raise PolicytrailError(E.E079, ref=ref, detail=str(exc).splitlines()[0]) from None
    raise PolicytrailError(E.E079, ref=ref, detail="no response record at that offset")
