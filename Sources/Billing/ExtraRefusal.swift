extension Checkout {
  /// Why nothing can be added to `subscription` (extra traffic or proxy users), whatever
  /// the amount, or nil when it can: the service refuses with this and the screens hide
  /// the keys with it, so the two cannot disagree (R8, R16, R25).
  public static func addingRefusal(to subscription: Subscription) -> BillingError? {
    switch subscription.state {
    case .active, .cancelled: break
    case .pastDue: return .subscriptionPastDue
    case .ended, .refunded: return .subscriptionNotLive(subscription.state)
    }
    return subscription.paymentMethod.kind == .btc ? .btcThroughSupport : nil
  }
}
