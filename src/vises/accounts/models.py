"""Networks, enterprises, the people in them and the roles they hold."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vises.worker import reasons


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address. Respondents never get one."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set when the person had their account erased: the row stays so that what they wrote
    # for an enterprise keeps its place, shown under "Former member".
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.display_name(self.full_name, self.email, self.erased_at)

    @staticmethod
    def display_name(full_name: str, email: str, erased_at) -> str:
        """How a person is named on pages, from these three columns alone."""
        if erased_at:
            return gettext("Former member")
        return full_name or email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        super().save(*args, **kwargs)


class Network(models.Model):
    """A federation or support structure that coaches enterprises through a programme."""

    class Kind(models.TextChoices):
        FEDERATION = "federation", _("Federation")
        SUPPORT_STRUCTURE = "support_structure", _("Support structure")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    require_two_factor = models.BooleanField(
        _("require two-factor sign-in of coaches and enterprise admins"),
        default=False,
        help_text=_(
            "Its coaches and the admins of its admitted enterprises then sign in with a code "
            "of an authenticator app as well as their password."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class EnterpriseGroup(models.TextChoices):
    INTEGRATION = "integration", _("Work integration")
    COLLECTIVE_SERVICE = "collective_service", _("Collective services")
    SSE_OTHER = "sse_other", _("Other SSE enterprise")


class Country(models.TextChoices):
    FR = "FR", _("France")
    BE = "BE", _("Belgium")


class Region(models.TextChoices):
    # France (the regions of 2016)
    AUVERGNE_RHONE_ALPES = "FR-ARA", "Auvergne-Rhône-Alpes"
    BOURGOGNE_FRANCHE_COMTE = "FR-BFC", "Bourgogne-Franche-Comté"
    BRETAGNE = "FR-BRE", "Bretagne"
    CENTRE_VAL_DE_LOIRE = "FR-CVL", "Centre-Val de Loire"
    CORSE = "FR-COR", "Corse"
    GRAND_EST = "FR-GES", "Grand Est"
    HAUTS_DE_FRANCE = "FR-HDF", "Hauts-de-France"
    ILE_DE_FRANCE = "FR-IDF", "Île-de-France"
    NORMANDIE = "FR-NOR", "Normandie"
    NOUVELLE_AQUITAINE = "FR-NAQ", "Nouvelle-Aquitaine"
    OCCITANIE = "FR-OCC", "Occitanie"
    PAYS_DE_LA_LOIRE = "FR-PDL", "Pays de la Loire"
    PROVENCE_ALPES_COTE_DAZUR = "FR-PAC", "Provence-Alpes-Côte d'Azur"
    OUTRE_MER = "FR-OM", _("French overseas territories")
    # Belgium
    BRUXELLES_CAPITALE = "BE-BRU", _("Brussels-Capital")
    VLAANDEREN = "BE-VLG", _("Flanders")
    WALLONIE = "BE-WAL", _("Wallonia")

    @property
    def country(self) -> str:
        return self.value[:2]


class SizeBand(models.TextChoices):
    MICRO = "0-9", _("0 to 9 workers")
    SMALL = "10-49", _("10 to 49 workers")
    MEDIUM = "50-249", _("50 to 249 workers")
    LARGE = "250+", _("250 workers or more")


nace_code_validator = RegexValidator(
    r"^\d{2}(\.\d{1,2})?$", _("Enter a NACE code such as 88 or 88.10.")
)


# No 0/O or 1/I/L: researchers copy these codes by hand.
PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_pseudonym() -> str:
    """A random code that stands for an enterprise where its name must not show."""
    return "E-" + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(6))


class EnterpriseQuerySet(models.QuerySet):
    def admitted(self):
        return self.filter(admission=Enterprise.Admission.ADMITTED)


class Enterprise(models.Model):
    """A social and solidarity economy enterprise: the tenant whose data is protected."""

    # What says who it is: edited by its admins on one form, each change kept in the audit
    # log.
    IDENTITY_FIELDS = [
        "name",
        "legal_form",
        "group",
        "country",
        "region",
        "municipality",
        "postcode",
        "nace_code",
        "size_band",
        "founding_year",
        "website",
    ]

    class Admission(models.TextChoices):
        STANDALONE = "standalone", _("Stands alone")
        PENDING = "pending", _("Asked to join")
        ADMITTED = "admitted", _("Admitted")
        DECLINED = "declined", _("Declined")

    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(
        _("legal form"), max_length=100, help_text=_("For example SCOP, SCIC, ASBL, SRL, SC.")
    )
    group = models.CharField(_("enterprise group"), max_length=20, choices=EnterpriseGroup.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    region = models.CharField(_("region"), max_length=8, choices=Region.choices)
    municipality = models.CharField(_("municipality"), max_length=120)
    postcode = models.CharField(_("postcode"), max_length=10)
    nace_code = models.CharField(
        _("sector (NACE code)"), max_length=5, validators=[nace_code_validator]
    )
    size_band = models.CharField(_("size"), max_length=8, choices=SizeBand.choices)
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    website = models.URLField(_("website"), blank=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        related_name="enterprises",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    admission = models.CharField(
        _("admission"), max_length=12, choices=Admission.choices, default=Admission.STANDALONE
    )
    pseudonym = models.CharField(
        _("pseudonym"), max_length=12, unique=True, default=new_pseudonym, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(network__isnull=True, admission="standalone")
                | models.Q(network__isnull=False) & ~models.Q(admission="standalone"),
                name="enterprise_network_matches_admission",
            )
        ]

    def __str__(self):
        return self.name

    # Labels through the enumerations: get_FOO_display() rebuilds a dict of every choice on
    # each call, which dominated the rendering of long enterprise lists.
    @property
    def group_label(self) -> str:
        return EnterpriseGroup(self.group).label

    @property
    def region_label(self) -> str:
        return Region(self.region).label

    @property
    def country_label(self) -> str:
        return Country(self.country).label

    def clean(self):
        errors = {}
        if self.region and self.country and not self.region.startswith(self.country):
            errors["region"] = _("This region is not in the chosen country.")
        if self.postcode and self.country:
            digits = 5 if self.country == Country.FR else 4
            if not (self.postcode.isdigit() and len(self.postcode) == digits):
                errors["postcode"] = _("A postcode in this country has %(digits)s digits.") % {
                    "digits": digits
                }
        if errors:
            raise ValidationError(errors)


class NetworkRole(models.TextChoices):
    NETWORK_ADMIN = "network_admin", _("Network admin")
    COACH = "coach", _("Coach")
    RESEARCHER = "researcher", _("Researcher")


class EnterpriseRole(models.TextChoices):
    ENTERPRISE_ADMIN = "enterprise_admin", _("Enterprise admin")
    ENTERPRISE_MEMBER = "enterprise_member", _("Enterprise member")


class NetworkMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="network_memberships", on_delete=models.CASCADE
    )
    network = models.ForeignKey(Network, related_name="memberships", on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=20, choices=NetworkRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "network"], name="one_role_per_network")
        ]

    def __str__(self):
        return f"{self.user} · {self.network} · {self.get_role_display()}"


class EnterpriseMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="enterprise_memberships", on_delete=models.CASCADE
    )
    enterprise = models.ForeignKey(Enterprise, related_name="memberships", on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=20, choices=EnterpriseRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise membership")
        verbose_name_plural = _("enterprise memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="one_role_per_enterprise")
        ]

    def __str__(self):
        return f"{self.user} · {self.enterprise} · {self.get_role_display()}"


class CoachAssignment(models.Model):
    """A coach of the enterprise's network follows this enterprise."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="coach_assignments", on_delete=models.CASCADE
    )
    enterprise = models.ForeignKey(
        Enterprise, related_name="coach_assignments", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coach assignment")
        verbose_name_plural = _("coach assignments")
        constraints = [
            models.UniqueConstraint(fields=["coach", "enterprise"], name="one_assignment_per_pair")
        ]

    def __str__(self):
        return f"{self.coach} → {self.enterprise}"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def find(self, token: str):
        """The invitation this token was issued for, or None. Only a hash is stored."""
        return self.filter(token_hash=_hash_token(token)).first()

    def open(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation by email to hold a role in a network or an enterprise."""

    email = models.EmailField(_("email address"))
    network = models.ForeignKey(
        Network, related_name="invitations", on_delete=models.CASCADE, null=True, blank=True
    )
    enterprise = models.ForeignKey(
        Enterprise, related_name="invitations", on_delete=models.CASCADE, null=True, blank=True
    )
    role = models.CharField(
        _("role"), max_length=20, choices=NetworkRole.choices + EnterpriseRole.choices
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Why its mail could not be sent, after the worker's last attempt (a traceback).
    email_error = models.TextField(blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(network__isnull=True) ^ models.Q(enterprise__isnull=True),
                name="invitation_targets_one_organisation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def organisation(self):
        return self.network or self.enterprise

    @property
    def email_failure(self) -> str:
        return reasons.reason(self.email_error)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def issue_token(self) -> str:
        """Give this invitation a fresh secret token and return it (only its hash is kept)."""
        token = secrets.token_urlsafe(32)
        self.token_hash = _hash_token(token)
        self.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
        return token


class PasswordResetRequest(models.Model):
    """A password reset asked for one address, kept for an hour to limit how many e-mails
    an address receives. The address is kept hashed: no list of what strangers typed."""

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.address_hash[:8]} · {self.at:%Y-%m-%d %H:%M}"
