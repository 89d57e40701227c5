"""Local inputs: expand files, directories and globs into the files to ingest.

Problems with an input (missing, a loop, nothing supported inside) are returned as failures
alongside the files found, never raised, so one bad argument does not stop the batch.
"""

from __future__ import annotations

import errno
import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import E, InputError

SIDECAR_SUFFIX = ".meta.toml"


@dataclass
class Collected:
    files: list[Path] = field(default_factory=list)
    failures: list[tuple[str, InputError]] = field(default_factory=list)


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def sidecar_for(path: Path) -> Path:
    """``report.pdf`` -> ``report.pdf.meta.toml``, else ``report.meta.toml``."""
    full = path.with_name(path.name + SIDECAR_SUFFIX)
    return full if full.exists() else path.with_name(path.stem + SIDECAR_SUFFIX)


def supported(path: Path, suffixes: Iterable[str]) -> bool:
    name = path.name.lower()
    return not is_sidecar(path) and any(name.endswith(s) for s in suffixes)


def collect_inputs(args: Iterable[str], suffixes: tuple[str, ...]) -> Collected:
    """Files named by ``args`` (paths, directories walked recursively, globs), in order."""
    out = Collected()
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.absolute()
        if key not in seen:
            seen.add(key)
            out.files.append(p)

    for arg in args:
        if glob.has_magic(arg) and not os.path.lexists(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file() and supported(Path(m), suffixes)]
            if not files:
                out.failures.append((arg, InputError(E.E002, suffixes=", ".join(suffixes))))
            for f in files:
                add(f)
            continue
        path = Path(arg)
        problem = _stat_problem(path)
        if problem is not None:
            out.failures.append((arg, problem))
        elif path.is_dir():
            found, problems = _walk(path, suffixes)
            out.failures.extend((str(p), err) for p, err in problems)
            if not found and not problems:
                out.failures.append((arg, InputError(E.E002, suffixes=", ".join(suffixes))))
            for f in found:
                add(f)
        elif supported(path, suffixes):
            add(path)
        else:
            out.failures.append((arg, InputError(E.E015, suffix=path.suffix or path.name)))
    return out


def _stat_problem(path: Path) -> InputError | None:
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return InputError(E.E010)
        if exc.errno == errno.ENOENT:
            return InputError(E.E001)
        if exc.errno == errno.EACCES:
            return InputError(E.E011)
        return InputError(E.E016, detail=exc.strerror or str(exc))
    return None


def _walk(
    root: Path, suffixes: tuple[str, ...]
) -> tuple[list[Path], list[tuple[Path, InputError]]]:
    """Supported files under ``root``, following links but never the same directory twice."""
    files: list[Path] = []
    problems: list[tuple[Path, InputError]] = []
    visited: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in visited:
            dirnames[:] = []
            problems.append((Path(dirpath), InputError(E.E010)))
            continue
        visited.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if not supported(p, suffixes):
                continue
            problem = _stat_problem(p)  # a looping or dangling link, an unreadable entry
            if problem is not None:
                problems.append((p, problem))
            else:
                files.append(p)
    return files, problems
