import Foundation

/// What happens to a coupon in a purchase (R17–R19), for the preview.
public enum CouponOutcome: Hashable, Sendable {
  case none
  /// A newly entered coupon: this order, and every renewal when recurring.
  case applied(Coupon)
  /// A recurring coupon carried to the new subscription: it discounts the month this
  /// purchase buys and every renewal (R19).
  case carried(Coupon)
  /// A recurring coupon removed for good (R19: downgrade).
  case removed(Coupon)

  public var summary: String {
    switch self {
    case .none: "none"
    case .applied(let coupon): "\(coupon.code) applied: \(coupon.summary)"
    case .carried(let coupon): "\(coupon.code) kept (\(coupon.summary))"
    case .removed(let coupon): "\(coupon.code) removed for good"
    }
  }
}

/// What a plan change does to unused traffic (R11).
public enum UnusedTrafficOutcome: Hashable, Sendable {
  case none
  case transferred(Traffic)
  case lost(Traffic)

  /// DESIGN.md's label: `Unused traffic: 6.0 GB transferred`.
  public var label: String {
    switch self {
    case .none: "Unused traffic: none"
    case .transferred(let traffic): "Unused traffic: \(traffic) transferred"
    case .lost(let traffic): "Unused traffic: \(traffic) lost"
    }
  }
}

/// A priced purchase with every consequence spelled out before money moves (R15).
public struct CheckoutQuote: Hashable, Sendable {
  public var kind: PurchaseKind
  public var plan: Plan
  public var paymentMethod: PaymentMethod
  public var invoice: Invoice
  public var newPeriodStart: Date
  public var newPeriodEnd: Date
  /// The live subscription this purchase replaces, for a plan change.
  public var replacing: Subscription?
  public var unusedTraffic: UnusedTrafficOutcome
  public var coupon: CouponOutcome
  /// Purchased proxy users that move to the new subscription (R12).
  public var proxyUsersMoved: Int
  /// Proxy users beyond what the new plan allows (included + moved): the newest are
  /// paused until the customer buys users or picks which stay (R25).
  public var proxyUsersPaused: Int
  /// Whether this purchase ends the money-back guarantee (R13).
  public var endsRefundRight: Bool
  public var autoRenew: Bool
  public var quotedAt: Date

  /// Allowance plus transferred traffic in the new period.
  public var newAvailable: Traffic {
    if case .transferred(let traffic) = unusedTraffic { return plan.allowance + traffic }
    return plan.allowance
  }

  public var total: Money { invoice.total }
}

/// The outcome of applying a paid purchase.
public struct PurchaseOutcome: Hashable, Sendable {
  public var account: Account
  public var order: Order
  public var subscription: Subscription
  public var notices: [Notice]

  /// For a purchase read back from the store (a confirmation repeated with the same key).
  public init(account: Account, order: Order, subscription: Subscription, notices: [Notice]) {
    self.account = account
    self.order = order
    self.subscription = subscription
    self.notices = notices
  }
}

/// Buying plans, plan changes, extra traffic and proxy users (R8–R19, R25).
public struct Checkout: Sendable {
  public var catalog: Catalog
  public var coupons: CouponBook
  public var taxRates: TaxRates
  public var policy: BillingPolicy

  public init(catalog: Catalog, coupons: CouponBook, taxRates: TaxRates, policy: BillingPolicy) {
    self.catalog = catalog
    self.coupons = coupons
    self.taxRates = taxRates
    self.policy = policy
  }

  // MARK: Plans

  /// The kind of buying `plan` for this account now (R9, R14).
  public func kind(ofBuying plan: Plan, for account: Account) -> PurchaseKind {
    let current = account.liveSubscription(of: plan.product).flatMap { catalog.plan(id: $0.planID) }
    return PurchaseKind.of(buying: plan, holding: current)
  }

