import Billing
import Foundation
import GRDB

/// Hourly traffic per proxy user and the aggregations of the usage screen (R27).
///
/// Every query reads whole UTC days from the daily roll-ups and only the partial days at the
/// edges hourly: the chart and total read one row per day or edge hour, and each proxy user's
/// whole days are two lookups of its running sum, so no range reads a year of hours. The
/// results equal `UsageMath` over the same records; the tests hold it to that.
public struct UsageStore: Sendable {
  private let database: any DatabaseWriter

  public static func registerMigrations(in migrator: inout DatabaseMigrator) {
    migrator.registerMigration(UsageSchema.migrationID) { db in
      try UsageSchema.createTables(db)
    }
  }

  public init(database: any DatabaseWriter) {
    self.database = database
  }

  // MARK: Writing

  /// Adds hourly records; records for the same account, product, proxy user and hour add up.
  /// The roll-ups change in the same transaction, so a reader never sees them out of step.
  public func insert(_ records: [UsageRecord], accountID: String, product: Product) throws {
    try database.write { db in
      try insert(records, accountID: accountID, product: product, in: db)
    }
  }

  /// `insert` for callers already in a transaction. Checks every record before writing any,
  /// so a refused batch leaves nothing behind.
  public func insert(
    _ records: [UsageRecord], accountID: String, product: Product, in db: Database
  ) throws {
    let checked = try records.map { record in
      (proxyUser: record.proxyUser, hour: try Self.seconds(of: record), bytes: record.bytes)
    }
    guard !checked.isEmpty else { return }
    try UsageUpserts(db).add(checked, accountID: accountID, product: product.rawValue)
  }

  // MARK: Reading

  /// The traffic of all proxy users with an hour in `interval`.
  public func total(accountID: String, product: Product, interval: DateInterval) throws -> Traffic {
    try database.read { db in
      try UsageQueries(db, accountID: accountID, product: product).total(UsageSpan(interval))
    }
  }

  /// Everything the usage screen shows for `range`, read in one transaction so the chart,
  /// the total and the per-user table agree.
  public func report(
    accountID: String, product: Product, range: UsageRange, now: Date, periodStart: Date,
    calendar: BillingCalendar
  ) throws -> UsageReport {
    let interval = range.interval(now: now, periodStart: periodStart, calendar: calendar)
    let hourly = range.chartsHours
    let weekInterval = DateInterval(start: now.addingTimeInterval(-7 * 86_400), end: now)
    return try database.read { db in
      let queries = UsageQueries(db, accountID: accountID, product: product)
      let span = UsageSpan(interval)
      let pieces = try queries.pieces(
        span, wholeDays: !hourly && UsageBucketing.daysAreUTCDays(calendar, over: interval))
      let buckets = UsageBucketing.buckets(
        pieces: pieces, interval: interval, hourly: hourly, calendar: calendar)
      let byUser = try queries.byUser(span)
      return UsageReport(
        range: range, interval: interval,
        total: Traffic(bytes: pieces.reduce(0) { $0 + $1.bytes }),
        buckets: buckets,
        byUser: UsageBucketing.userUsage(byUser, interval: interval),
        lastSevenDays: try queries.total(UsageSpan(weekInterval)))
    }
  }

  /// The report as CSV (RFC 4180): a header, one row per chart bucket, then one per proxy
  /// user. Times are in the account's time zone; traffic in bytes and in GB.
  public func csv(for report: UsageReport, calendar: BillingCalendar) -> String {
    UsageCSV.text(for: report, calendar: calendar)
  }

  // MARK: Checks

  private static func seconds(of record: UsageRecord) throws -> Int64 {
    guard record.bytes >= 0 else {
      throw UsageStoreError.negativeTraffic(proxyUser: record.proxyUser, hour: record.hour)
    }
    let value = record.hour.timeIntervalSince1970
    guard value.isFinite, abs(value) < Double(UsageSpan.limit) else {
      throw UsageStoreError.hourOutOfRange(proxyUser: record.proxyUser, hour: record.hour)
    }
    guard value.rounded(.down) == value else {
      throw UsageStoreError.hourNotWholeSecond(proxyUser: record.proxyUser, hour: record.hour)
    }
    return Int64(value)
  }
}
