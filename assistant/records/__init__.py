"""Case records: one durable, lockable, optionally encrypted TinyDB file per person.

No UI here (and no Textual import). The main entry points::

    store = open_store(data_dir)                 # or CaseStore(root, passphrase)
    person_id = store.create_person("AB", reference="123")
    with store.open(person_id) as case:          # exclusive; RecordLocked if open elsewhere
        case.save_session("s1", engine_state, new_log_entries)   # durable when it returns

See docs/records.md for the layout on disk and the guarantees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.records.errors import (
    AmbiguousPerson,
    EncryptionError,
    PassphraseRequired,
    RecordDamaged,
    RecordLocked,
    RecordNotFound,
    RecordsError,
    RecordTooNew,
    SaveFailed,
    StoreUnavailable,
    WrongPassphrase,
)
from assistant.records.index import PersonSummary
from assistant.records.paths import (
    ENV_DATA_DIR,
    ENV_NEW_PASSPHRASE,
    ENV_PASSPHRASE,
    default_data_dir,
    resolve_data_dir,
)
from assistant.records.recovery import RecoveryNotice
from assistant.records.rekey import change_passphrase
from assistant.records.setup import init_store, is_encrypted_folder
from assistant.records.store import CaseStore, open_store

if TYPE_CHECKING:
    from assistant.records.case import Case


def __getattr__(name: str) -> Any:
    # ``Case`` (and TinyDB behind it) loads on first use: listing people does not need it,
    # and the app's first screen appears sooner without it.
    if name == "Case":
        from assistant.records.case import Case

        return Case
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ENV_DATA_DIR",
    "ENV_NEW_PASSPHRASE",
    "ENV_PASSPHRASE",
    "AmbiguousPerson",
    "Case",
    "CaseStore",
    "EncryptionError",
    "PassphraseRequired",
    "PersonSummary",
    "RecordDamaged",
    "RecordLocked",
    "RecordNotFound",
    "RecordTooNew",
    "RecordsError",
    "RecoveryNotice",
    "SaveFailed",
    "StoreUnavailable",
    "WrongPassphrase",
    "change_passphrase",
    "default_data_dir",
    "init_store",
    "is_encrypted_folder",
    "open_store",
    "resolve_data_dir",
]
