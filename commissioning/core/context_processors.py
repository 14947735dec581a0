"""What every page's layout needs: the main navigation."""

from django.urls import NoReverseMatch, reverse

NAVIGATION = [
    ("Programmes", "home"),
    ("Import a plan", "import-upload"),
    ("Partnership", "governance-structure"),
    ("Directory", "directory"),
]


def navigation(request) -> dict:
    """The header's links, marking the section the current page belongs to."""
    items = []
    for label, name in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"navigation": items}