  /// Prices buying `planID` and previews every consequence (R10–R19).
  ///
  /// `proxyUsersInUse` is how many of the product's proxy users serve now: the ones the
  /// new plan cannot hold are paused (R25), which the preview says.
  public func quote(
    planID: String, for account: Account, paymentMethod: PaymentMethod, couponCode: String?,
    proxyUsersInUse: Int = 0, now: Date
  ) throws(BillingError) -> CheckoutQuote {
    guard let plan = catalog.plan(id: planID) else { throw .unknownPlan(planID) }
    let current = account.liveSubscription(of: plan.product)
    let currentPlan = current.flatMap { catalog.plan(id: $0.planID) }
    let kind = PurchaseKind.of(buying: plan, holding: currentPlan)

    let entered = try validCoupon(
      couponCode, for: account, product: plan.product, method: paymentMethod, now: now)
    if paymentMethod.kind == .btc { throw .btcThroughSupport }

    var couponOutcome = CouponOutcome.none
    if let entered {
      couponOutcome = .applied(entered)
    } else if let carried = current?.coupon?.coupon {
      couponOutcome = (kind == .downgrade) ? .removed(carried) : .carried(carried)
    }

    var unused = UnusedTrafficOutcome.none
    if let current, current.state == .active || current.state == .cancelled {
      let left = current.remaining
      if left > .zero {
        unused = kind == .downgrade ? .lost(left) : .transferred(left)
      }
    }
    let movedUsers = current?.extraProxyUsers ?? 0
    var lines = [
      InvoiceLine(
        label: "\(plan.name), \(plan.allowance.compact), 1 month", amount: plan.price)
    ]
    if movedUsers > 0 {
      lines.append(
        InvoiceLine(
          label: "\(movedUsers) additional proxy user\(movedUsers == 1 ? "" : "s")",
          amount: policy.proxyUserMonthlyPrice * movedUsers))
    }
    // R19: a carried recurring coupon discounts the month an Upgrade or Renew buys, as
    // it would have discounted the renewal this purchase replaces.
    var discount = entered
    if discount == nil, case .carried(let carried) = couponOutcome { discount = carried }
    let invoice = Invoice.priced(
      lines: lines, coupon: discount, vat: taxRates.treatment(for: account.profile))
    let allowedUsers = plan.includedProxyUsers + movedUsers
    let calendar = account.calendar
    let hasRefundRight =
      account.firstPlanChangeAt == nil && account.refunds.isEmpty && account.firstOrder != nil
    return CheckoutQuote(
      kind: kind, plan: plan, paymentMethod: paymentMethod, invoice: invoice,
      newPeriodStart: now, newPeriodEnd: calendar.periodEnd(anchor: now, index: 0),
      replacing: current, unusedTraffic: unused, coupon: couponOutcome,
      proxyUsersMoved: movedUsers, proxyUsersPaused: max(0, proxyUsersInUse - allowedUsers),
      endsRefundRight: kind.isPlanChange && hasRefundRight,
      autoRenew: paymentMethod.isAutomatic, quotedAt: now)
  }

  /// Checks a typed coupon code against R17: nil when none was typed.
  public func validCoupon(
    _ code: String?, for account: Account, product: Product, method: PaymentMethod, now: Date
  ) throws(BillingError) -> Coupon? {
    guard let code = code?.trimmingCharacters(in: .whitespaces), !code.isEmpty else { return nil }
    guard let coupon = coupons.coupon(code: code) else { throw .couponUnknown(code) }
    if let expires = coupon.expires, now >= expires {
      throw .couponExpired(code: coupon.code, on: expires)
    }
    if let only = coupon.product, only != product {
      throw .couponWrongProduct(code: coupon.code, product: only)
    }
    if account.firstOrder != nil { throw .couponNotFirstOrder(coupon.code) }
    if method.kind == .btc { throw .couponNotWithBTC }
    return coupon
  }

  /// Checks that `quote` still describes the account, then applies it (R4, R16b).
  ///
  /// A quote made before another purchase would otherwise open a second live
  /// subscription of a product, and a confirmation submitted twice would replace the
  /// same subscription twice. Call it before charging: it throws when the quote is stale.
  public func confirm(
    _ quote: CheckoutQuote, to account: Account, now: Date
  ) throws(BillingError) -> PurchaseOutcome {
    try checkCurrent(quote, for: account)
    return apply(quote, to: account, now: now)
  }

