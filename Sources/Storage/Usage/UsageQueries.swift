import Billing
import GRDB

/// One piece of traffic: an hour or a whole UTC day, all proxy users together.
struct UsagePiece: Equatable {
  var time: Int64
  var bytes: Int64
}

/// The SQL of the usage screen, for one account and product inside one read.
struct UsageQueries {
  let db: Database
  let accountID: String
  let product: String

  init(_ db: Database, accountID: String, product: Product) {
    self.db = db
    self.accountID = accountID
    self.product = product.rawValue
  }

  /// All users' traffic in the span: three range sums over the small total tables.
  func total(_ span: UsageSpan) throws -> Traffic {
    let statement = try db.cachedStatement(
      sql: """
        SELECT
          COALESCE((SELECT SUM(bytes) FROM usage_hourly_total
            WHERE account_id = :account AND product = :product AND hour >= :s1 AND hour < :e1), 0)
          + COALESCE((SELECT SUM(bytes) FROM usage_daily_total
            WHERE account_id = :account AND product = :product AND day >= :s2 AND day < :e2), 0)
          + COALESCE((SELECT SUM(bytes) FROM usage_hourly_total
            WHERE account_id = :account AND product = :product AND hour >= :s3 AND hour < :e3), 0)
        """)
    let bytes = try Int64.fetchOne(statement, arguments: arguments(span)) ?? 0
    return Traffic(bytes: bytes)
  }

  /// The traffic in the span in time order: hours, or whole UTC days in the middle when
  /// `wholeDays` (only right when the chart's days are UTC days).
  func pieces(_ span: UsageSpan, wholeDays: Bool) throws -> [UsagePiece] {
    let hours = try db.cachedStatement(
      sql: """
        SELECT hour, bytes FROM usage_hourly_total
        WHERE account_id = ? AND product = ? AND hour >= ? AND hour < ? ORDER BY hour
        """)
    guard wholeDays else {
      return try fetch(hours, span.leading.lowerBound..<span.trailing.upperBound)
    }
    let days = try db.cachedStatement(
      sql: """
        SELECT day, bytes FROM usage_daily_total
        WHERE account_id = ? AND product = ? AND day >= ? AND day < ? ORDER BY day
        """)
    return try fetch(hours, span.leading) + fetch(days, span.days) + fetch(hours, span.trailing)
  }

  /// Each proxy user with a record in the span and its traffic, unsorted.
  ///
  /// For each user of the account (one short scan of `usage_users`), the traffic is the
  /// difference of two running sums: `cumulative_bytes` of the user's last hour before the
  /// span's end and before its start, one seek each on the primary key. So the cost grows
  /// with the number of users, not the length of the range. A user appears when it has a
  /// record in the span, like `UsageMath.byUser`; traffic is never negative, so only users
  /// with no traffic in the span need a look for a (zero-byte) record.
  func byUser(_ span: UsageSpan) throws -> [(proxyUser: String, bytes: Int64)] {
    let start = span.leading.lowerBound
    let end = span.trailing.upperBound
    guard start < end else { return [] }
    let statement = try db.cachedStatement(
      sql: """
        SELECT u.proxy_user,
          COALESCE((SELECT h.cumulative_bytes FROM usage_hourly h
            WHERE h.account_id = u.account_id AND h.product = u.product
            AND h.proxy_user = u.proxy_user AND h.hour < :end ORDER BY h.hour DESC LIMIT 1), 0)
          - COALESCE((SELECT h.cumulative_bytes FROM usage_hourly h
            WHERE h.account_id = u.account_id AND h.product = u.product
            AND h.proxy_user = u.proxy_user AND h.hour < :start ORDER BY h.hour DESC LIMIT 1), 0)
        FROM usage_users u WHERE u.account_id = :account AND u.product = :product
        """)
    var result: [(proxyUser: String, bytes: Int64)] = []
    let rows = try Row.fetchCursor(
      statement, arguments: ["account": accountID, "product": product, "start": start, "end": end])
    while let row = try rows.next() {
      let name: String = row[0]
      let bytes: Int64 = row[1]
      if bytes != 0 {
        result.append((proxyUser: name, bytes: bytes))
      } else if try hasHour(name, in: start..<end) {
        result.append((proxyUser: name, bytes: 0))
      }
    }
    return result
  }

  /// Whether the user has an hourly row (a record, maybe of zero bytes) in `hours`.
  private func hasHour(_ proxyUser: String, in hours: Range<Int64>) throws -> Bool {
    let statement = try db.cachedStatement(
      sql: """
        SELECT EXISTS (SELECT 1 FROM usage_hourly
          WHERE account_id = ? AND product = ? AND proxy_user = ? AND hour >= ? AND hour < ?)
        """)
    return try Bool.fetchOne(
      statement, arguments: [accountID, product, proxyUser, hours.lowerBound, hours.upperBound])
      ?? false
  }

  private func fetch(_ statement: Statement, _ range: Range<Int64>) throws -> [UsagePiece] {
    guard !range.isEmpty else { return [] }
    var result: [UsagePiece] = []
    let rows = try Row.fetchCursor(
      statement, arguments: [accountID, product, range.lowerBound, range.upperBound])
    while let row = try rows.next() {
      result.append(UsagePiece(time: row[0], bytes: row[1]))
    }
    return result
  }

  private func arguments(_ span: UsageSpan) -> StatementArguments {
    [
      "account": accountID, "product": product,
      "s1": span.leading.lowerBound, "e1": span.leading.upperBound,
      "s2": span.days.lowerBound, "e2": span.days.upperBound,
      "s3": span.trailing.lowerBound, "e3": span.trailing.upperBound,
    ]
  }
}
