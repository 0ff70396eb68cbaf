import GRDB

/// The usage tables (R27).
///
/// `usage_hourly` holds what the provider reported; the three roll-ups are kept in step by
/// every insert so a range query reads whole days from `usage_daily` (per proxy user) or
/// `usage_daily_total` (all users) and only the partial days at the edges from the hourly
/// tables. `usage_hourly_total` exists because the hourly table is keyed by user first (so
/// each user's range is one seek), which makes "all users, by hour" a full scan without it.
/// `usage_hourly.cumulative_bytes` (the user's running sum through that hour) turns a user's
/// traffic in any range into two lookups, one at each edge: with a thousand proxy users a
/// year of daily rows would otherwise be 365,000 rows to add up, and the edge hours two more
/// seeks per user.
/// `usage_users` lists each account and product's proxy users so the per-user sums start
/// from one short scan instead of a seek per user through the daily table.
/// All times are unix seconds; days are UTC days.
enum UsageSchema {
  static let migrationID = "usage-v1"

  static func createTables(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE usage_hourly (
          account_id TEXT NOT NULL,
          product TEXT NOT NULL,
          proxy_user TEXT NOT NULL,
          hour INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          cumulative_bytes INTEGER NOT NULL,
          PRIMARY KEY (account_id, product, proxy_user, hour)
        ) WITHOUT ROWID;
        CREATE TABLE usage_daily (
          account_id TEXT NOT NULL,
          product TEXT NOT NULL,
          proxy_user TEXT NOT NULL,
          day INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          PRIMARY KEY (account_id, product, proxy_user, day)
        ) WITHOUT ROWID;
        CREATE TABLE usage_users (
          account_id TEXT NOT NULL,
          product TEXT NOT NULL,
          proxy_user TEXT NOT NULL,
          PRIMARY KEY (account_id, product, proxy_user)
        ) WITHOUT ROWID;
        CREATE TABLE usage_hourly_total (
          account_id TEXT NOT NULL,
          product TEXT NOT NULL,
          hour INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          PRIMARY KEY (account_id, product, hour)
        ) WITHOUT ROWID;
        CREATE TABLE usage_daily_total (
          account_id TEXT NOT NULL,
          product TEXT NOT NULL,
          day INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          PRIMARY KEY (account_id, product, day)
        ) WITHOUT ROWID;
        """)
  }
}
