"""Shared test data: a shelf.toml declaring what the fixtures use."""

TOML = '''\
title = "Lint test shelf"

[[topics]]
id = "kd"
name = "Knowledge distillation"

[[taxonomy]]
path = "response"
name = "Response-based"

[tags]
survey = "Surveys"
'''

CLEAN = '''\
- id: hinton2015distilling
  title: Distilling the Knowledge in a Neural Network
  authors: [Geoffrey Hinton, Oriol Vinyals, Jeff Dean]
  year: 2015
  venue: NeurIPS Workshop
  topics: [kd]
  sections: [response]
  tags: [survey]
  links:
    paper: https://arxiv.org/abs/1503.02531
    code: https://github.com/example/distill
  ids:
    arxiv: '1503.02531'
'''
