import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import setting_changed

from vises.accounts.models import (
    CoachAssignment,
    Enterprise,
    EnterpriseMembership,
    Invitation,
    Network,
    NetworkMembership,
    User,
)

PASSWORD = "correct horse battery staple"
FORMAT_DOC = Path(__file__).resolve().parents[1] / "docs" / "framework-format.md"


def pytest_configure(config):
    # Tests render pages without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # WhiteNoise wants the collected static folder to exist; tests serve from the app dirs.
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="vises-static-")
    # Background tasks run inside the request here, where a test can see their result at
    # once; tests/worker/ runs the real worker, in-process and as its own process.
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["immediate"]}}
    # Modules imported above declared their tasks already: forget the backend they met.
    setting_changed.send(sender=type(settings), setting="TASKS", value=settings.TASKS, enter=True)
    # Each run (and each of its processes) draws into a shared cache of its own.
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": tempfile.mkdtemp(prefix="vises-cache-"),
        }
    }
    # A slow hash is right for real passwords and pointless for test fixtures.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests sign people in with a password alone; those of two-factor sign-in turn its
    # requirement on.
    settings.VISES_REQUIRE_TWO_FACTOR = False


def make_user(email: str, **fields) -> User:
    return User.objects.create_user(email, PASSWORD, **fields)


def make_enterprise(name: str, network: Network | None = None, **fields) -> Enterprise:
    defaults = {
        "legal_form": "ASBL",
        "group": "integration",
        "country": "BE",
        "region": "BE-WAL",
        "municipality": "Liège",
        "postcode": "4000",
        "nace_code": "88.99",
        "size_band": "10-49",
        "network": network,
        "admission": "admitted" if network else "standalone",
    }
    return Enterprise.objects.create(name=name, **{**defaults, **fields})


@dataclass
class World:
    """Two networks and their enterprises, with one person in each role.

    Network `network` holds `enterprise` (admitted, followed by `coach`), `sibling`
    (admitted, followed by nobody) and `applicant` (asking to join). `other_network`
    holds `other_enterprise`, with its own people. `standalone` belongs to no network.
    """

    network: Network
    other_network: Network
    enterprise: Enterprise
    sibling: Enterprise
    applicant: Enterprise
    other_enterprise: Enterprise
    standalone: Enterprise
    users: dict[str, User]
    other_admin: User

    def user(self, role: str) -> User:
        return self.users[role]


@pytest.fixture
def world(db) -> World:
    network = Network.objects.create(name="Réseau Nord", kind="federation")
    other_network = Network.objects.create(name="Netwerk Oost", kind="support_structure")
    enterprise = make_enterprise("Atelier Vert", network)
    sibling = make_enterprise("Crèche Soleil", network, group="collective_service")
    applicant = make_enterprise("Coop Demain", network, admission="pending", group="sse_other")
    other_enterprise = make_enterprise(
        "Buurtwerk", other_network, country="BE", region="BE-VLG", postcode="9000"
    )
    standalone = make_enterprise("Solo", None, country="FR", region="FR-HDF", postcode="59000")

    users = {
        role: make_user(f"{role}@example.org", full_name=role.replace("_", " ").title())
        for role in [
            "network_admin",
            "coach",
            "researcher",
            "enterprise_admin",
            "enterprise_member",
            "outsider",
        ]
    }
    for role in ["network_admin", "coach", "researcher"]:
        NetworkMembership.objects.create(user=users[role], network=network, role=role)
    for role in ["enterprise_admin", "enterprise_member"]:
        EnterpriseMembership.objects.create(user=users[role], enterprise=enterprise, role=role)
    CoachAssignment.objects.create(coach=users["coach"], enterprise=enterprise)

    other_admin = make_user("other-admin@example.org")
    NetworkMembership.objects.create(user=other_admin, network=other_network, role="network_admin")
    other_coach = make_user("other-coach@example.org")
    NetworkMembership.objects.create(user=other_coach, network=other_network, role="coach")
    CoachAssignment.objects.create(coach=other_coach, enterprise=other_enterprise)
    for role in ["enterprise_admin", "enterprise_member"]:
        EnterpriseMembership.objects.create(
            user=make_user(f"other-{role}@example.org"), enterprise=other_enterprise, role=role
        )
    return World(
        network=network,
        other_network=other_network,
        enterprise=enterprise,
        sibling=sibling,
        applicant=applicant,
        other_enterprise=other_enterprise,
        standalone=standalone,
        users=users,
        other_admin=other_admin,
    )


def open_invitation(**target) -> tuple[Invitation, str]:
    invitation = Invitation(email="newcomer@example.org", language="fr", **target)
    invitation.role = "enterprise_member" if "enterprise" in target else "coach"
    token = invitation.issue_token()
    invitation.save()
    return invitation, token


def example_framework_text() -> str:
    """The complete small example of docs/framework-format.md."""
    return re.search(r"```yaml\n(.*?)```", FORMAT_DOC.read_text(encoding="utf-8"), re.S).group(1)


def make_framework_version(code="example", network=None, status="published", **changes):
    from vises.frameworks import document
    from vises.frameworks.models import Framework, FrameworkVersion

    data, _warnings = document.parse(example_framework_text())
    data.update(code=code, **changes)
    framework, _created = Framework.objects.get_or_create(code=code, network=network)
    return FrameworkVersion.objects.create(
        framework=framework,
        version=data["version"],
        status=status,
        title=data["title"],
        document=data,
    )


def make_evaluation(enterprise, title="Impact 2026"):
    from datetime import date

    from vises.evaluations.models import Evaluation
    from vises.frameworks.models import FrameworkVersion

    version = FrameworkVersion.objects.filter(framework__code="example").first()
    return Evaluation.objects.create(
        enterprise=enterprise,
        title=title,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        framework_version=version or make_framework_version(),
    )
