"""Discovery: what the shelf is missing (``suggest`` over the catalog), which papers on it are
alike (``related``), and where unfiled papers belong in the taxonomy (``classify``).

All three are TF-IDF over title + abstract (the arxiv-sanity-lite recipe) with scikit-learn;
they return data and never write the shelf (``papershelf.app.discover`` does that).
"""
