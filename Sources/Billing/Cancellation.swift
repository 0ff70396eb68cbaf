import Foundation

/// Cancelling a subscription (R22) and what happens at its period end (R23).
public enum Cancellation {
  /// The pop-up's text: what cancelling means, before the customer confirms (R22).
  public static func consequences(
    of subscription: Subscription, planName: String, calendar: BillingCalendar
  ) -> [String] {
    var lines = [
      "No further payments will be taken for \(planName).",
      "You can use your proxies until \(calendar.dayText(subscription.periodEnd)), the last day of this period.",
      "Your unused \(subscription.remaining) stays usable until then.",
      "Your account is not deleted: you can buy a plan again at any time.",
    ]
    if let coupon = subscription.coupon {
      lines.append("Your coupon \(coupon.coupon.code) is lost for good.")
    } else {
      lines.append("Any coupon on this subscription is lost.")
    }
    return lines
  }

  /// Turns auto-renewal off and marks the subscription cancelled (R22).
  public static func cancel(
    _ subscriptionID: String, in account: Account, planName: String, now: Date
  ) throws(BillingError) -> (account: Account, notices: [Notice]) {
    guard var subscription = account.subscription(id: subscriptionID) else {
      throw .unknownSubscription(subscriptionID)
    }
    switch subscription.state {
    case .active: break
    case .cancelled: throw .alreadyCancelled
    case .pastDue, .ended, .refunded: throw .subscriptionNotLive(subscription.state)
    }
    subscription.state = .cancelled
    subscription.autoRenew = false
    subscription.coupon = nil
    var updated = account
    updated.replaceSubscription(subscription)
    let calendar = account.calendar
    let notice = Notice(
      kind: .cancellationConfirmed, date: now,
      subject: "Your \(planName) subscription is cancelled",
      body: """
        Your \(planName) subscription (\(subscription.product.displayName)) is cancelled.
        No further payments will be taken. You can use your proxies until
        \(calendar.dayText(subscription.periodEnd)); your unused \(subscription.remaining) stays usable until then.
        Your account is not deleted: to start again, buy a plan from the Pricing tab.
        """, subscriptionID: subscription.id)
    return (updated, [notice])
  }
}
