"""Every page is sent with a Content-Security-Policy that forbids inline code, and no template
of ours relies on inline code."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import commissioning

TEMPLATES = sorted(Path(commissioning.__file__).parent.glob("*/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", [reverse("sign-in"), reverse("home"), reverse("api-docs")])
def test_pages_forbid_inline_script_and_style(signed_in_client, url):
    response = signed_in_client.get(url, follow=True)

    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


def test_the_api_is_sent_with_the_policy_too(client):
    response = client.get("/api/v1/programmes/")

    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_template_has_inline_script_handlers_or_style_attributes(template):
    text = template.read_text(encoding="utf-8")
    if template.name in {"highlight_document.html", "board_pack_document.html"}:
        # The standalone report file (for saving, printing and the PDF) is never served as a
        # page; its <style> element keeps the saved file self-contained.
        text = re.sub(r"<style>.*?</style>", "", text, flags=re.DOTALL)

    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static file"
    assert not EVENT_HANDLER.search(text), "inline event handler: use a static script"
    assert not STYLE_ATTRIBUTE.search(text), "style attribute: use a class in the CSS"
