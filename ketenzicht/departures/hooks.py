"""Hooks to capabilities that are not built yet.

Signals (issue 6): a sign of trafficking or smuggling on a departure must become
a signal that the OM assesses (Aanwijzing mensenhandel). Until the signals app
registers a handler here, the departure itself carries the flag, its history
records the sign, and the OM sees every flagged departure through the access
policy (scope ``trafficking_sign``). A handler runs inside the step's
transaction, so a failing handler rolls the step back.
"""

from collections.abc import Callable

TraffickingSignHandler = Callable[..., None]  # (*, case, actor, note) -> None
_TRAFFICKING_SIGN_HANDLERS: list[TraffickingSignHandler] = []


def register_trafficking_sign_handler(handler: TraffickingSignHandler) -> TraffickingSignHandler:
    if handler not in _TRAFFICKING_SIGN_HANDLERS:
        _TRAFFICKING_SIGN_HANDLERS.append(handler)
    return handler


def trafficking_sign_recorded(*, case, actor, note: str) -> int:
    """Call every registered handler; returns how many ran (0 until signals registers one)."""
    for handler in _TRAFFICKING_SIGN_HANDLERS:
        handler(case=case, actor=actor, note=note)
    return len(_TRAFFICKING_SIGN_HANDLERS)
