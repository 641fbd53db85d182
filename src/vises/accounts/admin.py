from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

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


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    autocomplete_fields = ["user"]
    extra = 0


class EnterpriseMembershipInline(admin.TabularInline):
    model = EnterpriseMembership
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    inlines = [NetworkMembershipInline]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "country", "region", "network", "admission"]
    list_filter = ["group", "country", "admission"]
    search_fields = ["name", "municipality"]
    inlines = [EnterpriseMembershipInline]


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(admin.ModelAdmin):
    list_display = ["coach", "enterprise"]
    autocomplete_fields = ["coach"]


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
