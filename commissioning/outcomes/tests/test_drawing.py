"""The drawn chain: SVG safe and well-formed, whatever else is loaded in the process."""

import xml.etree.ElementTree as ET

from commissioning.outcomes import drawing

SMALL = '<svg xmlns="http://www.w3.org/2000/svg"><g><text>People live longer</text></g></svg>'


def test_the_svg_has_no_prefix_even_when_another_library_registered_one():
    ET.register_namespace("svg", drawing.SVG)  # as a PDF or office library might
    try:
        svg = drawing.clean_svg(SMALL, description="A chain")
    finally:
        ET.register_namespace("", drawing.SVG)
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "svg:" not in svg
