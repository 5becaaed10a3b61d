"""Administration: operations, accounts and reference data.

Every write takes the acting Principal and refuses anyone but an administrator, validates
(refusals are data_access.errors exceptions carrying FieldErrors with AdminErrorCode
codes), and records exactly one audit event in the caller's transaction (run the writes
inside `session_scope`; a write that changes nothing records nothing).
"""

from data_access.admin.accounts import (
    AccountColumns,
    AccountDetail,
    AccountInput,
    account_detail,
    accounts_table,
    assign_account,
    create_account,
    disable_account,
    enable_account,
    reset_password,
)
from data_access.admin.common import check_admin
from data_access.admin.listings import (
    CountryChoiceColumns,
    LocationChoiceColumns,
    OperationTableColumns,
    country_choices,
    location_choices,
    operations_table,
)
from data_access.admin.operations import (
    OperationDetail,
    OperationInput,
    ParticipantInput,
    ParticipantsChange,
    PortsChange,
    SavedOperation,
    create_operation,
    operation_detail,
    save_operation,
    set_operation_ports,
    set_participants,
    time_zones,
    update_operation,
)
from data_access.admin.taxa import TaxonColumns, TaxonInput, add_taxon, recent_taxa
from data_access.admin.unlocode import (
    MAX_UNLOCODE_BYTES,
    RowOutcome,
    SkipReason,
    UnlocodeReport,
    import_unlocode,
)

__all__ = [
    "AccountColumns", "AccountDetail", "AccountInput",
    "CountryChoiceColumns", "LocationChoiceColumns", "MAX_UNLOCODE_BYTES", "OperationDetail",
    "OperationInput", "OperationTableColumns", "ParticipantInput", "ParticipantsChange",
    "PortsChange", "RowOutcome", "SavedOperation", "SkipReason", "TaxonColumns", "TaxonInput",
    "UnlocodeReport", "account_detail", "accounts_table", "add_taxon", "assign_account",
    "check_admin", "country_choices", "create_account", "create_operation", "disable_account",
    "enable_account", "import_unlocode", "location_choices", "operation_detail",
    "operations_table", "recent_taxa", "reset_password", "save_operation",
    "set_operation_ports", "set_participants", "time_zones", "update_operation",
]
