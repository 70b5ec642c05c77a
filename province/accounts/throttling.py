"""The client's address for login throttling (django-axes' AXES_CLIENT_IP_CALLABLE).

Behind our nginx every request comes from the proxy's own address, so REMOTE_ADDR says nothing about the
client. The proxy writes the address it saw into X-Forwarded-For (ops/nginx overwrites whatever the client
sent there); with ``TRUSTED_PROXY_COUNT`` proxies of ours in front of the application, the client is the
entry that the outermost of them wrote, the ``TRUSTED_PROXY_COUNT``-th from the right. Entries further left
came from the client and are ignored: anyone can write them."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address of the client as the outermost trusted proxy saw it; REMOTE_ADDR when no proxy is trusted or
    the request did not come through them (no header, or fewer entries than trusted proxies)."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < count:
        return remote
    return _valid(entries[-count]) or remote
