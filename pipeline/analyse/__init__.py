"""analyse stage: embeddings, themes over time, threads across documents, follow-through.

Entry points for the CLI and API: :func:`pipeline.analyse.run.analyse`,
:func:`pipeline.analyse.themes.theme_overview`,
:func:`pipeline.analyse.status.recommendation_status`,
:func:`pipeline.analyse.export.write_threads_json`.
"""
