import Billing
import Foundation
import Storage

// Usage (R27): aggregated by the store's usage tables, which keep daily roll-ups in
// step with the hourly records.
extension ProxyDashService {
  public func usage(accountID: String, product: Product, range: UsageRange) throws(ServiceError)
    -> UsageReport
  {
    try usage(for: try readAccount(accountID).account, product: product, range: range)
  }

  /// The same report for an account the caller already holds (a screen's snapshot), so
  /// a key press does not load the whole account again.
  public func usage(for account: Account, product: Product, range: UsageRange) throws(ServiceError)
    -> UsageReport
  {
    let accountID = account.id
    let subscription =
      account.liveSubscription(of: product) ?? account.subscriptions.last { $0.product == product }
    let now = self.now
    return try run {
      try store.usage.report(
        accountID: accountID, product: product, range: range, now: now,
        periodStart: subscription?.periodStart ?? now, calendar: account.calendar)
    }
  }

  /// Writes the report as CSV into the store's exports folder; returns the file's path.
  public func exportUsage(accountID: String, product: Product, range: UsageRange)
    throws(ServiceError) -> String
  {
    var report = try usage(accountID: accountID, product: product, range: range)
    let calendar = try readAccount(accountID).account.calendar
    let names = Dictionary(
      try proxyUsers(accountID: accountID).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    report.byUser = UserUsage.named(report.byUser, names: names)
    let text = store.usage.csv(for: report, calendar: calendar)
    let end = report.interval.end.addingTimeInterval(-1)
    let name =
      "usage-\(product.rawValue)-\(calendar.isoDay(report.interval.start))-to-\(calendar.isoDay(end)).csv"
    do {
      try store.prepareForWriting()
    } catch {
      throw .storeFailed(error.description)
    }
    let url = store.exportsURL.appendingPathComponent(name)
    do {
      // Private whatever the umask, never through a link (R31).
      try StoreFolder.ensurePrivateFolder(store.exportsURL)
      try StoreFolder.writePrivateFile(Data(text.utf8), to: url)
    } catch {
      throw .storeFailed(error.description)
    }
    return url.path
  }

  /// Records hourly traffic of the account's proxy users (the proxy servers' feed) and,
  /// in the same transaction, counts what falls in the current period against the
  /// subscription, sending the 80 % and 100 % warnings once each (R8a).
  public func recordUsage(accountID: String, product: Product, records: [UsageRecord])
    throws(ServiceError)
  {
    let (old, new): (Int, Int) = try run {
      try store.write { session in
        let loaded = try load(session, accountID)
        try session.insertUsage(records, accountID: accountID, product: product)
        var account = loaded.account
        guard var subscription = account.liveSubscription(of: product) else {
          return (loaded.version, loaded.version)
        }
        let inPeriod = records.filter {
          $0.hour >= subscription.periodStart && $0.hour < subscription.periodEnd
        }
        let bytes = inPeriod.reduce(Int64(0)) { $0 + $1.bytes }
        guard bytes > 0 else { return (loaded.version, loaded.version) }
        let latest = inPeriod.map(\.hour).max() ?? subscription.periodStart
        let (updated, notices) = TrafficWarnings.record(
          Traffic(bytes: bytes), on: subscription, planName: planName(subscription.planID),
          policy: policy, at: latest)
        subscription = updated
        if let index = account.subscriptions.firstIndex(where: { $0.id == subscription.id }) {
          account.subscriptions[index] = subscription
        }
        let version = try session.saveAccount(account, expectedVersion: loaded.version)
        try session.queueNotices(notices, accountID: accountID, email: account.email)
        return (loaded.version, version)
      }
    }
    if old != new { advanceSeen(accountID, from: old, to: new) }
  }
}
