from __future__ import annotations

from brobygger.privacy.models import PrivacyNotice


def current_privacy_notice() -> PrivacyNotice | None:
    return PrivacyNotice.objects.filter(published_at__isnull=False).order_by("-version").first()
