"""The website: a generated MkDocs-style project for the engine plus sharded paper data.

    from papershelf.site import SiteBuilder
    SiteBuilder(shelf, out="site", engine="zensical").build()

See ``build.py`` (the steps), ``pages.py`` (Markdown pages and mkdocs.yml), ``data.py`` (the
compressed paper shards the browser filters), ``serve.py`` (serving with live reload) and
``static/papershelf.js`` (explorer, search and paper lists in the browser).
"""

from .build import DEFAULT_ENGINE, ENGINES, BuildResult, SiteBuilder

__all__ = ["DEFAULT_ENGINE", "ENGINES", "BuildResult", "SiteBuilder"]
