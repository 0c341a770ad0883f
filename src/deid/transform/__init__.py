"""Transform: what each finding becomes in the output, chosen per type by the policy.

- ``context``: the per-note state the operators share (``NoteContext``, ``identity_key``);
- ``operators``: deid's operators, each a presidio-anonymizer ``Operator`` (``base`` adapts);
- ``registry``: operator name -> operator, and the ``AnonymizerEngine`` that runs them;
- ``engine``: ``transform(note, findings, policy, secret) -> Result``.

A presidio user can add deid's operators to their own engine (``docs/presidio-operators.md``).
"""

from deid.transform.context import NoteContext, identity_key
from deid.transform.engine import transform

__all__ = ["NoteContext", "identity_key", "transform"]