  /// Throws when `quote` no longer matches the account: the subscription it replaces is
  /// gone, another one took its place, or a coupon meant for the first order came late.
  public func checkCurrent(_ quote: CheckoutQuote, for account: Account) throws(BillingError) {
    let live = account.liveSubscription(of: quote.plan.product)
    if let replacing = quote.replacing {
      guard let live else {
        throw .subscriptionNotLive(account.subscription(id: replacing.id)?.state ?? .ended)
      }
      guard live.id == replacing.id else { throw .oneSubscriptionPerProduct(quote.plan.product) }
    } else if live != nil {
      throw .oneSubscriptionPerProduct(quote.plan.product)
    }
    if case .applied(let coupon) = quote.coupon, account.firstOrder != nil {
      throw .couponNotFirstOrder(coupon.code)
    }
  }

  /// Applies a paid quote: the new subscription starts now; a replaced one ends (R10–R14).
  ///
  /// The replaced subscription is read from `account`, not from the quote: traffic used
  /// between the preview and the payment is not transferred (R11), and its usage is kept.
  public func apply(_ quote: CheckoutQuote, to account: Account, now: Date) -> PurchaseOutcome {
    var updated = account
    let calendar = account.calendar
    let orderID = account.nextOrderID
    let subscriptionID = account.nextSubscriptionID
    let current = quote.replacing.map { account.subscription(id: $0.id) ?? $0 }
    var transferred = Traffic.zero
    if case .transferred = quote.unusedTraffic, let current { transferred = current.remaining }

    if var old = current {
      old.state = .ended
      old.endedAt = now
      old.autoRenew = false
      updated.replaceSubscription(old)
      if updated.firstPlanChangeAt == nil { updated.firstPlanChangeAt = now }
    }
    var keptCoupon: AppliedCoupon?
    switch quote.coupon {
    case .applied(let coupon) where coupon.recurring:
      keptCoupon = AppliedCoupon(coupon: coupon, appliedAt: now)
    case .carried: keptCoupon = current?.coupon
    default: keptCoupon = nil
    }
    let subscription = Subscription(
      id: subscriptionID, product: quote.plan.product, planID: quote.plan.id, state: .active,
      anchor: now, periodIndex: 0, periodStart: now,
      periodEnd: calendar.periodEnd(anchor: now, index: 0), autoRenew: quote.autoRenew,
      paymentMethod: quote.paymentMethod, allowance: quote.plan.allowance,
      transferred: transferred, coupon: keptCoupon,
      extraProxyUsers: current?.extraProxyUsers ?? quote.proxyUsersMoved,
      originOrderID: orderID)
    updated.subscriptions.append(subscription)
    let order = Order(
      id: orderID, kind: .purchase(quote.kind), product: quote.plan.product, planID: quote.plan.id,
      subscriptionID: subscriptionID, invoice: quote.invoice, paymentMethod: quote.paymentMethod,
      createdAt: now, status: .paid)
    updated.orders.append(order)
    let notice = Receipts.orderReceipt(
      order: order, plan: quote.plan, subscription: subscription, calendar: calendar)
    return PurchaseOutcome(
      account: updated, order: order, subscription: subscription, notices: [notice])
  }

  // MARK: Extra traffic (R8)

  /// Why extra traffic cannot be bought for `subscription` yet, whatever the amount:
  /// residential traffic is topped up only once used up (R8). The extra-traffic form asks
  /// this before the customer types; the quote asks it again.
  public static func extraTrafficRefusal(for subscription: Subscription) -> BillingError? {
    subscription.product == .residential && !subscription.isExhausted
      ? .extraTrafficNotYet(remaining: subscription.remaining) : nil
  }

  /// Prices `gigabytes` of extra traffic for the subscription's current period.
  public func quoteExtraTraffic(
    gigabytes: Int, subscriptionID: String, for account: Account
  ) throws(BillingError) -> ExtraQuote {
    let subscription = try liveForAdding(subscriptionID, in: account)
    guard (1...10_000).contains(gigabytes) else { throw .extraTrafficAmount }
    if let refusal = Self.extraTrafficRefusal(for: subscription) { throw refusal }
    guard let plan = catalog.plan(id: subscription.planID) else {
      throw .unknownPlan(subscription.planID)
    }
    let traffic = Traffic.gb(Int64(gigabytes))
    let line = InvoiceLine(
      label: "Extra traffic \(traffic.compact) at \(plan.pricePerGB)/GB",
      amount: plan.priceOfExtra(traffic))
    let invoice = Invoice.priced(
      lines: [line], coupon: nil, vat: taxRates.treatment(for: account.profile))
    return ExtraQuote(
      subscriptionID: subscription.id, kind: .extraTraffic(traffic), invoice: invoice,
      paymentMethod: subscription.paymentMethod)
  }

