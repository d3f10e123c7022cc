"""Lint rules, one module per family; every module here is imported by the runner.

Codes: PS0xx the files themselves, PS1xx duplicates, PS2xx links, PS3xx metadata, PS4xx ids.
Add a rule by adding a decorated function (see ``papershelf.lint``); nothing else to register.
"""
