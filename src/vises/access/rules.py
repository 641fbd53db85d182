"""
Who may see and change what: the one place tenant rules live.

Every view reaches networks, enterprises and their people through these functions, never
by filtering on its own. Two kinds of answer:

* an object the user may not see at all raises Http404, so its existence is not revealed;
* an object the user may see, but not change in the way asked, raises PermissionDenied (403).

The Django admin is the platform operator's tool and is not governed here.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from vises.accounts.models import (
    CoachAssignment,
    Enterprise,
    EnterpriseMembership,
    EnterpriseRole,
    Invitation,
    Network,
    NetworkMembership,
    NetworkRole,
)
from vises.audit.models import AuditEntry
from vises.frameworks.models import FrameworkVersion

from . import prepared
from .memo import remembered


def _network_ids(user, role: str | None = None) -> QuerySet:
    memberships = NetworkMembership.objects.filter(user=user)
    if role:
        memberships = memberships.filter(role=role)
    return memberships.values("network_id")


def _enterprise_ids(user, role: str | None = None) -> QuerySet:
    memberships = EnterpriseMembership.objects.filter(user=user)
    if role:
        memberships = memberships.filter(role=role)
    return memberships.values("enterprise_id")


# Networks -------------------------------------------------------------------------------


def networks_for(user) -> QuerySet[Network]:
    """Networks the user holds a role in."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(id__in=_network_ids(user))


def network_role(user, network: Network) -> str | None:
    membership = NetworkMembership.objects.filter(user=user, network=network).first()
    return membership.role if membership else None


def get_network(user, network_id: int) -> Network:
    """The network, for any of its members, or 404."""
    try:
        return networks_for(user).get(pk=network_id)
    except Network.DoesNotExist:
        raise Http404 from None


def network_people(user, network: Network) -> QuerySet[NetworkMembership]:
    """The network's members listed to the user: none to its researchers, who read the
    network pseudonymised."""
    if network_role(user, network) == NetworkRole.RESEARCHER:
        return NetworkMembership.objects.none()
    return network.memberships.select_related("user").order_by("role", "user")


def get_network_to_manage(user, network_id: int) -> Network:
    """The network, for its admins; 403 for its other members, 404 for everyone else."""
    network = get_network(user, network_id)
    if network_role(user, network) != NetworkRole.NETWORK_ADMIN:
        raise PermissionDenied
    return network


# Enterprises ----------------------------------------------------------------------------


def enterprises_for(user) -> QuerySet[Enterprise]:
    """
    Enterprises the user may see:
    network admins, their network's admitted enterprises and those asking to join;
    coaches, the admitted enterprises assigned to them in a network where they coach;
    enterprise admins and members, their own enterprises;
    researchers, none (pseudonymised views come later).
    """
    if not user.is_authenticated:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(id__in=prepared.ids(_enterprises_seen, Enterprise, user))


def sees_any_enterprise(user) -> bool:
    """Whether enterprises_for(user) holds any enterprise."""
    return user.is_authenticated and prepared.exists(_enterprises_seen, Enterprise, user)


def _enterprises_seen(user) -> QuerySet[Enterprise]:
    """The rule of enterprises_for, compiled once (see prepared.py)."""
    administered = Q(
        network__in=_network_ids(user, NetworkRole.NETWORK_ADMIN),
        admission__in=[Enterprise.Admission.ADMITTED, Enterprise.Admission.PENDING],
    )
    coached = Q(
        id__in=CoachAssignment.objects.filter(coach=user).values("enterprise_id"),
        network__in=_network_ids(user, NetworkRole.COACH),
        admission=Enterprise.Admission.ADMITTED,
    )
    own = Q(id__in=_enterprise_ids(user))
    return Enterprise.objects.filter(administered | coached | own)


def get_enterprise(user, enterprise_id: int) -> Enterprise:
    """The enterprise, if the user may see it, or 404."""
    try:
        return enterprises_for(user).select_related("network").get(pk=enterprise_id)
    except Enterprise.DoesNotExist:
        raise Http404 from None