  // MARK: Proxy users (R25)

  /// Prices `count` more proxy users, charged now for the current period and with every renewal.
  public func quoteProxyUsers(
    count: Int, subscriptionID: String, for account: Account
  ) throws(BillingError) -> ExtraQuote {
    let subscription = try liveForAdding(subscriptionID, in: account)
    guard (1...100).contains(count) else { throw .proxyUserCount }
    let line = InvoiceLine(
      label:
        "\(count) additional proxy user\(count == 1 ? "" : "s") at \(policy.proxyUserMonthlyPrice)/month",
      amount: policy.proxyUserMonthlyPrice * count)
    let invoice = Invoice.priced(
      lines: [line], coupon: nil, vat: taxRates.treatment(for: account.profile))
    let renews = subscription.state == .active && subscription.autoRenew
    return ExtraQuote(
      subscriptionID: subscription.id, kind: .proxyUsers(count), invoice: invoice,
      paymentMethod: subscription.paymentMethod,
      chargedAgainAt: renews ? subscription.periodEnd : nil)
  }

  /// Applies a paid extra: traffic joins this period (R8), users join the subscription (R25).
  public func apply(_ quote: ExtraQuote, to account: Account, now: Date) throws(BillingError)
    -> PurchaseOutcome
  {
    guard var subscription = account.subscription(id: quote.subscriptionID) else {
      throw .unknownSubscription(quote.subscriptionID)
    }
    var updated = account
    switch quote.kind {
    case .extraTraffic(let traffic): subscription.extra = subscription.extra + traffic
    case .proxyUsers(let count): subscription.extraProxyUsers += count
    default: break
    }
    updated.replaceSubscription(subscription)
    let order = Order(
      id: account.nextOrderID, kind: quote.kind, product: subscription.product,
      planID: subscription.planID, subscriptionID: subscription.id, invoice: quote.invoice,
      paymentMethod: quote.paymentMethod, createdAt: now, status: .paid)
    updated.orders.append(order)
    let plan = catalog.plan(id: subscription.planID)
    let notice = Receipts.extraReceipt(
      order: order, planName: plan?.name ?? subscription.planID, subscription: subscription,
      calendar: account.calendar)
    return PurchaseOutcome(
      account: updated, order: order, subscription: subscription, notices: [notice])
  }

  private func liveForAdding(_ id: String, in account: Account) throws(BillingError) -> Subscription {
    guard let subscription = account.subscription(id: id) else { throw .unknownSubscription(id) }
    if let refusal = Self.addingRefusal(to: subscription) { throw refusal }
    return subscription
  }
}

/// A priced extra (traffic or proxy users) for an existing subscription.
public struct ExtraQuote: Hashable, Sendable {
  public var subscriptionID: String
  public var kind: OrderKind
  public var invoice: Invoice
  public var paymentMethod: PaymentMethod
  /// Proxy users are charged a full month now and again at the next renewal, with no
  /// proration (R25): when that renewal comes, so the preview can say it (nil when the
  /// subscription does not renew).
  public var chargedAgainAt: Date?

  public init(
    subscriptionID: String, kind: OrderKind, invoice: Invoice, paymentMethod: PaymentMethod,
    chargedAgainAt: Date? = nil
  ) {
    self.subscriptionID = subscriptionID
    self.kind = kind
    self.invoice = invoice
    self.paymentMethod = paymentMethod
    self.chargedAgainAt = chargedAgainAt
  }

  public var total: Money { invoice.total }

  /// The preview's warning that this month's users are charged again soon, or nil.
  public func chargedAgainNote(calendar: BillingCalendar) -> String? {
    guard let chargedAgainAt else { return nil }
    return
      "Charged again, a full month, at the renewal on \(calendar.dayText(chargedAgainAt)): no proration."
  }
}
