"""deid's operators, each a presidio-anonymizer ``Operator`` (see ``base``).

``basic`` (tag, redact, mask, keep), ``surrogate`` (with ``fakedata``), ``dateshift``,
``generalize`` and ``crypto`` (hash, encrypt). Each imports ``deid.transform.context`` and
``base``, never the registry or the engine; ``surrogate`` uses ``dateshift`` and ``generalize``.
"""