def enterprise_role(user, enterprise: Enterprise) -> str | None:
    def role():
        found = prepared.rows_by_id(_role_in, EnterpriseMembership, enterprise.pk, user)
        return found[0][0] if found else None

    return remembered(("enterprise_role", user.pk, enterprise.pk), role)


def _role_in(user, enterprise_id: int) -> QuerySet:
    """The query of enterprise_role, compiled once (see prepared.py): every page of an
    evaluation asks it."""
    # One role at most (a constraint of EnterpriseMembership).
    return EnterpriseMembership.objects.filter(user=user, enterprise=enterprise_id).values_list(
        "role"
    )


def administers_network_of(user, enterprise: Enterprise) -> bool:
    return bool(
        enterprise.network_id
        and NetworkMembership.objects.filter(
            user=user, network_id=enterprise.network_id, role=NetworkRole.NETWORK_ADMIN
        ).exists()
    )


def may_manage_enterprise(user, enterprise: Enterprise) -> bool:
    """Edit its identity and manage its members: its admins and its network's admins."""
    return enterprise_role(
        user, enterprise
    ) == EnterpriseRole.ENTERPRISE_ADMIN or administers_network_of(user, enterprise)


def get_enterprise_to_manage(user, enterprise_id: int) -> Enterprise:
    enterprise = get_enterprise(user, enterprise_id)
    if not may_manage_enterprise(user, enterprise):
        raise PermissionDenied
    return enterprise


def get_enterprise_to_represent(user, enterprise_id: int) -> Enterprise:
    """The enterprise, for its own admins only: joining a network, starting an evaluation."""
    enterprise = get_enterprise(user, enterprise_id)
    if enterprise_role(user, enterprise) != EnterpriseRole.ENTERPRISE_ADMIN:
        raise PermissionDenied
    return enterprise


# Evaluations ----------------------------------------------------------------------------
#
# An evaluation's content is the enterprise's own work: its team sees and changes it, the
# coaches assigned to the enterprise read it. Network admins see progress, and read the
# content only of the evaluations whose enterprise shares it with them (its consent).


def _with_framework(evaluations: QuerySet) -> QuerySet:
    """With their enterprise and framework version, but not the version's document: most
    pages never read its 200 kB, and those that do load it once when they first ask."""
    return evaluations.select_related("enterprise", "framework_version__framework").defer(
        "framework_version__document"
    )


def evaluations_for(user) -> QuerySet:
    """Evaluations whose content the user reads: their enterprise's team, the coaches
    assigned to it, and its network's admins where the evaluation shares its content."""
    from vises.evaluations.models import Evaluation

    if not user.is_authenticated:
        return Evaluation.objects.none()
    return _with_framework(
        Evaluation.objects.filter(id__in=prepared.ids(_evaluations_read, Evaluation, user))
    )


def _evaluations_read(user) -> QuerySet:
    """The rule of evaluations_for, compiled once (see prepared.py)."""
    from vises.evaluations.models import Evaluation, SharingLevel

    coached = CoachAssignment.objects.filter(
        coach=user,
        enterprise__admission=Enterprise.Admission.ADMITTED,
        enterprise__network__in=_network_ids(user, NetworkRole.COACH),
    ).values("enterprise_id")
    shared = Q(
        enterprise__network__in=_network_ids(user, NetworkRole.NETWORK_ADMIN),
        enterprise__admission=Enterprise.Admission.ADMITTED,
        sharing_consent__level__gte=SharingLevel.CONTENT,
    )
    return Evaluation.objects.filter(
        Q(enterprise__in=_enterprise_ids(user)) | Q(enterprise__in=coached) | shared
    )


