"""The packages whose names load on first use (papershelf.lazy): every exported name is its home
module's object, is kept in the package once used, and a name nobody exports is an error."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = ["papershelf", "papershelf.app", "papershelf.net", "papershelf.shelf"]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_resolves_and_is_kept(package):
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        assert vars(module)[name] is value
        if callable(value) or isinstance(value, type(module)):  # constants (TTL, CONFIG_NAME) name no module
            home = getattr(value, "__module__", None) or value.__name__
            assert home.startswith(package), (name, home)


@pytest.mark.parametrize("package", PACKAGES)
def test_an_unknown_name_is_an_attribute_error(package):
    module = importlib.import_module(package)
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'Nothing'"):
        module.Nothing  # noqa: B018
    with pytest.raises(ImportError):
        exec(f"from {package} import Nothing", {})
