"""Attachment checks: size and type limits with content sniffing.

The type is decided by the file's first bytes, not by its name or the browser's
claim; a name whose extension does not fit the content is refused as disguised.
Files are stored under MEDIA_ROOT (var/media), which the web server never serves:
staff download them through an access-checked view, the public never.
"""

import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5

# content type → (magic prefix or None for text, allowed extensions)
ALLOWED: dict[str, tuple[bytes | None, frozenset[str]]] = {
    "application/pdf": (b"%PDF-", frozenset({".pdf"})),
    "image/png": (b"\x89PNG\r\n\x1a\n", frozenset({".png"})),
    "image/jpeg": (b"\xff\xd8\xff", frozenset({".jpg", ".jpeg"})),
    "image/gif": (b"GIF8", frozenset({".gif"})),
    "text/plain": (None, frozenset({".txt"})),
}


def sniff(head: bytes) -> str | None:
    for content_type, (magic, _exts) in ALLOWED.items():
        if magic is not None and head.startswith(magic):
            return content_type
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None


def check_upload(upload: UploadedFile) -> tuple[UploadedFile, str]:
    name = PurePath(upload.name or "").name
    if upload.size > MAX_BYTES:
        raise ValidationError({"files": [_("“%(name)s” is larger than 10 MB.") % {"name": name}]})
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(
            {"files": [_("“%(name)s” is not a PDF, image or text file.") % {"name": name}]}
        )
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED[content_type][1]:
        raise ValidationError(
            {
                "files": [
                    _("“%(name)s” does not contain what its name says; it was refused.")
                    % {"name": name}
                ]
            }
        )
    return upload, content_type


def store(*, signal, upload: UploadedFile, content_type: str, from_public: bool = False):
    from .models import Attachment

    attachment = Attachment(
        signal=signal,
        original_name=PurePath(upload.name).name[:200],
        content_type=content_type,
        size=upload.size,
        from_public=from_public,
    )
    # Stored under a random name: the original name is data, not a path.
    attachment.file.save(f"{signal.pk}-{secrets.token_hex(8)}.bin", upload, save=False)
    attachment.save()
    return attachment
