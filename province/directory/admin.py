from django.contrib import admin

from .models import DirectoryEntry


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "code_102", "code_qd20", "source", "is_active"]
    list_filter = ["source", "is_active"]
    search_fields = ["name", "code_102", "code_qd20"]
