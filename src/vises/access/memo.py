"""What the access rules answered during the current request, so that a page asking the
same question for its navigation, its header and its content asks the database once.

The answers last one request (AccessMemoMiddleware opens and closes the memo); outside a
request, as in a command or a test calling the rules, nothing is remembered.
"""

from contextvars import ContextVar

_answers: ContextVar[dict | None] = ContextVar("access_answers", default=None)


def remembered(key: tuple, answer):
    """`answer()`, or what it gave for `key` earlier in this request. A refusal (an
    exception) is not remembered."""
    answers = _answers.get()
    if answers is None:
        return answer()
    if key not in answers:
        answers[key] = answer()
    return answers[key]


class AccessMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _answers.set({})
        try:
            return self.get_response(request)
        finally:
            _answers.reset(token)
