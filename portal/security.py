"""Security headers the portal sends with every response."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, plus ADMIN_CONTENT_SECURITY_POLICY_UPDATE under the
    admin URL only: the hook a rich-text editor that needs inline styles uses,
    without weakening the public pages."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin_update = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY_UPDATE", None)
        if admin_update and not report_only and request.path_info.startswith("/" + settings.ADMIN_URL):
            merged = {key: list(value) for key, value in (parts.update or {}).items()}
            for directive, sources in admin_update.items():
                merged.setdefault(directive, []).extend(sources)
            parts.update = merged
        return parts


def permissions_policy_header(policy):
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
