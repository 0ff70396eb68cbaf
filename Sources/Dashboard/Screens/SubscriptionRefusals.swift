import Billing

/// Why an action on a subscription cannot be done now, in the words its key answers
/// with; nil when it can. The subscription tab, Pricing and Proxy users ask these, so a
/// key is offered only where the service would accept it (CRAFT.md: lazygit's disabled
/// reasons), and the reasons are Billing's own refusals.
enum SubscriptionRefusals {
  /// Extra traffic (R8): the state and BTC first, then residential traffic not used up.
  static func addTraffic(to subscription: Subscription, calendar: BillingCalendar) -> String? {
    if let refusal = Checkout.addingRefusal(to: subscription) { return message(refusal, calendar) }
    return Checkout.extraTrafficRefusal(for: subscription).map { message($0, calendar) }
  }

  /// More proxy users (R25).
  static func buyProxyUsers(for subscription: Subscription, calendar: BillingCalendar) -> String? {
    Checkout.addingRefusal(to: subscription).map { message($0, calendar) }
  }

  /// A payment method is kept for what is still to be paid: nothing once it has ended (R16a).
  static func updatePayment(of subscription: Subscription) -> String? {
    subscription.state.isLive
      ? nil
      : "This subscription is \(subscription.state.label.lowercased()): there is nothing left to pay. Plans are on the Pricing tab (2)."
  }

  /// Renew now is a plan change (R9), so it needs a live subscription that is paid up.
  static func renew(_ subscription: Subscription, calendar: BillingCalendar) -> String? {
    switch subscription.state {
    case .active, .cancelled: nil
    case .pastDue: message(.subscriptionPastDue, calendar)
    case .ended, .refunded: message(.subscriptionNotLive(subscription.state), calendar)
    }
  }

  /// The money-back guarantee's first failed condition (R20), as the refund pop-up says it.
  static func refund(of subscription: Subscription, in snapshot: Snapshot) -> String? {
    let verdict = Refunds.eligibility(
      of: subscription.id, in: snapshot.account, catalog: snapshot.catalog, policy: snapshot.policy,
      now: snapshot.now)
    guard case .notAvailable(let refusal) = verdict else { return nil }
    return refusal.message(in: snapshot.calendar)
  }

  /// A BTC subscription's extras go through support: the reason says where, and does not
  /// claim a request was filed (only choosing BTC at checkout files one).
  private static func message(_ error: BillingError, _ calendar: BillingCalendar) -> String {
    if case .btcThroughSupport = error {
      return "Paid in BTC: extras are arranged with support, \(Support.email)."
    }
    return error.message(in: calendar)
  }
}
