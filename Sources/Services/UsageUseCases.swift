import Billing
import Foundation
import Storage

// Usage (R27): aggregated by the store's usage tables, never by scanning raw hours.
extension ProxyDashService {
  public func usage(accountID: String, product: Product, range: UsageRange) throws(ServiceError) -> UsageReport {
    let account = try account(id: accountID)
    let subscription = account.liveSubscription(of: product) ?? account.subscriptions.last { $0.product == product }
    let periodStart = subscription?.periodStart ?? now
    return try run {
      try store.usage.report(
        accountID: accountID, product: product, range: range, now: now, periodStart: periodStart,
        calendar: account.calendar)
    }
  }

  /// Writes the report as CSV into the store's exports folder; returns the file's path.
  public func exportUsage(accountID: String, product: Product, range: UsageRange) throws(ServiceError) -> String {
    let report = try usage(accountID: accountID, product: product, range: range)
    let calendar = try account(id: accountID).calendar
    let csv = store.usage.csv(for: report, calendar: calendar)
    let end = report.interval.end.addingTimeInterval(-1)
    let name = "usage-\(product.rawValue)-\(calendar.isoDay(report.interval.start))-to-\(calendar.isoDay(end)).csv"
    let url = store.exportsURL.appendingPathComponent(name)
    return try run {
      try FileManager.default.createDirectory(at: store.exportsURL, withIntermediateDirectories: true)
      try Data(csv.utf8).write(to: url, options: .atomic)
      return url.path
    }
  }
}
