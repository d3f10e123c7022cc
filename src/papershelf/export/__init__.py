"""Rendering a shelf into other formats (BibTeX, CSV, JSON, README). Never changes the shelf."""
