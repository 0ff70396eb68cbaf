import GRDB

/// The upserts one record makes: the hourly row, its three roll-ups and the user list.
struct UsageUpserts {
  private let user: Statement
  private let hourly: Statement
  private let daily: Statement
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
    daily = try db.cachedStatement(
      sql: """
        INSERT INTO usage_daily (account_id, product, proxy_user, day, bytes) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (account_id, product, proxy_user, day) DO UPDATE SET bytes = bytes + excluded.bytes
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

  func add(accountID: String, product: String, proxyUser: String, hour: Int64, bytes: Int64) throws {
    let day = UsageSpan.floorToDay(hour)
    try user.execute(arguments: [accountID, product, proxyUser])
    try hourly.execute(arguments: [accountID, product, proxyUser, hour, bytes])
    try daily.execute(arguments: [accountID, product, proxyUser, day, bytes])
    try hourlyTotal.execute(arguments: [accountID, product, hour, bytes])
    try dailyTotal.execute(arguments: [accountID, product, day, bytes])
  }
}