def evaluations_followed_by_network(user) -> QuerySet:
    """Evaluations whose progress (step, share done, dates), not content, the user sees as
    an admin of the network: those of the enterprises admitted to it. Progress is always
    visible to the network; content is shared only by the enterprise's consent."""
    from vises.evaluations.models import Evaluation

    if not user.is_authenticated:
        return Evaluation.objects.none()
    return _with_framework(
        Evaluation.objects.filter(
            enterprise__network__in=_network_ids(user, NetworkRole.NETWORK_ADMIN),
            enterprise__admission=Enterprise.Admission.ADMITTED,
        )
    )


def get_evaluation(user, evaluation_id: int):
    """The evaluation, for its enterprise's team and coaches, or 404."""
    from vises.evaluations.models import Evaluation

    found = (
        remembered(
            ("evaluation", user.pk, evaluation_id),
            lambda: prepared.objects_by_id(_evaluation_read, Evaluation, evaluation_id, user),
        )
        if user.is_authenticated
        else []
    )
    if not found:
        raise Http404
    return found[0]


def _evaluation_read(user, evaluation_id: int) -> QuerySet:
    """The query of get_evaluation, compiled once (see prepared.py): every page of an
    evaluation asks it, and the ORM took a millisecond to build it."""
    from vises.evaluations.models import Evaluation

    return _with_framework(
        Evaluation.objects.filter(pk=evaluation_id, id__in=_evaluations_read(user))
    ).order_by()


def may_edit_evaluation(user, evaluation) -> bool:
    return enterprise_role(user, evaluation.enterprise) is not None


def administers_evaluation(user, evaluation) -> bool:
    return enterprise_role(user, evaluation.enterprise) == EnterpriseRole.ENTERPRISE_ADMIN


def may_read_responses(user, evaluation) -> bool:
    """Whether the user reads what respondents answered, one by one, wherever it shows
    (the responses, their exports, a removed response kept in the history): the
    enterprise's admins only."""
    return administers_evaluation(user, evaluation)


def get_evaluation_to_administer(user, evaluation_id: int):
    """The evaluation, for its enterprise's admins only: what respondents answered, one
    by one, is theirs to read, export and remove; 403 for the rest of the team."""
    evaluation = get_evaluation(user, evaluation_id)
    if not may_read_responses(user, evaluation):
        raise PermissionDenied
    return evaluation


def get_evaluation_to_edit(user, evaluation_id: int):
    """The evaluation, for its enterprise's team; 403 for its coaches."""
    evaluation = get_evaluation(user, evaluation_id)
    if not may_edit_evaluation(user, evaluation):
        raise PermissionDenied
    return evaluation


# Qualitative material ------------------------------------------------------------------
#
# Transcripts, recordings, the codebook and coded passages speak of people by what they
# said: only the enterprise's team reads them. Coaches read a passage once the team makes
# it a quote of a question's findings; the network and researchers never.


def may_read_material(user, evaluation) -> bool:
    return may_edit_evaluation(user, evaluation)


def get_evaluation_material(user, evaluation_id: int):
    """The evaluation, for its team, to read and code its qualitative material; 403 for
    its coaches, 404 for everyone else."""
    evaluation = get_evaluation(user, evaluation_id)
    if not may_read_material(user, evaluation):
        raise PermissionDenied
    return evaluation


def _found(queryset, pk: int, **lookups):
    try:
        return queryset.get(pk=pk, **lookups)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def get_document(user, evaluation_id: int, document_id: int):
    """A document of the evaluation's material, for its team."""
    from vises.qualitative.models import Document

    evaluation = get_evaluation_material(user, evaluation_id)
    document = _found(Document.objects.all(), document_id, evaluation=evaluation)
    document.evaluation = evaluation
    return document


def get_code(user, evaluation_id: int, code_id: int):
    """A code of the evaluation's codebook, for its team."""
    from vises.qualitative.models import Code

    evaluation = get_evaluation_material(user, evaluation_id)
    code = _found(Code.objects.all(), code_id, evaluation=evaluation)
    code.evaluation = evaluation
    return code


