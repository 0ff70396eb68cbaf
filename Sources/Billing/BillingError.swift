import Foundation

/// Why billing refused something, in words a customer can act on.
public enum BillingError: Error, Hashable, Sendable, CustomStringConvertible {
  case unknownPlan(String)
  case unknownSubscription(String)
  case couponUnknown(String)
  case couponExpired(code: String, on: Date)
  case couponNotFirstOrder(String)
  case couponNotWithBTC
  case couponWrongProduct(code: String, product: Product)
  case btcThroughSupport
  case extraTrafficNotYet(remaining: Traffic)
  case extraTrafficAmount
  case proxyUserCount
  case unknownProxyUser(String)
  /// The plan allows no proxy user at all, so none can serve in place of another (R25).
  case proxyUsersNoRoom
  /// Every proxy user serves already: there is none to swap in (R25).
  case proxyUsersNothingPaused
  case subscriptionNotLive(SubscriptionState)
  case subscriptionPastDue
  case alreadyCancelled
  /// Only a cancelled subscription can be resumed (R22a).
  case notCancelled(SubscriptionState)
  case refundNotAvailable(RefundRefusal)
  case invalidPayPalEmail(String)
  case paymentDeclined(String)
  case oneSubscriptionPerProduct(Product)

  public var description: String { message(in: .utc) }

  /// The message, with dates in the customer's time zone.
  public func message(in calendar: BillingCalendar) -> String {
    switch self {
    case .unknownPlan(let id): "There is no plan \"\(id)\"."
    case .unknownSubscription(let id): "There is no subscription \"\(id)\"."
    case .couponUnknown(let code): "There is no coupon \"\(code)\"."
    case .couponExpired(let code, let date):
      "Coupon \(code.uppercased()) expired on \(calendar.dayText(date))."
    case .couponNotFirstOrder(let code):
      "Coupon \(code.uppercased()) applies only to an account's first order."
    case .couponNotWithBTC: "Coupons cannot be used with BTC payments."
    case .couponWrongProduct(let code, let product):
      "Coupon \(code.uppercased()) is for \(product.displayName) only."
    case .btcThroughSupport:
      "BTC payments are arranged with support: write to \(Support.email). We have filed a support request for you."
    case .extraTrafficNotYet(let remaining):
      "Extra residential traffic can be added once this period's traffic is used up (\(remaining) left). To get more now, Renew or Upgrade: unused GB carry over."
    case .extraTrafficAmount: "Enter a whole number of GB from 1 to 10,000."
    case .proxyUserCount: "Enter a number of proxy users from 1 to 100."
    case .unknownProxyUser(let id): "There is no proxy user \(id)."
    case .proxyUsersNoRoom: "Your plan allows no proxy users: buy proxy users first."
    case .proxyUsersNothingPaused:
      "All your proxy users serve: pausing one swaps it for a paused one, and none is paused."
    case .subscriptionNotLive(let state):
      "This subscription is \(state.label.lowercased()): buy a plan from the Pricing tab."
    case .subscriptionPastDue:
      "This subscription is past due: update the payment method to retry the renewal."
    case .alreadyCancelled: "This subscription is already cancelled."
    case .notCancelled(let state):
      "Only a cancelled subscription can be resumed; this one is \(state.label.lowercased())."
    case .refundNotAvailable(let refusal): refusal.message(in: calendar)
    case .invalidPayPalEmail(let text):
      text.isEmpty ? "Enter your PayPal email." : "\"\(text)\" is not an email address."
    case .paymentDeclined(let method):
      "The payment was declined by \(method). Nothing was charged and nothing changed."
    case .oneSubscriptionPerProduct(let product):
      "You already have a \(product.displayName) subscription."
    }
  }
}
