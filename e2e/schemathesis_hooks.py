"""Schemathesis hooks for e2e/schemathesis.sh.

Schemathesis has no serializer for application/pdf, so the PDF upload
operations would be skipped as "serialization not possible"; generated
bodies that are not bytes are replaced by its own sample PDF.
"""
import schemathesis
from schemathesis.core.file_samples import FILE_SAMPLES


@schemathesis.serializer("application/pdf")
def pdf(ctx, value):
    return value if isinstance(value, bytes) else FILE_SAMPLES["pdf"]
