import Foundation

/// The condition of R20 that failed.
public enum RefundRefusal: Hashable, Sendable {
  case noOrder
  case notFirstOrder
  case windowEnded(Date)
  case planNotCovered(String)
  case paidWithBTC
  case planChanged(Date)
  case alreadyRefunded(Date)
  case trafficOverLimit(used: Traffic, limit: Traffic)
  case notLive(SubscriptionState)

  /// Short form for DESIGN.md's label `Refund: not available (<reason>)`.
  public func reason(in calendar: BillingCalendar) -> String {
    switch self {
    case .noOrder: "no paid order"
    case .notFirstOrder: "only the account's first order is covered"
    case .windowEnded(let date): "3-day window ended \(calendar.dayText(date))"
    case .planNotCovered(let name): "the \(name) plan is not covered"
    case .paidWithBTC: "BTC payments are not refundable"
    case .planChanged(let date): "plan changed on \(calendar.dayText(date))"
    case .alreadyRefunded(let date): "already refunded on \(calendar.dayText(date))"
    case .trafficOverLimit(let used, let limit):
      "\(used.formatted(decimals: 2)) used, over \(limit.compact)"
    case .notLive(let state): "subscription \(state.label.lowercased())"
    }
  }

  public func message(in calendar: BillingCalendar) -> String {
    switch self {
    case .noOrder: "There is no paid order to refund."
    case .notFirstOrder: "The money-back guarantee covers only the account's first order."
    case .windowEnded(let date):
      "The 3-day money-back window ended on \(calendar.dateTimeText(date))."
    case .planNotCovered(let name): "The \(name) plan is not covered by the money-back guarantee."
    case .paidWithBTC: "BTC payments are not refundable."
    case .planChanged(let date):
      "The money-back guarantee ended with the plan change on \(calendar.dayText(date))."
    case .alreadyRefunded(let date): "A refund was already made on \(calendar.dayText(date))."
    case .trafficOverLimit(let used, let limit):
      "The money-back guarantee covers up to \(limit.compact) of traffic; \(used.formatted(decimals: 2)) has been used."
    case .notLive(let state): "This subscription is \(state.label.lowercased())."
    }
  }
}

/// The verdict of R20 for one subscription.
public enum RefundEligibility: Hashable, Sendable {
  case eligible(until: Date, amount: Money)
  case notAvailable(RefundRefusal)

  public var isEligible: Bool {
    if case .eligible = self { return true }
    return false
  }

  /// DESIGN.md's label.
  public func label(in calendar: BillingCalendar) -> String {
    switch self {
    case .eligible(let until, _): "Refund: eligible until \(calendar.dateTimeText(until))"
    case .notAvailable(let refusal): "Refund: not available (\(refusal.reason(in: calendar)))"
    }
  }
}

/// The money-back guarantee (R20) and its processing (R21).
public enum Refunds {
  /// Checks every condition of R20, in the order a customer would ask about them.
  public static func eligibility(
    of subscriptionID: String, in account: Account, catalog: Catalog, policy: BillingPolicy,
    now: Date
  ) -> RefundEligibility {
    if let earlier = account.refunds.first {
      return .notAvailable(.alreadyRefunded(earlier.requestedAt))
    }
    guard let first = account.firstOrder else { return .notAvailable(.noOrder) }
    guard let subscription = account.subscription(id: subscriptionID) else {
      return .notAvailable(.noOrder)
    }
    if let changed = account.firstPlanChangeAt {
      return .notAvailable(.planChanged(changed))
    }
    guard first.subscriptionID == subscription.id, subscription.originOrderID == first.id else {
      return .notAvailable(.notFirstOrder)
    }
    guard subscription.state.isLive else { return .notAvailable(.notLive(subscription.state)) }
    if first.paymentMethod.kind == .btc { return .notAvailable(.paidWithBTC) }
    if let plan = catalog.plan(id: first.planID), !plan.refundable {
      return .notAvailable(.planNotCovered(plan.name))
    }
    let deadline = first.createdAt.addingTimeInterval(TimeInterval(policy.refundWindowHours) * 3600)
    guard now < deadline else { return .notAvailable(.windowEnded(deadline)) }
    guard subscription.used <= policy.refundTrafficLimit else {
      return .notAvailable(
        .trafficOverLimit(used: subscription.used, limit: policy.refundTrafficLimit))
    }
    return .eligible(until: deadline, amount: first.total)
  }

  /// Requests the refund: approved at once when eligible, the subscription ends now
  /// (traffic stops), the money goes back to the original method within the policy's
  /// business days (R21).
  public static func request(
    for subscriptionID: String, in account: Account, catalog: Catalog, policy: BillingPolicy,
    now: Date
  ) throws(BillingError) -> (account: Account, refund: Refund, notices: [Notice]) {
    let verdict = eligibility(
      of: subscriptionID, in: account, catalog: catalog, policy: policy, now: now)
    guard case .eligible(_, let amount) = verdict, let order = account.firstOrder,
      var subscription = account.subscription(id: subscriptionID)
    else {
      if case .notAvailable(let refusal) = verdict { throw .refundNotAvailable(refusal) }
      throw .unknownSubscription(subscriptionID)
    }
    let calendar = account.calendar
    var updated = account
    let refund = Refund(
      id: account.nextRefundID, orderID: order.id, subscriptionID: subscription.id,
      amount: amount, paymentMethod: order.paymentMethod, status: .approved, requestedAt: now,
      approvedAt: now,
      completesAt: calendar.adding(businessDays: policy.refundCompletionBusinessDays, to: now))
    updated.refunds.append(refund)
    if let index = updated.orders.firstIndex(where: { $0.id == order.id }) {
      updated.orders[index].status = .refunded
    }
    subscription.state = .refunded
    subscription.autoRenew = false
    subscription.endedAt = now
    subscription.coupon = nil
    updated.replaceSubscription(subscription)

    let planName = catalog.plan(id: subscription.planID)?.name ?? subscription.planID
    let notices = [
      Notice(
        kind: .refundRequested, date: now, subject: "Refund requested: \(planName)",
        body: """
          We received your refund request for the \(planName) plan (order \(order.id)).
          Amount: \(amount), back to \(order.paymentMethod.summary).
          """, subscriptionID: subscription.id),
      Notice(
        kind: .refundApproved, date: now, subject: "Refund approved: \(amount)",
        body: """
          Your refund of \(amount) is approved. The subscription has ended and its proxies no
          longer serve traffic. The money will be back on \(order.paymentMethod.summary) by
          \(calendar.dayText(refund.completesAt)) (within \(policy.refundCompletionBusinessDays) business days).
          Your account stays open: you can buy a plan again from the Pricing tab.
          """, subscriptionID: subscription.id),
    ]
    return (updated, refund, notices)
  }
}
