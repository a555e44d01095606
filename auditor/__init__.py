"""auditor: finds what does not hold together inside Chinese performance-evaluation reports."""
__version__ = "0.1.0"
