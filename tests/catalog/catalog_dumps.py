"""Hand-made catalog dumps for the tests (never the shared ones)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

CVPR = [
    {"title": "Distilling Knowledge via Knowledge Review", "author": "Pengguang Chen, Shu Liu, Hengshuang Zhao, Jiaya Jia",
     "status": "Poster", "track": "main", "arxiv": "2104.09044", "github": "https://github.com/dvlab-research/ReviewKD",
     "oa": "https://openaccess.thecvf.com/content/CVPR2021/html/Chen_Distilling_CVPR_2021_paper.html",
     "pdf": "https://openaccess.thecvf.com/content/CVPR2021/papers/Chen_Distilling_CVPR_2021_paper.pdf"},
    {"title": "Refine Myself by Teaching Myself: Feature Refinement via Self-Knowledge Distillation",
     "author": "Mingi Ji; Seungjae Shin; Seunghyun Hwang", "status": "Poster", "track": "main",
     "github": "github.com/MingiJi/FRSKD-Eﬃcient", "abstract": "  Knowledge distillation   transfers knowledge. "},
    {"title": "Complementary Relation Contrastive Distillation", "author": "Jinguo Zhu, Shixiang Tang",
     "status": "Poster", "track": "main", "arxiv": "2103.16367v2"},
]
ICLR = [
    {"id": "Bk7wvW-C-", "title": "Knowledge Distillation with Adversarial Samples", "author": "A Author;B Author",
     "status": "Poster", "track": "main"},
    {"id": "SJxRejectd", "title": "A Rejected Paper on Distillation", "author": "C Author", "status": "Reject",
     "track": "main"},
]


def write_json(path: Path, data, *, gz: bool = False) -> Path:
    text = json.dumps(data)
    if gz:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path
