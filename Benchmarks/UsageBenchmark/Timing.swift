import Billing
import Foundation
import GRDB
import Storage

/// Times `UsageStore.report` (total, chart, per-user table and the 7-day figure together, as
/// the usage screen asks for them) for each range, and checks one answer against a plain scan.
enum Timing {
  static let budgetMilliseconds = 50.0
  static let runs = 20

  static func run(store: UsageStore, queue: DatabaseQueue) throws {
    let utc = BillingCalendar.utc
    let periodStart = now.addingTimeInterval(-19 * 86_400 - 4.5 * 3600)
    let yesterday = now.addingTimeInterval(-86_400)
    let ranges: [(String, UsageRange)] = [
      ("24 hours", .last24Hours),
      ("7 days", .last7Days),
      ("30 days", .last30Days),
      ("current period", .currentPeriod),
      ("custom 90 days", .custom(from: yesterday.addingTimeInterval(-89 * 86_400), to: yesterday)),
      (
        "custom full year",
        .custom(from: yesterday.addingTimeInterval(-364 * 86_400), to: yesterday)
      ),
    ]
    try check(store: store, queue: queue, range: ranges[5].1, periodStart: periodStart)
    var worst = 0.0
    for calendar in [utc, BillingCalendar(timeZoneIdentifier: "Europe/Berlin")] {
      print("")
      print(
        "Calendar \(calendar.timeZone.identifier), \(runs) runs each, budget \(Int(budgetMilliseconds)) ms:"
      )
      print(
        "range".padding(toLength: 18, withPad: " ", startingAt: 0)
          + "   median      max   users  buckets")
      for (name, range) in ranges {
        var times: [Double] = []
        var report: UsageReport?
        for _ in 0..<runs {
          let started = ContinuousClock.now
          report = try store.report(
            accountID: accountID, product: product, range: range, now: now,
            periodStart: periodStart,
            calendar: calendar)
          times.append(milliseconds(ContinuousClock.now - started))
        }
        times.sort()
        let median = (times[runs / 2 - 1] + times[runs / 2]) / 2
        let maximum = times[runs - 1]
        worst = max(worst, maximum)
        print(
          name.padding(toLength: 18, withPad: " ", startingAt: 0)
            + format(median) + format(maximum)
            + String(report?.byUser.count ?? 0).leftPadded(8)
            + String(report?.buckets.count ?? 0).leftPadded(9)
            + (maximum <= budgetMilliseconds ? "" : "   OVER BUDGET"))
      }
    }
    print("")
    print(
      "Worst run: \(format(worst).trimmingCharacters(in: .whitespaces)) ms (budget \(Int(budgetMilliseconds)) ms)"
    )
  }

  /// The roll-ups are built by hand above, so the year's total is compared with a plain sum
  /// over the hourly rows before anything is timed.
  static func check(store: UsageStore, queue: DatabaseQueue, range: UsageRange, periodStart: Date)
    throws
  {
    let report = try store.report(
      accountID: accountID, product: product, range: range, now: now, periodStart: periodStart,
      calendar: .utc)
    let start = Int64(report.interval.start.timeIntervalSince1970.rounded(.up))
    let end = Int64(report.interval.end.timeIntervalSince1970.rounded(.up))
    let scanned = try queue.read { db in
      try Int64.fetchOne(
        db,
        sql:
          "SELECT COALESCE(SUM(bytes), 0) FROM usage_hourly WHERE account_id = ? AND product = ? AND hour >= ? AND hour < ?",
        arguments: [accountID, product.rawValue, start, end]) ?? 0
    }
    let byUser = report.byUser.reduce(Int64(0)) { $0 + $1.traffic.bytes }
    let byBucket = report.buckets.reduce(Int64(0)) { $0 + $1.traffic.bytes }
    guard report.total.bytes == scanned, byUser == scanned, byBucket == scanned else {
      throw BenchmarkError(
        description:
          "store disagrees with a plain scan: total \(report.total.bytes), users \(byUser), buckets \(byBucket), scan \(scanned)"
      )
    }
    print("Check: full-year total \(report.total) equals a plain scan of the hourly rows")
  }

  static func milliseconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
  }

  static func format(_ value: Double) -> String {
    String(format: "%9.2f", value)
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
