"""Filling papers in from open scholarly metadata (arXiv, Semantic Scholar, DBLP, Crossref,
OpenReview, Hugging Face): one module per source, a shared rate-limited HTTP client and a SQLite
response cache. Like importers and lint, it returns data; the shelf writes."""