def get_excerpt(user, evaluation_id: int, excerpt_id: int):
    """A coded passage of the evaluation's material, for its team."""
    from vises.qualitative.models import Excerpt

    evaluation = get_evaluation_material(user, evaluation_id)
    excerpt = _found(
        Excerpt.objects.select_related("document"), excerpt_id, document__evaluation=evaluation
    )
    excerpt.document.evaluation = evaluation
    return excerpt


# The sections of an evaluation, in the journey's order, each with the verb its page asks
# of a visitor. The evaluation's navigation offers someone the sections whose verb lets
# them in: when a page changes its verb, change it here too (a test follows every link the
# navigation shows, as every role).
EVALUATION_SECTIONS = {
    "journey": get_evaluation,
    "preliminary": get_evaluation,
    "portrait": get_evaluation,
    "stakeholders": get_evaluation,
    "questions": get_evaluation,
    "plan": get_evaluation,
    "surveys": get_evaluation,
    "indicators": get_evaluation,
    "material": get_evaluation_material,
    "findings": get_evaluation,
    "reports": get_evaluation,
    "improvement": get_evaluation,
    "accompaniment": get_evaluation,
    "history": get_evaluation,
    "sharing": get_evaluation,
    "export": get_evaluation_to_administer,
}


def evaluation_sections(user, evaluation) -> list[str]:
    """The sections of the evaluation the user may open, in the journey's order; none for
    someone who may not see it. Each verb is asked once."""
    allowed = {}
    for verb in set(EVALUATION_SECTIONS.values()):
        try:
            verb(user, evaluation.pk)
        except (Http404, PermissionDenied):
            allowed[verb] = False
        else:
            allowed[verb] = True
    return [section for section, verb in EVALUATION_SECTIONS.items() if allowed[verb]]


# Surveys --------------------------------------------------------------------------------
#
# A survey is part of its evaluation: read by whoever reads the evaluation, built by its
# team.


def _survey_of(evaluation, survey_id: int):
    from vises.surveys.models import Survey

    try:
        survey = Survey.objects.get(pk=survey_id, evaluation=evaluation)
    except Survey.DoesNotExist:
        raise Http404 from None
    survey.evaluation = evaluation
    return survey


def get_survey(user, evaluation_id: int, survey_id: int):
    """The survey, for its evaluation's team and coaches, or 404."""
    return _survey_of(get_evaluation(user, evaluation_id), survey_id)


def get_survey_to_edit(user, evaluation_id: int, survey_id: int):
    """The survey, for its evaluation's team; 403 for its coaches."""
    return _survey_of(get_evaluation_to_edit(user, evaluation_id), survey_id)


def get_survey_to_administer(user, evaluation_id: int, survey_id: int):
    """The survey, for its enterprise's admins: its answers one by one; 403 for the rest
    of the team and the coaches."""
    return _survey_of(get_evaluation_to_administer(user, evaluation_id), survey_id)


# Accompaniment --------------------------------------------------------------------------
#
# The coaches assigned to an enterprise follow its evaluations: they comment and log
# sessions, without changing the content. The team comments and gives feedback on the
# accompaniment. Researchers read sessions and feedback across the network, pseudonymised,
# of the evaluations that consent to it.


def enterprises_coached_by(user) -> QuerySet[Enterprise]:
    """The admitted enterprises assigned to the user in every network where they coach."""
    if not user.is_authenticated:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(
        id__in=CoachAssignment.objects.filter(coach=user).values("enterprise_id"),
        network__in=_network_ids(user, NetworkRole.COACH),
        admission=Enterprise.Admission.ADMITTED,
    )


def coaches_evaluation(user, evaluation) -> bool:
    return enterprises_coached_by(user).filter(pk=evaluation.enterprise_id).exists()


def may_comment(user, evaluation) -> bool:
    """The team and the assigned coaches write in an evaluation's comment threads."""
    return may_edit_evaluation(user, evaluation) or coaches_evaluation(user, evaluation)


