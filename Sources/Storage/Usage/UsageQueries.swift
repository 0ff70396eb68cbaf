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
  /// For each user of the account (one short scan of `usage_users`), the whole days and the
  /// edge hours are range sums on the primary keys: a seek each, then adjacent rows. A user
  /// appears when one of the sums found a row (SUM of no rows is NULL), like `UsageMath.byUser`.
  func byUser(_ span: UsageSpan) throws -> [(proxyUser: String, bytes: Int64)] {
    let statement = try db.cachedStatement(
      sql: """
        SELECT name, COALESCE(lead, 0) + COALESCE(days, 0) + COALESCE(trail, 0) FROM (
          SELECT u.proxy_user AS name,
            (SELECT SUM(h.bytes) FROM usage_hourly h WHERE h.account_id = u.account_id
              AND h.product = u.product AND h.proxy_user = u.proxy_user
              AND h.hour >= :s1 AND h.hour < :e1) AS lead,
            (SELECT SUM(d.bytes) FROM usage_daily d WHERE d.account_id = u.account_id
              AND d.product = u.product AND d.proxy_user = u.proxy_user
              AND d.day >= :s2 AND d.day < :e2) AS days,
            (SELECT SUM(h.bytes) FROM usage_hourly h WHERE h.account_id = u.account_id
              AND h.product = u.product AND h.proxy_user = u.proxy_user
              AND h.hour >= :s3 AND h.hour < :e3) AS trail
          FROM usage_users u WHERE u.account_id = :account AND u.product = :product)
        WHERE lead IS NOT NULL OR days IS NOT NULL OR trail IS NOT NULL
        """)
    var result: [(proxyUser: String, bytes: Int64)] = []
    let rows = try Row.fetchCursor(statement, arguments: arguments(span))
    while let row = try rows.next() {
      result.append((proxyUser: row[0], bytes: row[1]))
    }
    return result
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
