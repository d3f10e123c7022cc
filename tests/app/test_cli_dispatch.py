"""cli._app_for builds only the named command; everything else gets the whole app."""

from papershelf.cli import _app_for, app


def test_a_known_command_gets_an_app_with_only_that_command():
    for args in (["lint"], ["--shelf", "x", "lint", "--fix"], ["--shelf=x", "lint"]):
        only = _app_for(args)
        assert only is not app
        assert [c.callback.__name__ for c in only.registered_commands] == ["lint_command"]
        assert only.registered_groups == []
    assert len(app.registered_commands) > 1  # the shared app is left whole


def test_help_groups_unknown_names_and_bare_options_get_the_whole_app():
    for args in ([], ["--help"], ["--shelf"], ["--shelf", "x"], ["catalog", "--help"], ["nosuch"], ["--", "lint"]):
        assert _app_for(args) is app, args
