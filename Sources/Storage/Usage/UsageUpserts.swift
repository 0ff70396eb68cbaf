import GRDB

/// The writes one record makes: the hourly row, its roll-ups and the user list.
///
/// `usage_daily.cumulative_bytes` is the user's traffic on that day and every earlier one, so
/// any run of whole days is the difference of two lookups. Adding traffic to day `d` first
/// makes sure the row exists (starting from the running sum before `d`, with no traffic of
/// its own), then adds the bytes to that row and to the running sum of every later row. New
/// hours normally land on the newest day, so that touches one row; a backfill touches the
/// later days of that user only.
struct UsageUpserts {
  private let user: Statement
  private let hourly: Statement
  private let dailyRow: Statement
  private let dailyAdd: Statement
  private let hourlyTotal: Statement
  private let dailyTotal: Statement

  init(_ db: Database) throws {
    user = try db.cachedStatement(
      sql: "INSERT OR IGNORE INTO usage_users (account_id, product, proxy_user) VALUES (?, ?, ?)")
    hourly = try db.cachedStatement(
      sql: """
        INSERT INTO usage_hourly (account_id, product, proxy_user, hour, bytes) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (account_id, product, proxy_user, hour) DO UPDATE SET bytes = bytes + excluded.bytes
        """)
    dailyRow = try db.cachedStatement(
      sql: """
        INSERT INTO usage_daily (account_id, product, proxy_user, day, bytes, cumulative_bytes)
        VALUES (:account, :product, :user, :day, 0, COALESCE((
          SELECT cumulative_bytes FROM usage_daily
          WHERE account_id = :account AND product = :product AND proxy_user = :user AND day < :day
          ORDER BY day DESC LIMIT 1), 0))
        ON CONFLICT (account_id, product, proxy_user, day) DO NOTHING
        """)
    dailyAdd = try db.cachedStatement(
      sql: """
        UPDATE usage_daily
        SET bytes = bytes + (CASE WHEN day = :day THEN :bytes ELSE 0 END),
          cumulative_bytes = cumulative_bytes + :bytes
        WHERE account_id = :account AND product = :product AND proxy_user = :user AND day >= :day
        """)
    hourlyTotal = try db.cachedStatement(
      sql: """
        INSERT INTO usage_hourly_total (account_id, product, hour, bytes) VALUES (?, ?, ?, ?)
        ON CONFLICT (account_id, product, hour) DO UPDATE SET bytes = bytes + excluded.bytes
        """)
    dailyTotal = try db.cachedStatement(
      sql: """
        INSERT INTO usage_daily_total (account_id, product, day, bytes) VALUES (?, ?, ?, ?)
        ON CONFLICT (account_id, product, day) DO UPDATE SET bytes = bytes + excluded.bytes
        """)
  }

  func add(accountID: String, product: String, proxyUser: String, hour: Int64, bytes: Int64) throws
  {
    let day = UsageSpan.floorToDay(hour)
    try user.execute(arguments: [accountID, product, proxyUser])
    try hourly.execute(arguments: [accountID, product, proxyUser, hour, bytes])
    let keys: StatementArguments = [
      "account": accountID, "product": product, "user": proxyUser, "day": day,
    ]
    try dailyRow.execute(arguments: keys)
    try dailyAdd.execute(arguments: keys + ["bytes": bytes])
    try hourlyTotal.execute(arguments: [accountID, product, hour, bytes])
    try dailyTotal.execute(arguments: [accountID, product, day, bytes])
  }
}
