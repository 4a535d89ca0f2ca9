"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_service_errors(
    form: forms.Form, exc: ValidationError, *, prefix: str = "", skip: tuple[str, ...] = ()
) -> None:
    """Put a service's field errors next to the matching fields, the rest on top.

    Services raise `ValidationError({field: [messages]})`; a key that is not a
    field of this form (or NON_FIELD_ERRORS) becomes a form-level error. With
    `prefix`, only the errors whose key starts with it are taken (an embedded
    form, such as the age inspection on the registration page), without the
    prefix; `skip` leaves out keys that start with any of its values.
    """
    if not hasattr(exc, "error_dict"):
        if not prefix:
            for message in exc.messages:
                form.add_error(None, message)
        return
    for key, messages in exc.message_dict.items():
        if prefix:
            if not key.startswith(prefix):
                continue
            key = key[len(prefix) :]
        elif skip and key.startswith(skip):
            continue
        target = key if key in form.fields and key != NON_FIELD_ERRORS else None
        for message in messages:
            form.add_error(target, message)
