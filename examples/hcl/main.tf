# Plain HCL using the pgpartition provider: a parent table and a window set of two weekly windows.
# Install the provider first: eval "$(npx pgpartition provider install)" exports the
# TF_CLI_CONFIG_FILE of its offline mirror. The connection URL is read from DATABASE_URL at plan/apply time.
terraform {
  required_providers {
    pgpartition = { source = "pgpartition/pgpartition" }
  }
}

provider "pgpartition" {
  database_url_env = "DATABASE_URL"
  lock_timeout_ms  = 5000 # each try of a DDL step waits at most 5 s for a lock (default 1000); lock_retries (default 5) more tries follow
}

resource "pgpartition_parent_table" "account_balances" {
  name = "account_balances"
  columns = [
    { name = "timestamp", type = "timestamptz", nullable = false },
    { name = "account_address", type = "varchar(255)", nullable = false },
    { name = "usd_value", type = "numeric(18,2)", nullable = false },
    { name = "activity_id", type = "text", nullable = false },
    { name = "data", type = "jsonb", nullable = false },
    { name = "tx_hash", type = "text" },
  ]
  primary_key  = ["account_address", "timestamp", "activity_id"]
  indexes = [
    { columns = ["timestamp"], method = "brin", storage_parameters = { pages_per_range = "32" } },
    { name = "account_balances_tx", columns = ["tx_hash", "timestamp", "activity_id"], unique = true, include = ["usd_value"] },
  ]
  range_column = "timestamp"
  list_column  = "activity_id"
}

locals {
  # week starts (Mondays, UTC); in a real setup the cdktf constructs compute these from the calendar
  weeks = ["2025-01-06", "2025-01-13"]
}

# Every window of the table in one resource, keyed by window name: terraform plans and applies the
# table once, while each window added or removed is still its own line of the diff.
resource "pgpartition_window_set" "account_balances" {
  parent_table = pgpartition_parent_table.account_balances.name
  range_column = "timestamp"
  range_type   = "timestamptz"
  list_column  = "activity_id"
  windows = {
    for week in local.weeks : "account_balances_${replace(week, "-", "_")}" => {
      from = "${week}T00:00:00Z"
      to   = "${formatdate("YYYY-MM-DD", timeadd("${week}T00:00:00Z", "168h"))}T00:00:00Z"
      sub_partitions = [
        { name = "account_balances_${replace(week, "-", "_")}_holdings", values = ["xrd_holding", "lsu_holding", "usdc_holding"] },
        { name = "account_balances_${replace(week, "-", "_")}_defi", values = ["dex_swap", "liquidity_provision", "lending"] },
      ]
      default_sub_partition = "account_balances_${replace(week, "-", "_")}_default"
      retention             = "12 weeks" # a window leaving the map is dropped only once to <= database now() - 12 weeks
      retention_mode        = "drop"
    }
  }
}

data "pgpartition_partitions" "live" {
  parent_table = pgpartition_parent_table.account_balances.name
  depends_on   = [pgpartition_window_set.account_balances]
}

output "windows" {
  value = [for p in data.pgpartition_partitions.live.partitions : "${p.name} [${p.from}, ${p.to}) ~${p.row_estimate} rows"]
}
