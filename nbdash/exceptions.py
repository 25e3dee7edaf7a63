"""Every exception nbdash raises, in one place.

The class names (and their hierarchy) are Dash's: they are part of the API contract, so code written
against ``dash.exceptions`` catches the same things here. Messages are dedented and stripped, as Dash
does, so multi-line messages can be written as indented triple-quoted strings.

nbdash's own additions come last: :class:`CallbackError` wraps a user's exception with the callback it
came from, for the app's error list and front ends.
"""

from __future__ import annotations

from textwrap import dedent
from typing import Any


class DashException(Exception):
    """Base of every Dash/nbdash exception; the message is dedented and stripped."""

    def __init__(self, msg: str = "") -> None:
        super().__init__(dedent(msg).strip())


class ObsoleteKwargException(DashException):
    pass


class ObsoleteAttributeException(DashException):
    pass


class NoLayoutException(DashException):
    pass


class CallbackException(DashException):
    pass


class NonExistentEventException(CallbackException):
    pass


class IncorrectTypeException(CallbackException):
    pass


class IDsCantContainPeriods(CallbackException):
    pass


class InvalidComponentIdError(IDsCantContainPeriods):
    pass


class WildcardInLongCallback(CallbackException):
    pass


class PreventUpdate(CallbackException):
    """Raise inside a callback to update nothing (and discard its ``set_props``)."""


class InvalidCallbackReturnValue(CallbackException):
    pass


class MissingCallbackContextException(CallbackException):
    pass


class UnsupportedRelativePath(CallbackException):
    pass


class DuplicateIdError(DashException):
    pass


class InvalidConfig(DashException):
    pass


class InvalidResourceError(DashException):
    pass


class InvalidIndexException(DashException):
    pass


class DependencyException(DashException):
    pass


class ResourceException(DashException):
    pass


class ProxyError(DashException):
    pass


class DuplicateCallback(DashException):
    pass


class BackgroundCallbackError(DashException):
    pass


class MissingLongCallbackManagerError(DashException):
    pass


class PageError(DashException):
    pass


class ImportedInsideCallbackError(DashException):
    pass


class HookError(DashException):
    pass


class AppNotFoundError(DashException):
    pass


class NonExistentIdException(DashException):
    """An id given to nbdash (``app.set_props``, the test driver, ...) is not in the layout."""


class NonExistentPropException(DashException):
    """A property name that the component does not have."""


class SchemaTypeValidationError(InvalidCallbackReturnValue):
    def __init__(self, value: object, full_schema: object, path: tuple, expected_type: object) -> None:
        super().__init__(
            f"""
            Schema: {full_schema}
            Path: {path!r}
            Expected type: {expected_type}
            Received value of type {type(value)}:
                {value!r}
            """
        )


class SchemaLengthValidationError(InvalidCallbackReturnValue):
    def __init__(self, value: Any, full_schema: object, path: tuple, expected_len: int) -> None:
        super().__init__(
            f"""
            Schema: {full_schema}
            Path: {path!r}
            Expected length: {expected_len}
            Received value of length {len(value)}:
                {value!r}
            """
        )


class SchemaKeysValidationError(InvalidCallbackReturnValue):
    def __init__(self, value: dict, full_schema: object, path: tuple, expected_keys: object) -> None:
        super().__init__(
            f"""
            Schema: {full_schema}
            Path: {path!r}
            Expected keys: {expected_keys}
            Received value with keys {set(value.keys())}:
                {value!r}
            """
        )


class CallbackError(DashException):
    """A callback raised: carries the callback's name, the outputs it was updating and the user's
    traceback (nbdash frames removed). ``__cause__`` is the original exception."""

    def __init__(self, message: str, *, callback: str, traceback: str) -> None:
        super().__init__(message)
        self.callback = callback
        self.traceback = traceback


class CallbackAborted(DashException):
    """nbdash: a callback raised a ``BaseException`` that is not an ``Exception`` (``sys.exit()``,
    ``KeyboardInterrupt`` from a kernel interrupt, ...). The call ends as an error of that callback;
    the kernel and the app keep running. ``original`` is what was raised (see ``nbdash/_interrupts.py``)."""

    def __init__(self, message: str, *, original: BaseException) -> None:
        super().__init__(message)
        self.original = original


class AppClosedError(DashException):
    """nbdash: the app was closed (``app.close()``, or its cell was re-run with a new app); a closed
    app takes no more events, ``set_props`` or ``get_props`` until it is displayed or loaded again."""


class CircularDependencyWarning(UserWarning):
    """nbdash: callbacks feed each other in a cycle (what Dash's dev tools report as "Circular
    Dependencies"); the callbacks still run. See ``nbdash/_cycles.py``."""

