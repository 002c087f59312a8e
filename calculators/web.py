"""The worker's and the build's entry points: ``handle``, ``page_html``, ``describe`` (in kit/web.py)."""

from .kit.web import describe, field_html, handle, page_html

__all__ = ["describe", "field_html", "handle", "page_html"]
