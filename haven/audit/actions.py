"""The audit app's one writer: taking a signed checkpoint records that it was taken."""

from haven.audit.action import action
from haven.audit.checkpoint import take_checkpoint
from haven.audit.log import record


@action()
def do_take_checkpoint() -> dict[str, object]:
    """Record `audit.checkpointed`, then sign the chain's state including that event."""
    record(actor=None, action="audit.checkpointed", target_type="audit.auditevent")
    return take_checkpoint()
