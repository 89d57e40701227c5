"""Check MANIFEST.toml against the demo documents.

usage: python corpus/demo/check_manifest.py

Every listed file exists (and every document is listed); each sidecar agrees with the
manifest on kind, date and publisher; and every sentence quoted under [cases] occurs in its
document. Documents are compared as plain text with whitespace collapsed: HTML with tags
stripped and entities decoded, PDFs by their source text in build_pdfs.py (text extracted
from a PDF wraps lines, so the source is the reliable reference). Exit status 1 on any problem.
"""

from __future__ import annotations

import html
import importlib.util
import pathlib
import re
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
DOC_SUFFIXES = (".txt", ".html", ".pdf")


def _pdf_sources() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("build_pdfs", HERE / "build_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return {f"{name}.pdf": src for name, (_, src) in module.SOURCES.items()}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def plain_text(path: pathlib.Path, pdfs: dict[str, str]) -> str:
    if path.suffix == ".pdf":
        return normalise(re.sub(r"(?m)^(#+ |> |- )", "", pdfs[path.name]))
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        raw = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", raw)
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
        raw = re.sub(r"\s+([,.;:])", r"\1", raw)
    return normalise(raw)


def main() -> int:
    manifest = tomllib.loads((HERE / "MANIFEST.toml").read_text(encoding="utf-8"))
    pdfs = _pdf_sources()
    problems: list[str] = []
    listed = {d["file"] for d in manifest["document"]}
    present = {p.name for p in HERE.iterdir() if p.suffix in DOC_SUFFIXES}
    problems += [f"not in manifest: {f}" for f in sorted(present - listed)]
    problems += [f"listed but missing: {f}" for f in sorted(listed - present)]
    for doc in manifest["document"]:
        sidecar = HERE / f"{doc['file']}.meta.toml"
        if sidecar.exists():
            meta = tomllib.loads(sidecar.read_text(encoding="utf-8"))
            for key, mkey in (("kind", "kind"), ("published", "date"), ("publisher", "publisher")):
                if str(meta.get(key)) != str(doc.get(mkey)):
                    problems.append(
                        f"{doc['file']}: sidecar {key}={meta.get(key)!r} "
                        f"but manifest {mkey}={doc.get(mkey)!r}"
                    )
        elif not doc["file"].endswith(".html"):
            problems.append(f"{doc['file']}: no sidecar")
    texts: dict[str, str] = {}
    for case_name, case in manifest["cases"].items():
        for step in case["steps"]:
            name = step["file"]
            if name not in texts:
                if name not in present:
                    problems.append(f"case {case_name}: unknown file {name}")
                    continue
                texts[name] = plain_text(HERE / name, pdfs)
            if normalise(step["sentence"]) not in texts[name]:
                problems.append(
                    f"case {case_name}: sentence not found in {name}: {step['sentence'][:70]!r}"
                )
    for p in problems:
        print(p)
    print(
        f"{len(listed)} documents, {sum(len(c['steps']) for c in manifest['cases'].values())} "
        f"case steps checked, {len(problems)} problem(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
