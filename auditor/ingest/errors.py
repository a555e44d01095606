class IngestError(Exception):
    """A file that cannot be audited; the message is one line, Chinese / English."""
