"""Detection: spaCy and presidio's recognizers find candidate identifiers in a note."""
