import GRDB

/// The usage tables (R27).
///
/// `usage_hourly` holds what the provider reported; the three roll-ups are kept in step by
/// every insert so a range query reads whole days from `usage_daily` (per proxy user) or
/// `usage_daily_total` (all users) and only the partial days at the edges from the hourly
/// tables. `usage_hourly_total` exists because the hourly table is keyed by user first (so
/// each user's range is one seek), which makes "all users, by hour" a full scan without it.
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

  /// Recomputes every roll-up from `usage_hourly`: for bulk loads that bypass `insert`.
  static func rebuildRollups(_ db: Database) throws {
    try db.execute(
      sql: """
        DELETE FROM usage_daily;
        DELETE FROM usage_hourly_total;
        DELETE FROM usage_daily_total;
        INSERT INTO usage_daily (account_id, product, proxy_user, day, bytes)
          SELECT account_id, product, proxy_user, hour - (hour % 86400) - (CASE WHEN hour % 86400 < 0 THEN 86400 ELSE 0 END), SUM(bytes)
          FROM usage_hourly GROUP BY 1, 2, 3, 4;
        INSERT INTO usage_hourly_total (account_id, product, hour, bytes)
          SELECT account_id, product, hour, SUM(bytes) FROM usage_hourly GROUP BY 1, 2, 3;
        INSERT INTO usage_daily_total (account_id, product, day, bytes)
          SELECT account_id, product, day, SUM(bytes) FROM usage_daily GROUP BY 1, 2, 3;
        """)
  }
}
