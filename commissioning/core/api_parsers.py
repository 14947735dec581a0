"""The API's JSON parser: DRF's, refusing bodies too large or too deeply nested to read.

A body of 100,000 ``[`` makes Python's JSON decoder recurse until it gives up with a
RecursionError, which DRF does not catch (a 500). Here it is a 400 that says why, and a body
larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused before it is read.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    """JSON bodies up to ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes and a sane nesting depth."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise ParseError(
                    f"JSON parse error - the body is {length:,} bytes; at most {limit:,} are read"
                )
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - nested too deeply to be read") from error
