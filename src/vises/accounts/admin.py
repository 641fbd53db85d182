"""The platform operator's tool. Changes of access made here go into the audit log, as
those made on the network and enterprise screens do."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from vises.audit.models import AuditEntry

from . import invitations, organisations
from .models import (
    CoachAssignment,
    Enterprise,
    EnterpriseMembership,
    Invitation,
    Network,
    NetworkMembership,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "preferred_language"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "password1", "password2"]})]


class AuditedMembershipsAdmin(admin.ModelAdmin):
    """An organisation's admin whose membership inline records who was added, removed or
    given another role."""

    def save_formset(self, request, form, formset, change):
        organisation = form.instance
        where = (
            {"network": organisation}
            if isinstance(organisation, Network)
            else {"enterprise": organisation}
        )
        for inline in formset.forms:
            membership, initial = inline.instance, inline.initial
            if inline in formset.deleted_forms:
                if membership.pk:
                    self._record(
                        AuditEntry.Kind.MEMBER_REMOVED,
                        request,
                        where,
                        User.objects.get(pk=initial["user"]),
                        initial["role"],
                    )
            elif membership.pk is None:
                if inline.has_changed():
                    self._record(
                        AuditEntry.Kind.MEMBER_ADDED,
                        request,
                        where,
                        membership.user,
                        membership.role,
                    )
            elif "user" in inline.changed_data:
                old = User.objects.get(pk=initial["user"])
                self._record(AuditEntry.Kind.MEMBER_REMOVED, request, where, old, initial["role"])
                self._record(
                    AuditEntry.Kind.MEMBER_ADDED, request, where, membership.user, membership.role
                )
            elif "role" in inline.changed_data:
                self._record(
                    AuditEntry.Kind.ROLE_CHANGED,
                    request,
                    where,
                    membership.user,
                    membership.role,
                    old_role=initial["role"],
                )
        super().save_formset(request, form, formset, change)

    @staticmethod
    def _record(kind, request, where, person, role, **details):
        AuditEntry.record(kind, by=request.user, person=person, role=role, **where, **details)


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    autocomplete_fields = ["user"]
    extra = 0


class EnterpriseMembershipInline(admin.TabularInline):
    model = EnterpriseMembership
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Network)
class NetworkAdmin(AuditedMembershipsAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    inlines = [NetworkMembershipInline]


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedMembershipsAdmin):
    list_display = ["name", "group", "country", "region", "network", "admission"]
    list_filter = ["group", "country", "admission"]
    search_fields = ["name", "municipality"]
    inlines = [EnterpriseMembershipInline]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            if obj.network_id:
                self._record_admission(request, obj)
            return
        before = Enterprise.objects.select_related("network").get(pk=obj.pk)
        organisations.change_identity(obj, by=request.user)
        if before.network_id and before.network_id != obj.network_id:
            AuditEntry.record(
                AuditEntry.Kind.LEFT_NETWORK,
                by=request.user,
                network=before.network,
                enterprise=obj,
            )
        if obj.network_id and (before.network_id, before.admission) != (
            obj.network_id,
            obj.admission,
        ):
            self._record_admission(request, obj)

    @staticmethod
    def _record_admission(request, enterprise):
        kind = {
            Enterprise.Admission.PENDING: AuditEntry.Kind.ADMISSION_ASKED,
            Enterprise.Admission.ADMITTED: AuditEntry.Kind.ADMITTED,
            Enterprise.Admission.DECLINED: AuditEntry.Kind.DECLINED,
        }[enterprise.admission]
        AuditEntry.record(kind, by=request.user, network=enterprise.network, enterprise=enterprise)


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(admin.ModelAdmin):
    list_display = ["coach", "enterprise"]
    autocomplete_fields = ["coach"]

    def save_model(self, request, obj, form, change):
        if change:
            before = CoachAssignment.objects.select_related("coach", "enterprise").get(pk=obj.pk)
            AuditEntry.record(
                AuditEntry.Kind.COACH_UNASSIGNED,
                by=request.user,
                enterprise=before.enterprise,
                person=before.coach,
            )
        super().save_model(request, obj, form, change)
        AuditEntry.record(
            AuditEntry.Kind.COACH_ASSIGNED,
            by=request.user,
            enterprise=obj.enterprise,
            person=obj.coach,
        )

    def delete_model(self, request, obj):
        organisations.unassign_coach(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("coach", "enterprise"):
            organisations.unassign_coach(assignment, by=request.user)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the network and enterprise screens, which mail the link;
    here they can only be read or deleted."""

    list_display = ["email", "role", "network", "enterprise", "expires_at", "accepted_at"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        invitations.revoke(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for invitation in queryset.select_related("network", "enterprise"):
            invitations.revoke(invitation, by=request.user)
