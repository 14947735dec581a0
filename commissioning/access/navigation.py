"""What every page's layout needs: the main navigation, and what the user may do."""

from functools import cached_property

from django.urls import reverse

from commissioning.access import rules as access

NAVIGATION = [
    ("Programmes", "home"),
    ("Import a plan", "import-upload"),
    ("Partnership", "governance-structure"),
    ("Outcomes", "outcomes-start"),
    ("Total pot", "finance-start"),
    ("Performance", "performance-start"),
    ("Directory", "directory"),
]


class SiteAbilities:
    """What the user may do beyond one programme, asked only when a template needs it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def import_plans(self) -> bool:
        return access.can_import(self.user)

    @cached_property
    def govern(self) -> bool:
        return access.can_govern(self.user)

    @cached_property
    def import_governance(self) -> bool:
        return access.can_import_governance(self.user)


def navigation(request) -> dict:
    """The header's links, marking the section the current page belongs to."""
    items = []
    site_may = SiteAbilities(request.user)
    for label, name in NAVIGATION:
        if name == "import-upload" and not site_may.import_plans:
            continue
        url = reverse(name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"navigation": items, "site_may": site_may}