def get_evaluation_to_comment(user, evaluation_id: int):
    evaluation = get_evaluation(user, evaluation_id)
    if not may_comment(user, evaluation):
        raise PermissionDenied
    return evaluation


def get_evaluation_to_coach(user, evaluation_id: int):
    """The evaluation, for the coaches assigned to its enterprise; 403 for its team."""
    evaluation = get_evaluation(user, evaluation_id)
    if not coaches_evaluation(user, evaluation):
        raise PermissionDenied
    return evaluation


def get_network_to_research(user, network_id: int) -> Network:
    """The network, for its researchers and admins; 403 for its coaches, 404 for others."""
    network = get_network(user, network_id)
    if network_role(user, network) not in (NetworkRole.RESEARCHER, NetworkRole.NETWORK_ADMIN):
        raise PermissionDenied
    return network


def evaluations_to_research(network: Network) -> QuerySet:
    """The evaluations the researchers of `network` (reached through
    `get_network_to_research`) may study: those of its admitted enterprises that share
    pseudonymised data for research. Every research page and file asks this, so that a
    withdrawn consent takes an evaluation out of all of them at once."""
    from vises.evaluations.models import Evaluation, SharingLevel

    return _with_framework(
        Evaluation.objects.filter(
            enterprise__network=network,
            enterprise__admission=Enterprise.Admission.ADMITTED,
            sharing_consent__level__gte=SharingLevel.RESEARCH,
        )
    )


# Programmes and progress ----------------------------------------------------------------
#
# A network admin runs the network's programmes and follows every admitted enterprise's
# progress; a coach follows the progress of the enterprises assigned to them. Progress
# (steps, dates) is always visible to the network, content never without consent.


def get_network_to_follow(user, network_id: int) -> Network:
    """The network, for its admins and coaches (the progress board); 403 for its
    researchers, 404 for everyone else."""
    network = get_network(user, network_id)
    if network_role(user, network) not in (NetworkRole.NETWORK_ADMIN, NetworkRole.COACH):
        raise PermissionDenied
    return network


def enterprises_followed_in(user, network: Network) -> QuerySet[Enterprise]:
    """The network's enterprises whose progress the user follows: every admitted one for
    its admins, those assigned to them for its coaches, none for anyone else."""
    role = network_role(user, network)
    if role == NetworkRole.NETWORK_ADMIN:
        return network.enterprises.admitted()
    if role == NetworkRole.COACH:
        return enterprises_coached_by(user).filter(network=network)
    return Enterprise.objects.none()


def evaluations_progress_for(user) -> QuerySet:
    """Evaluations whose progress the user sees: those followed as a network admin, and
    those the user reads as a member of its team or its coach."""
    return evaluations_followed_by_network(user) | evaluations_for(user)


def get_programme_to_manage(user, network_id: int, programme_id: int):
    """The programme, for the admins of its network; 403 for its other members, 404 for
    everyone else."""
    network = get_network_to_manage(user, network_id)
    try:
        return network.programmes.get(pk=programme_id)
    except network.programmes.model.DoesNotExist:
        raise Http404 from None


def get_territorial_report_to_manage(user, network_id: int, programme_id: int, report_id: int):
    """A territorial report of a programme, for the admins of its network (the only ones
    who compose and publish them; coaches, enterprises and researchers read a report
    only once it is published, at its address); 403 for the network's other members, 404
    for everyone else."""
    programme = get_programme_to_manage(user, network_id, programme_id)
    try:
        return programme.territorial_reports.get(pk=report_id)
    except programme.territorial_reports.model.DoesNotExist:
        raise Http404 from None


# Frameworks -----------------------------------------------------------------------------


