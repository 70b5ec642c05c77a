from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants.models import Agency


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The province console: every agency with its host and status."""
    agencies = (
        Agency.objects.select_related("level", "parent").prefetch_related("domains").order_by("level__order", "name")
    )
    return render(request, "console/home.html", {"agencies": agencies})
