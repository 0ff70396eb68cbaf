import Billing

/// What a demo clock move used (issue 15: the demo clock makes traffic): the banner
/// says it, or a salesperson pressing `]` sees "Nothing was due" and no sign of the
/// traffic that just ran.
enum ClockTraffic {
  /// "Regular +1.5 GB (45.5 of 50.0 GB)" for each subscription whose period's `used`
  /// grew between the two snapshots; a renewed period is a new count, so it is left out.
  static func note(from old: Snapshot?, to new: Snapshot) -> String? {
    guard let old else { return nil }
    let parts = new.account.subscriptions.compactMap { subscription -> String? in
      guard
        let before = old.account.subscription(id: subscription.id),
        before.periodStart == subscription.periodStart, subscription.used > before.used
      else { return nil }
      return
        "\(new.planName(subscription)) +\(subscription.used - before.used) (\(subscription.used) of \(subscription.available))"
    }
    return parts.isEmpty ? nil : "Traffic: " + parts.joined(separator: ", ")
  }
}
