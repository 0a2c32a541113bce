"""Case records: one durable, lockable, optionally encrypted TinyDB file per person.

No UI here (and no Textual import). The main entry points::

    store = open_store(data_dir)                 # or CaseStore(root, passphrase)
    person_id = store.create_person("AB", reference="123")
    with store.open(person_id) as case:          # exclusive; RecordLocked if open elsewhere
        case.save_session("s1", engine_state, new_log_entries)   # durable when it returns

See docs/records.md for the layout on disk and the guarantees.
"""

from __future__ import annotations

from assistant.records.case import Case
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
from assistant.records.paths import ENV_DATA_DIR, ENV_PASSPHRASE, default_data_dir, resolve_data_dir
from assistant.records.store import (
    CaseStore,
    PersonSummary,
    RecoveryNotice,
    init_store,
    is_encrypted_folder,
    open_store,
)

__all__ = [
    "ENV_DATA_DIR",
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
    "default_data_dir",
    "init_store",
    "is_encrypted_folder",
    "open_store",
    "resolve_data_dir",
]
