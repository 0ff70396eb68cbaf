import Foundation

/// Everything billing knows of one customer: the value every rule works on.
public struct Account: Codable, Hashable, Sendable, Identifiable {
  public var id: String
  public var email: String
  public var profile: BillingProfile
  public var createdAt: Date
  public var subscriptions: [Subscription]
  public var orders: [Order]
  public var refunds: [Refund]
  /// The first plan change: from then on the money-back guarantee is gone (R13).
  public var firstPlanChangeAt: Date?

  public init(
    id: String, email: String, profile: BillingProfile = BillingProfile(), createdAt: Date,
    subscriptions: [Subscription] = [], orders: [Order] = [], refunds: [Refund] = [],
    firstPlanChangeAt: Date? = nil
  ) {
    self.id = id
    self.email = email
    self.profile = profile
    self.createdAt = createdAt
    self.subscriptions = subscriptions
    self.orders = orders
    self.refunds = refunds
    self.firstPlanChangeAt = firstPlanChangeAt
  }

  public var calendar: BillingCalendar { BillingCalendar(timeZoneIdentifier: profile.timeZone) }

  /// The live subscription of `product`, if any (R4: at most one).
  public func liveSubscription(of product: Product) -> Subscription? {
    subscriptions.last { $0.product == product && $0.state.isLive }
  }

  /// The subscriptions a customer sees as tabs: the live ones, else the latest of each
  /// product, residential first.
  public var visibleSubscriptions: [Subscription] {
    Product.allCases.compactMap { product in
      liveSubscription(of: product) ?? subscriptions.last { $0.product == product }
    }
  }

  public func subscription(id: String) -> Subscription? {
    subscriptions.first { $0.id == id }
  }

  mutating func replaceSubscription(_ subscription: Subscription) {
    if let index = subscriptions.firstIndex(where: { $0.id == subscription.id }) {
      subscriptions[index] = subscription
    } else {
      subscriptions.append(subscription)
    }
  }

  /// The account's first paid order, the only one a refund can return (R20).
  public var firstOrder: Order? {
    orders.first { $0.wasCharged }
  }

  /// Identifiers are derived from the account so that every step is deterministic.
  public var nextOrderID: String { "\(id)-o\(orders.count + 1)" }
  var nextSubscriptionID: String { "\(id)-s\(subscriptions.count + 1)" }
  var nextRefundID: String { "\(id)-r\(refunds.count + 1)" }

  /// Money taken from the customer minus money returned.
  public var netCharged: Money {
    let charged = orders.filter(\.wasCharged).reduce(Money.zero()) { $0 + $1.total }
    let returned = refunds.reduce(Money.zero()) { $0 + $1.amount }
    return charged - returned
  }
}
