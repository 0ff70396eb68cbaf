import Foundation

/// Cancelling a subscription (R22) and what happens at its period end (R23).
public enum Cancellation {
  /// The pop-up's text: what cancelling means, before the customer confirms (R22).
  public static func consequences(
    of subscription: Subscription, planName: String, calendar: BillingCalendar
  ) -> [String] {
    if subscription.state == .pastDue {
      return [
        "The payment retries stop now: nothing more will be charged for \(planName).",
        "The subscription ends now; its proxies stay paused.",
        "Your account is not deleted: you can buy a plan again at any time.",
      ]
    }
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

  /// Turns auto-renewal off and marks the subscription cancelled (R22), keeping the
  /// reason the customer gave, if any.
  public static func cancel(
    _ subscriptionID: String, in account: Account, planName: String, now: Date,
    reason: CancelReason? = nil
  ) throws(BillingError) -> (account: Account, notices: [Notice]) {
    guard var subscription = account.subscription(id: subscriptionID) else {
      throw .unknownSubscription(subscriptionID)
    }
    switch subscription.state {
    case .active: break
    case .pastDue:
      return stopRetries(subscription, in: account, planName: planName, now: now, reason: reason)
    case .cancelled: throw .alreadyCancelled
    case .ended, .refunded: throw .subscriptionNotLive(subscription.state)
    }
    subscription.state = .cancelled
    subscription.autoRenew = false
    subscription.coupon = nil
    subscription.cancelReason = reason
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
        """ + reasonLines(reason), subscriptionID: subscription.id)
    return (updated, [notice])
  }

  /// The email's closing lines: the reason given, and support's offer to help.
  private static func reasonLines(_ reason: CancelReason?) -> String {
    guard let reason else { return "" }
    return "\n\nReason you gave: \(reason.label).\nIf we can make it right, write to \(Support.email)."
  }

  /// The FAQ lets a customer opt out "at any time" (R22): a past-due subscription has no
  /// paid period left to use, so cancelling it ends it now and no retry charges it again.
  private static func stopRetries(
    _ subscription: Subscription, in account: Account, planName: String, now: Date,
    reason: CancelReason?
  ) -> (account: Account, notices: [Notice]) {
    var ended = subscription
    ended.cancelReason = reason
    ended.state = .ended
    ended.endedAt = now
    ended.autoRenew = false
    ended.coupon = nil
    ended.pastDueSince = nil
    var updated = account
    updated.replaceSubscription(ended)
    let notice = Notice(
      kind: .cancellationConfirmed, date: now,
      subject: "Your \(planName) subscription is cancelled",
      body: """
        Your \(planName) subscription (\(subscription.product.displayName)) is cancelled.
        The payment retries have stopped: nothing more will be charged.
        Your account is not deleted: to start again, buy a plan from the Pricing tab.
        """ + reasonLines(reason), subscriptionID: subscription.id)
    return (updated, [notice])
  }

  /// The pop-up's text before resuming (R22a): what the customer gets back, and what not.
  public static func resumeTerms(
    of subscription: Subscription, planName: String, monthlyFee: Money?,
    calendar: BillingCalendar
  ) -> [String] {
    var lines = [
      "Auto-renewal of \(planName) turns back on. Resuming is free: nothing is charged now.",
      "Your period (until \(calendar.dayText(subscription.periodEnd))) and your unused \(subscription.remaining) stay as they are.",
    ]
    if let monthlyFee {
      lines.append(
        "The renewal on \(calendar.dayText(subscription.periodEnd)) charges \(monthlyFee) to \(subscription.paymentMethod.summary)."
      )
    }
    lines.append("A coupon lost when you cancelled stays lost.")
    return lines
  }

  /// Undoes a cancellation before its period ends (R22a): auto-renewal on again, the
  /// same period and traffic, no charge. The coupon dropped at cancelling is not restored.
  public static func resume(
    _ subscriptionID: String, in account: Account, planName: String, now: Date
  ) throws(BillingError) -> (account: Account, notices: [Notice]) {
    guard var subscription = account.subscription(id: subscriptionID) else {
      throw .unknownSubscription(subscriptionID)
    }
    guard subscription.state == .cancelled else { throw .notCancelled(subscription.state) }
    // The billing step ends the period at its end; until then the state may lag `now`.
    guard now < subscription.periodEnd else { throw .subscriptionNotLive(.ended) }
    guard subscription.paymentMethod.isAutomatic else { throw .btcThroughSupport }
    subscription.state = .active
    subscription.autoRenew = true
    subscription.cancelReason = nil
    var updated = account
    updated.replaceSubscription(subscription)
    let calendar = account.calendar
    let notice = Notice(
      kind: .subscriptionResumed, date: now,
      subject: "Your \(planName) subscription is resumed",
      body: """
        Your \(planName) subscription (\(subscription.product.displayName)) is resumed: nothing was charged.
        Your period and traffic are unchanged; it renews automatically on \(calendar.dayText(subscription.periodEnd))
        with \(subscription.paymentMethod.summary). To opt out, cancel it again before then.
        """, subscriptionID: subscription.id)
    return (updated, [notice])
  }
}
