"""Source formats: readers by file extension, and the quirks of each kind of source."""
from .records import READERS, Record, metadata_from_name  # noqa: F401
