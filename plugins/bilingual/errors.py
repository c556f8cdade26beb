"""The one exception the plugin raises for bad content or settings."""


class ContentError(Exception):
    """A content file or setting the build cannot accept.

    The message names the file (or setting) and the field, so an editor can
    fix it without reading a traceback.
    """
