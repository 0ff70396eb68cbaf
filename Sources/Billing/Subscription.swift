import Foundation

/// The states of R4.
public enum SubscriptionState: String, Codable, Hashable, Sendable, CaseIterable {
  case active
  /// Auto-renewal off, usable until the period ends (R22).
  case cancelled
  /// A renewal payment failed; traffic is paused while retries run (R7a).
  case pastDue
  case ended
  case refunded

  /// DESIGN.md's label: `State: Active`.
  public var label: String {
    switch self {
    case .active: "Active"
    case .cancelled: "Cancelled"
    case .pastDue: "Past due"
    case .ended: "Ended"
    case .refunded: "Refunded"
    }
  }

  /// Live subscriptions count toward "one per product" (R4) and make a purchase a change.
  public var isLive: Bool { self == .active || self == .cancelled || self == .pastDue }
}

/// One product's monthly subscription.
public struct Subscription: Codable, Hashable, Sendable, Identifiable {
  public var id: String
  public var product: Product
  public var planID: String
  public var state: SubscriptionState
  /// The moment the cycle began: the payment that started it (R5, R10).
  public var anchor: Date
  /// Which period of the cycle is current (0 = the first).
  public var periodIndex: Int
  public var periodStart: Date
  public var periodEnd: Date
  public var autoRenew: Bool
  public var paymentMethod: PaymentMethod
  /// The plan's allowance for this period.
  public var allowance: Traffic
  /// Unused traffic carried in by an upgrade or renew (R11).
  public var transferred: Traffic
  /// Extra traffic bought into this period (R8).
  public var extra: Traffic
  public var used: Traffic
  /// A recurring coupon still discounting renewals (R19).
  public var coupon: AppliedCoupon?
  /// Proxy users bought beyond the plan's included ones (R25).
  public var extraProxyUsers: Int
  /// The period end a renewal reminder was sent for, so it goes once (R7).
  public var reminderSentForPeriodEnd: Date?
  /// Traffic warnings already sent this period, in percent (R8a).
  public var warningsSent: [Int]
  /// When the failed renewal happened and how many retries ran (R7a).
  public var pastDueSince: Date?
  public var retriesDone: Int
  public var endedAt: Date?
  /// The order that created this subscription.
  public var originOrderID: String
  /// What the customer gave as the reason when cancelling, if anything (kept while the
  /// cancellation stands).
  public var cancelReason: CancelReason?

  public init(
    id: String, product: Product, planID: String, state: SubscriptionState = .active, anchor: Date,
    periodIndex: Int = 0, periodStart: Date, periodEnd: Date, autoRenew: Bool,
    paymentMethod: PaymentMethod, allowance: Traffic, transferred: Traffic = .zero,
    extra: Traffic = .zero, used: Traffic = .zero, coupon: AppliedCoupon? = nil,
    extraProxyUsers: Int = 0, reminderSentForPeriodEnd: Date? = nil, warningsSent: [Int] = [],
    pastDueSince: Date? = nil, retriesDone: Int = 0, endedAt: Date? = nil, originOrderID: String
  ) {
    self.id = id
    self.product = product
    self.planID = planID
    self.state = state
    self.anchor = anchor
    self.periodIndex = periodIndex
    self.periodStart = periodStart
    self.periodEnd = periodEnd
    self.autoRenew = autoRenew
    self.paymentMethod = paymentMethod
    self.allowance = allowance
    self.transferred = transferred
    self.extra = extra
    self.used = used
    self.coupon = coupon
    self.extraProxyUsers = extraProxyUsers
    self.reminderSentForPeriodEnd = reminderSentForPeriodEnd
    self.warningsSent = warningsSent
    self.pastDueSince = pastDueSince
    self.retriesDone = retriesDone
    self.endedAt = endedAt
    self.originOrderID = originOrderID
  }

  /// Allowance + transferred + extra (R8a).
  public var available: Traffic { allowance + transferred + extra }

  /// What is left to use, never negative.
  public var remaining: Traffic { (available - used).clampedAtZero() }

  /// R8a: used up. Traffic stops until extra traffic, a plan change or the next period.
  public var isExhausted: Bool { used >= available }

  /// Whether the proxies serve traffic now: live, paid up and not exhausted.
  public var servesTraffic: Bool {
    (state == .active || state == .cancelled) && !isExhausted
  }

  /// The share of available traffic used, in whole percent (rounded down).
  public var usedPercent: Int {
    guard available.bytes > 0 else { return 100 }
    return Int(min(used.bytes, available.bytes * 10) * 100 / available.bytes)
  }

  /// Pays the subscription with `method` from now on (R16a). Moving off BTC to a card or
  /// PayPal turns auto-renewal on (R6: a card-paid subscription renews by itself), unless
  /// the customer cancelled it: then it stays cancelled until resumed (R22a).
  public mutating func switchPaymentMethod(to method: PaymentMethod) {
    let wasManual = !paymentMethod.isAutomatic
    paymentMethod = method
    if !method.isAutomatic {
      autoRenew = false
    } else if wasManual && state == .active {
      autoRenew = true
    }
  }

  /// Whether `switchPaymentMethod(to:)` would turn auto-renewal on, for the email.
  public func switchingTurnsAutoRenewalOn(to method: PaymentMethod) -> Bool {
    method.isAutomatic && cardOrPayPalTurnsAutoRenewalOn
  }

  /// Whether a card or PayPal would turn auto-renewal on: the pop-up says so beforehand.
  public var cardOrPayPalTurnsAutoRenewalOn: Bool {
    !paymentMethod.isAutomatic && state == .active && !autoRenew
  }
}