def framework_versions_for(user) -> QuerySet[FrameworkVersion]:
    """Versions the user may browse: published versions of the shared default and of the
    networks the user or their enterprise belongs to; drafts, only for that network's
    admins."""
    if not user.is_authenticated:
        return FrameworkVersion.objects.none()
    networks = Q(framework__network__in=_network_ids(user)) | Q(
        framework__network__in=Enterprise.objects.filter(
            id__in=_enterprise_ids(user), admission=Enterprise.Admission.ADMITTED
        ).values("network_id")
    )
    published = Q(status=FrameworkVersion.Status.PUBLISHED) & (
        Q(framework__network__isnull=True) | networks
    )
    drafts = Q(
        status=FrameworkVersion.Status.DRAFT,
        framework__network__in=_network_ids(user, NetworkRole.NETWORK_ADMIN),
    )
    return FrameworkVersion.objects.filter(published | drafts).select_related("framework")


def get_framework_version(user, version_id: int) -> FrameworkVersion:
    try:
        return framework_versions_for(user).get(pk=version_id)
    except FrameworkVersion.DoesNotExist:
        raise Http404 from None


def get_framework_version_to_edit(user, version_id: int) -> FrameworkVersion:
    """A draft, for the admins of the network it belongs to; 403 for other readers."""
    version = get_framework_version(user, version_id)
    if version.status != FrameworkVersion.Status.DRAFT or not (
        version.framework.network_id
        and NetworkMembership.objects.filter(
            user=user, network_id=version.framework.network_id, role=NetworkRole.NETWORK_ADMIN
        ).exists()
    ):
        raise PermissionDenied
    return version


def networks_administered(user) -> QuerySet[Network]:
    """Networks the user may act for as an admin (forking a framework, for instance)."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(id__in=_network_ids(user, NetworkRole.NETWORK_ADMIN))


# Invitations ----------------------------------------------------------------------------


def get_invitation_to_manage(user, invitation_id: int) -> Invitation:
    """An invitation of an organisation the user manages, or 404."""
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    if invitation.network_id:
        get_network_to_manage(user, invitation.network_id)
    else:
        get_enterprise_to_manage(user, invitation.enterprise_id)
    return invitation


# Audit log ------------------------------------------------------------------------------
#
# Who changed access, and failed sign-ins: read by a network's admins for their network,
# and by the platform's admins for every network. Nobody changes it.


def is_platform_admin(user) -> bool:
    """The platform's operators: those who hold every right in the Django admin."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def audit_entries_of_network(user, network_id: int) -> tuple[Network, QuerySet]:
    """The network and its audit log, for its admins (403 for its other members, 404 for
    everyone else): the changes made in it and in its enterprises, and the failed sign-ins
    of the people it holds (its members, and those of the enterprises it follows)."""
    network = get_network_to_manage(user, network_id)
    members = NetworkMembership.objects.filter(network=network).values("user_id")
    enterprise_members = EnterpriseMembership.objects.filter(
        enterprise__network=network,
        enterprise__admission__in=[Enterprise.Admission.ADMITTED, Enterprise.Admission.PENDING],
    ).values("user_id")
    entries = AuditEntry.objects.filter(
        Q(network=network)
        | Q(kind__in=AuditEntry.SIGN_IN_KINDS)
        & (Q(person__in=members) | Q(person__in=enterprise_members))
    )
    return network, entries


def all_audit_entries(user) -> QuerySet:
    """The whole audit log, for the platform's admins; 403 for everyone else."""
    if not is_platform_admin(user):
        raise PermissionDenied
    return AuditEntry.objects.all()


def all_networks(user) -> QuerySet[Network]:
    """Every network, for the platform's admins; 403 for everyone else."""
    if not is_platform_admin(user):
        raise PermissionDenied
    return Network.objects.order_by("name")


# One's own data -------------------------------------------------------------------------


def records_about(user, model, field: str) -> QuerySet:
    """The records of `model` whose `field` names the user: what the platform holds about
    them, for them alone (nobody reads another person's)."""
    if not user.is_authenticated:
        return model._default_manager.none()
    return model._default_manager.filter(**{field: user})


def invitations_to(user) -> QuerySet[Invitation]:
    """The invitations sent to the user's address, accepted or not."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return Invitation.objects.filter(email__iexact=user.email)
