"""deid's presidio recognizers, one module per family of identifiers."""
