"""Hand-made catalog dumps and shelf settings for the discovery tests (never the shared dumps)."""

from __future__ import annotations

KD = [  # knowledge distillation
    ("kd1", "Distilling the Knowledge in a Neural Network", "Soft targets of a large teacher network train a small "
     "student network; distillation transfers the dark knowledge of the teacher.", "1503.02531"),
    ("kd2", "FitNets: Hints for Thin Deep Nets", "A thin deep student network learns from the intermediate hints "
     "of a teacher network, a feature-based distillation.", "1412.6550"),
    ("kd3", "Relational Knowledge Distillation", "The student network mimics relations between data samples as "
     "the teacher network sees them: relational distillation of knowledge.", None),
    ("kd4", "Contrastive Representation Distillation", "A contrastive objective distills the teacher network's "
     "representation into the student network.", None),
    ("kd5", "Self-Distillation of a Network by its Own Predictions", "A network distills knowledge from its own "
     "earlier predictions, a teacher-free distillation for students.", None),
    ("kd6", "Online Knowledge Distillation with Peer Students", "Peer student networks distill knowledge from each "
     "other online without a pretrained teacher network.", None),
    ("kd7", "Data-Free Knowledge Distillation with Synthetic Samples", "A generator synthesises samples on which "
     "the teacher network distills its knowledge into the student, without the training data.", None),
]
FL = [  # federated learning
    ("fl1", "Communication-Efficient Learning of Deep Networks from Decentralized Data", "Federated averaging "
     "trains a model on clients' decentralized data; communication rounds with a server.", "1602.05629"),
    ("fl2", "Federated Optimization in Heterogeneous Networks", "Federated clients with heterogeneous, non-iid data "
     "train a shared model; a proximal term stabilises federated optimization.", None),
    ("fl3", "Personalized Federated Learning with Moreau Envelopes", "Each federated client learns a personalized "
     "model; the server aggregates client updates.", None),
    ("fl4", "Secure Aggregation for Federated Clients", "Clients send masked updates so the federated server "
     "aggregates without seeing any client's data.", None),
    ("fl5", "Federated Learning over Wireless Clients", "Federated training rounds among wireless edge clients "
     "and a server with limited communication.", None),
]
OTHER = [  # neither
    ("ot1", "Deep Residual Learning for Image Recognition", "Residual blocks make very deep convolutional "
     "networks trainable for image classification.", None),
    ("ot2", "Attention Is All You Need", "The transformer relies on attention alone for sequence transduction "
     "in machine translation.", None),
    ("ot3", "Graph Attention Networks", "Attention over graph neighbourhoods for node classification on "
     "citation graphs.", None),
    ("ot4", "Adam: A Method for Stochastic Optimization", "An adaptive learning rate method based on moment "
     "estimates for stochastic gradient descent.", None),
    ("ot5", "Mask R-CNN for Object Instance Segmentation", "Object detection with a mask branch for instance "
     "segmentation of images.", None),
]

# and more papers on other subjects, as in any real catalog (positives are rare there)
SUBJECTS = ["image segmentation", "speech recognition", "reinforcement learning agents", "graph neural networks",
            "question answering", "protein structure", "point clouds", "time series forecasting"]
METHODS = ["with transformers", "by contrastive pretraining", "using diffusion models", "via sparse attention",
           "with recurrent memory"]
OTHER += [(f"ot{10 + i}", f"{subject.capitalize()} {method}", f"We study {subject} {method} on benchmarks.", None)
          for i, (subject, method) in enumerate((s, m) for s in SUBJECTS for m in METHODS)]


def dump(rows) -> list[dict]:
    return [{"id": key, "title": title, "author": f"Author {key.upper()}; Second {key}", "abstract": abstract,
             "status": "Poster", "track": "main", **({"arxiv": arxiv} if arxiv else {}),
             "github": f"https://github.com/example/{key}"} for key, title, abstract, arxiv in rows]


SHELF_TOML = """
[[topics]]
id = "knowledge-distillation"
name = "Knowledge Distillation"

[[topics]]
id = "federated-learning"
name = "Federated Learning"

[[taxonomy]]
path = "kd"
name = "KD taxonomy"

[[taxonomy]]
path = "kd/response-based"
name = "Response-based"

[[taxonomy]]
path = "kd/feature-based"
name = "Feature-based"
"""
