# The link walk's figures, printed after the tests so that they can be quoted.
WALK_SUMMARIES: list[str] = []


def pytest_terminal_summary(terminalreporter):
    for line in WALK_SUMMARIES:
        terminalreporter.write_line(line)
