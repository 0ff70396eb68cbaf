import Billing
import Foundation
import Storage

// The demo clock makes traffic (issue 15): when `]` or `}` moves the clock, a demo
// persona's proxy users go on using traffic at the rhythm of their history, so a
// salesperson can show traffic running out, the 80 % / 100 % emails (R8a, R26) and extra
// residential traffic (R8). Only accounts an imported demo carries a traffic plan for
// are fed; the runtime calls this only in demo mode, so a store made with `init` and
// opened with `--now` never gets invented traffic.
extension ProxyDashService {
  /// Brings a demo persona's traffic and billing up to the clock's now, hour by hour in
  /// time order: each hour counts in the period it falls in, so traffic before a renewal
  /// is used (or expires) in the old period and traffic after it in the new one. Returns
  /// what the billing step did, like `runBillingStep`, which it is for any other account.
  public func catchUpDemo(accountID: String) throws(ServiceError) -> [BillingEvent] {
    let target = now
    let found: (plan: DemoTrafficPlan, cursor: Date)? = try run {
      try store.read { session in
        guard try session.meta(Store.demoNowKey) != nil,
          let plan = try session.demoTrafficPlan(accountID: accountID)
        else { return nil }
        return (plan, try session.demoTrafficCursor(accountID: accountID) ?? plan.historyEnd)
      }
    }
    guard let found else { return try runBillingStep(accountID: accountID) }
    let hours = found.plan.hours(from: found.cursor, to: target)
    var events: [BillingEvent] = []
    var index = 0
    while index < hours.count {
      // Billing first: a renewal at the start of this hour resets `used` before it counts.
      events += try steppingAccount(accountID, checkIdleFirst: true, until: hours[index].start).events
      let nextDue = billingStep.pending(for: try readAccount(accountID).account).first?.date
      var end = index + 1
      while end < hours.count, nextDue.map({ hours[end].start < $0 }) ?? true { end += 1 }
      try feedDemoTraffic(hours[index..<end], accountID: accountID)
      index = end
    }
    events += try runBillingStep(accountID: accountID)
    return events
  }

  /// Records `hours` of a persona's traffic in one transaction, as the proxies would
  /// have served it: only while a live subscription serves traffic, each proxy user
  /// within its limit, and the subscription within what it has available; the warnings
  /// go out as they are crossed (R8a), through the same rule as the real feed.
  private func feedDemoTraffic(_ hours: ArraySlice<DemoTrafficPlan.Hour>, accountID: String)
    throws(ServiceError)
  {
    guard let last = hours.last else { return }
    let before = try readAccount(accountID).account
    // What each proxy user used this period so far, for its limit (R25).
    var userUse: [String: Int64] = [:]
    for subscription in before.subscriptions where subscription.state.isLive {
      let report = try usage(for: before, product: subscription.product, range: .currentPeriod)
      for entry in report.byUser { userUse[entry.proxyUser, default: 0] += entry.traffic.bytes }
    }
    let (old, new): (Int, Int) = try run {
      try store.write { session in
        let loaded = try load(session, accountID)
        var account = loaded.account
        // Removed or paused users serve nothing.
        let serving = Dictionary(
          try session.proxyUsers(accountID: accountID).filter { !$0.user.paused }.map {
            ($0.user.id, $0.user.limit)
          }, uniquingKeysWith: { first, _ in first })
        var notices: [Notice] = []
        var changed = false
        for product in Product.allCases {
          guard
            let index = account.subscriptions.lastIndex(where: {
              $0.product == product && $0.state.isLive
            })
          else { continue }
          var subscription = account.subscriptions[index]
          var records: [UsageRecord] = []
          for hour in hours where subscription.servesTraffic && hour.start >= subscription.periodStart {
            var parts: [(user: String, bytes: Int64)] = []
            for part in hour.bytes where part.product == product {
              guard let limit = serving[part.proxyUser] else { continue }
              var bytes = part.bytes
              if let limit { bytes = min(bytes, max(0, limit.bytes - userUse[part.proxyUser, default: 0])) }
              if bytes > 0 { parts.append((part.proxyUser, bytes)) }
            }
            parts = Self.fit(parts, into: subscription.remaining.bytes)
            let total = parts.reduce(Int64(0)) { $0 + $1.bytes }
            guard total > 0 else { continue }
            for part in parts where part.bytes > 0 {
              records.append(UsageRecord(proxyUser: part.user, hour: hour.start, bytes: part.bytes))
              userUse[part.user, default: 0] += part.bytes
            }
            let warned = TrafficWarnings.record(
              Traffic(bytes: total), on: subscription, planName: planName(subscription.planID),
              policy: policy, at: hour.start.addingTimeInterval(3600))
            subscription = warned.0
            notices += warned.1
          }
          guard !records.isEmpty else { continue }
          try session.insertUsage(records, accountID: accountID, product: product)
          account.subscriptions[index] = subscription
          changed = true
        }
        try session.setDemoTrafficCursor(last.start.addingTimeInterval(3600), accountID: accountID)
        guard changed else { return (loaded.version, loaded.version) }
        let version = try session.saveAccount(account, expectedVersion: loaded.version)
        try session.queueNotices(notices, accountID: accountID, email: account.email)
        return (loaded.version, version)
      }
    }
    if old != new { advanceSeen(accountID, from: old, to: new) }
  }

  /// The hour's traffic when only `room` bytes were left: the proxies served what was
  /// left, shared in proportion, and then stopped (R8a).
  static func fit(_ parts: [(user: String, bytes: Int64)], into room: Int64)
    -> [(user: String, bytes: Int64)]
  {
    let total = parts.reduce(Int64(0)) { $0 + $1.bytes }
    guard total > room else { return parts }
    guard room > 0 else { return [] }
    let scale = Double(room) / Double(total)
    var fitted = parts.map { ($0.user, Int64((Double($0.bytes) * scale).rounded(.down))) }
    let short = room - fitted.reduce(Int64(0)) { $0 + $1.1 }
    if let last = fitted.indices.last { fitted[last].1 += short }
    return fitted.map { (user: $0.0, bytes: $0.1) }
  }
}
