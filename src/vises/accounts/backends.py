"""How a request finds the person signed in."""

from django.contrib.auth.backends import ModelBackend

from vises.access import prepared
from vises.accounts.models import User


class UserBackend(ModelBackend):
    """Django's ModelBackend, reading the person signed in with a statement built once per
    process (see access/prepared.py): every signed-in request reads them, and the ORM took
    twice as long to build the query as the database to answer it."""

    def get_user(self, user_id):
        # Django has read the id from the session as the primary key's type.
        found = list(prepared.objects(_person, User, User(pk=user_id)))
        if found and self.user_can_authenticate(found[0]):
            return found[0]
        return None


def _person(user):
    return User.objects.filter(pk=user.pk)
