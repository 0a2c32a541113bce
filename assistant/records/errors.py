"""Everything that can go wrong with case records, as exceptions with plain-English messages.

Each message says what happened, what was kept safe, and what to do next, so the CLI and the UI
can show it as it is. All derive from :class:`RecordsError`.
"""

from __future__ import annotations

import errno
from pathlib import Path


class RecordsError(Exception):
    """Base class: ``str(exc)`` is a complete message for the user."""


class RecordNotFound(RecordsError):
    """No record matches the id, reference or name given."""


class AmbiguousPerson(RecordsError):
    """More than one record matches; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[object]) -> None:
        super().__init__(message)
        self.candidates = candidates


class RecordLocked(RecordsError):
    """The record is open for writing in another window or process."""


class RecordTooNew(RecordsError):
    """The file was written by a newer version of the app; it is left untouched."""


class RecordDamaged(RecordsError):
    """The file is damaged and no good copy could be restored."""


class StoreUnavailable(RecordsError):
    """The data folder cannot be read or written at all (permissions, read-only, missing)."""


class SaveFailed(RecordsError):
    """A write did not reach the disk. The change is kept in memory and retried.

    ``reason`` is a short phrase ("the disk is full"); ``errno`` the OS error number if any.
    """

    def __init__(
        self, message: str, reason: str, errno_: int | None = None, folder: Path | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.errno = errno_
        self.folder = folder  # where it was to be written

    def for_command(self) -> str:
        """The message for a command, which keeps nothing once it has ended (the app's
        window keeps unsaved changes and retries; a command cannot)."""
        where = f" to {self.folder}" if self.folder is not None else ""
        return (
            f"Could not save{where}: {self.reason}. Nothing was saved. "
            f"{fix_advice(self.errno)}, then run the command again."
        )


class PassphraseRequired(RecordsError):
    """The data folder is encrypted and no passphrase was given."""


class WrongPassphrase(RecordsError):
    """The passphrase does not open this data folder. Nothing was read or changed."""


#: What a worker can do when the passphrase is lost, said once several typed tries have not
#: opened the records (the app's passphrase screen, the commands): the words are the same in
#: both, each adds how to carry on with another records folder there.
LOST_PASSPHRASE = (
    "If the passphrase is lost: nobody can open these records without it (there is no back "
    "door). Ask whoever set up the records at your agency. A backup opens only with the "
    "passphrase it was made with."
)


class EncryptionError(RecordsError):
    """Encryption could not be set up or used as asked."""


def describe_os_error(exc: OSError) -> str:
    """A short plain-English reason for an OS error, for use inside a longer message."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission was denied",
        errno.EPERM: "the operation is not permitted",
        errno.EROFS: "the folder is on a read-only disk",
        errno.EIO: "the disk reported an input/output error",
        errno.ENOENT: "a folder is missing",
    }
    if exc.errno in reasons:
        return reasons[exc.errno]
    return (exc.strerror or str(exc)).lower()


def fix_advice(errno_: int | None) -> str:
    """What to do about a failed write, for its cause (a sentence without its full stop)."""
    if errno_ in (errno.ENOSPC, errno.EDQUOT):
        return "Free some disk space"
    if errno_ == errno.EROFS:
        return (
            "Make the disk writable again (a drive may have been switched to read-only, or "
            "made read-only by the computer after an error)"
        )
    if errno_ in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return (
            "Put the records folder back: reconnect the drive it is on (a removed drive or a "
            "disconnected shared drive), or restore the folder if it was moved or deleted"
        )
    if errno_ in (errno.EACCES, errno.EPERM):
        return "Check the folder's permissions: it must belong to you and be writable"
    if errno_ == errno.EIO:
        return "Check the disk is connected and working (a loose cable, a failing drive)"
    return "Fix the problem (free some disk space, or check the folder's permissions)"


def save_failed(
    exc: OSError, path: Path, what: str = "Your latest changes", *, then: str | None = None
) -> SaveFailed:
    """Build the one message every failed write shows; ``then`` replaces what it says about
    the changes kept and saving again (for a write that is not retried by itself)."""
    reason = describe_os_error(exc)
    # What to do comes straight after the cause: the app's banner has a few lines only.
    then = then or (
        f"{fix_advice(exc.errno)}, and keep this window open until saving works again. "
        "Nothing already saved was changed, and the new changes are kept in this window; "
        "they are saved automatically at the next answer or when you retry."
    )
    message = f"{what} could not be saved to {path.parent}: {reason}. {then}"
    return SaveFailed(message, reason, exc.errno, path.parent)
