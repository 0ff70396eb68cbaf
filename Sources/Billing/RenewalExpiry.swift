import Foundation

extension UsageMath {
  /// R27's forecast window: the last 7 days.
  public static let trailingWeek: TimeInterval = 7 * 86_400

  /// The time the last 7 days' traffic was measured over: the whole week, or only since
  /// the cycle began (`anchor`, the first payment or the last plan change) when that is
  /// more recent. A subscription bought yesterday used its traffic in one day, not seven:
  /// spread over a week, its rate would read a seventh of the truth.
  public static func trailingWindow(for subscription: Subscription, now: Date) -> TimeInterval {
    max(0, min(trailingWeek, now.timeIntervalSince(subscription.anchor)))
  }

  /// The unused traffic an automatic renewal is likely to expire (R6's warning), or nil
  /// when no warning is due.
  ///
  /// R6 expires at a renewal what is left then, not what is left now; R27's forecast is
  /// the trailing rate. So the warning names what the trailing rate leaves unused at the
  /// period end, and only once that rate means something: after a day of the cycle (a
  /// new buyer's first hours say nothing about the month), or at any time once the
  /// renewal is as close as the reminder email's lead (R7), when the customer must act
  /// now whatever the data. Less than 0.1 GB (what the screens can show) is no warning.
  public static func expiringAtRenewal(
    of subscription: Subscription, lastSevenDays: Traffic, now: Date, policy: BillingPolicy,
    calendar: BillingCalendar
  ) -> Traffic? {
    guard subscription.state == .active, subscription.autoRenew, subscription.remaining > .zero,
      now < subscription.periodEnd
    else { return nil }
    let window = trailingWindow(for: subscription, now: now)
    let left = subscription.periodEnd.timeIntervalSince(now)
    let closeToRenewal = now >= calendar.adding(days: -policy.reminderLeadDays, to: subscription.periodEnd)
    guard window >= 86_400 || closeToRenewal else { return nil }
    let rate = window > 0 ? Double(lastSevenDays.bytes) / window : 0
    let used = Int64(min(Double(Int64.max / 2), (rate * left).rounded()))
    let unused = Traffic(bytes: subscription.remaining.bytes - min(used, subscription.remaining.bytes))
    return unused.bytes >= Traffic.bytesPerGB / 10 ? unused : nil
  }
}
