from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is read here, never written: entries are made by the changes they
    record, and none is changed or deleted."""

    list_display = ["at", "kind", "network_name", "enterprise_name", "person_name", "actor_name"]
    list_filter = ["kind", "network"]
    search_fields = ["person_name", "actor_name", "enterprise_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
