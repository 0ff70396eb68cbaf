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
  /// For each user of the account (one short scan of `usage_users`): the whole days are the
  /// difference of two running sums (`cumulative_bytes` of the last day row before the end
  /// and before the start), the edge hours are range sums; each is one seek on a primary
  /// key, and a `CASE` skips the parts the span does not have. So the cost grows with the
  /// number of users, not the length of the range. A user appears when it has a record in
  /// the span, like `UsageMath.byUser`: an edge sum that found rows is not NULL, and traffic
  /// is never negative, so only users without traffic need the extra look for a day row.
  func byUser(_ span: UsageSpan) throws -> [(proxyUser: String, bytes: Int64)] {
    let statement = try db.cachedStatement(
      sql: """
        SELECT u.proxy_user,
          CASE WHEN :s1 < :e1 THEN (SELECT SUM(h.bytes) FROM usage_hourly h
            WHERE h.account_id = u.account_id AND h.product = u.product
            AND h.proxy_user = u.proxy_user AND h.hour >= :s1 AND h.hour < :e1) END,
          CASE WHEN :s2 < :e2 THEN COALESCE((SELECT d.cumulative_bytes FROM usage_daily d
            WHERE d.account_id = u.account_id AND d.product = u.product
            AND d.proxy_user = u.proxy_user AND d.day < :e2 ORDER BY d.day DESC LIMIT 1), 0)
            - COALESCE((SELECT d.cumulative_bytes FROM usage_daily d
            WHERE d.account_id = u.account_id AND d.product = u.product
            AND d.proxy_user = u.proxy_user AND d.day < :s2 ORDER BY d.day DESC LIMIT 1), 0)
            ELSE 0 END,
          CASE WHEN :s3 < :e3 THEN (SELECT SUM(h.bytes) FROM usage_hourly h
            WHERE h.account_id = u.account_id AND h.product = u.product
            AND h.proxy_user = u.proxy_user AND h.hour >= :s3 AND h.hour < :e3) END
        FROM usage_users u WHERE u.account_id = :account AND u.product = :product
        """)
    var result: [(proxyUser: String, bytes: Int64)] = []
    let rows = try Row.fetchCursor(statement, arguments: arguments(span))
    while let row = try rows.next() {
      let name: String = row[0]
      let leading: Int64? = row[1]
      let days: Int64 = row[2]
      let trailing: Int64? = row[3]
      if leading != nil || trailing != nil || days != 0 {
        result.append((proxyUser: name, bytes: (leading ?? 0) + days + (trailing ?? 0)))
      } else if try hasDay(name, in: span.days) {
        result.append((proxyUser: name, bytes: 0))
      }
    }
    return result
  }

  /// Whether the user has a day row (a record, maybe of zero bytes) in `days`.
  private func hasDay(_ proxyUser: String, in days: Range<Int64>) throws -> Bool {
    guard !days.isEmpty else { return false }
    let statement = try db.cachedStatement(
      sql: """
        SELECT EXISTS (SELECT 1 FROM usage_daily
          WHERE account_id = ? AND product = ? AND proxy_user = ? AND day >= ? AND day < ?)
        """)
    return try Bool.fetchOne(
      statement, arguments: [accountID, product, proxyUser, days.lowerBound, days.upperBound])
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
