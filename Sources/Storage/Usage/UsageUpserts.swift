import GRDB

/// The writes a batch of records makes: the hourly rows, their roll-ups, the user list, and
/// the users' running sums.
///
/// `usage_hourly.cumulative_bytes` is the user's traffic in that hour and every earlier one.
/// After a batch, each user's running sums are recomputed from the batch's earliest hour for
/// that user on: new hours normally come after all stored ones, so that touches only the new
/// rows; a late feed for old hours rewrites that user's later rows once per batch.
struct UsageUpserts {
  private let db: Database
  private let user: Statement
  private let hourly: Statement
  private let daily: Statement
  private let hourlyTotal: Statement
  private let dailyTotal: Statement

  init(_ db: Database) throws {
    self.db = db
    user = try db.cachedStatement(
      sql: "INSERT OR IGNORE INTO usage_users (account_id, product, proxy_user) VALUES (?, ?, ?)")
    hourly = try db.cachedStatement(
      sql: """
        INSERT INTO usage_hourly (account_id, product, proxy_user, hour, bytes, cumulative_bytes)
        VALUES (?, ?, ?, ?, ?, 0)
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

  /// Writes checked records, hours in unix seconds, in one pass per table.
  func add(
    _ records: [(proxyUser: String, hour: Int64, bytes: Int64)], accountID: String, product: String
  )
    throws
  {
    // The roll-ups get one upsert per key, not per record: a day's feed for a few users is
    // then about one statement per record instead of five.
    var earliest = [String: Int64]()
    var days = [DayKey: Int64]()
    var hourTotals = [Int64: Int64]()
    var dayTotals = [Int64: Int64]()
    for record in records {
      let day = UsageSpan.floorToDay(record.hour)
      try hourly.execute(arguments: [
        accountID, product, record.proxyUser, record.hour, record.bytes,
      ])
      days[DayKey(proxyUser: record.proxyUser, day: day), default: 0] += record.bytes
      hourTotals[record.hour, default: 0] += record.bytes
      dayTotals[day, default: 0] += record.bytes
      earliest[record.proxyUser] = min(earliest[record.proxyUser] ?? record.hour, record.hour)
    }
    for proxyUser in earliest.keys.sorted() {
      try user.execute(arguments: [accountID, product, proxyUser])
    }
    for (key, bytes) in days.sorted(by: {
      ($0.key.proxyUser, $0.key.day) < ($1.key.proxyUser, $1.key.day)
    }) {
      try daily.execute(arguments: [accountID, product, key.proxyUser, key.day, bytes])
    }
    for (hour, bytes) in hourTotals.sorted(by: { $0.key < $1.key }) {
      try hourlyTotal.execute(arguments: [accountID, product, hour, bytes])
    }
    for (day, bytes) in dayTotals.sorted(by: { $0.key < $1.key }) {
      try dailyTotal.execute(arguments: [accountID, product, day, bytes])
    }
    let runningSums = try db.cachedStatement(
      sql: """
        UPDATE usage_hourly SET cumulative_bytes = sums.base + sums.running
        FROM (
          SELECT hour,
            SUM(bytes) OVER (ORDER BY hour) AS running,
            COALESCE((SELECT cumulative_bytes FROM usage_hourly
              WHERE account_id = :account AND product = :product AND proxy_user = :user
              AND hour < :from ORDER BY hour DESC LIMIT 1), 0) AS base
          FROM usage_hourly
          WHERE account_id = :account AND product = :product AND proxy_user = :user AND hour >= :from
        ) AS sums
        WHERE usage_hourly.account_id = :account AND usage_hourly.product = :product
          AND usage_hourly.proxy_user = :user AND usage_hourly.hour = sums.hour
        """)
    for (proxyUser, from) in earliest.sorted(by: { $0.key < $1.key }) {
      try runningSums.execute(arguments: [
        "account": accountID, "product": product, "user": proxyUser, "from": from,
      ])
    }
  }
}

private struct DayKey: Hashable {
  var proxyUser: String
  var day: Int64
}
