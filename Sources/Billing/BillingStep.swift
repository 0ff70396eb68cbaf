import Foundation

/// Something billing must do at a moment in time (R7b).
public struct DueItem: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    case reminder(subscriptionID: String)
    case renewal(subscriptionID: String)
    case retry(subscriptionID: String)
    /// A retry the customer caused by updating the payment method (R16a): it does not
    /// use up one of the scheduled retries.
    case retryNow(subscriptionID: String)
    /// A cancelled or non-renewing subscription reaches its period end (R23).
    case periodEnd(subscriptionID: String)
    case refundCompletion(refundID: String)

    /// Ties at the same instant run in this order: a reminder before its renewal.
    var order: Int {
      switch self {
      case .reminder: 0
      case .renewal, .retry, .retryNow: 1
      case .periodEnd: 2
      case .refundCompletion: 3
      }
    }
  }

  public var date: Date
  public var kind: Kind

  public init(date: Date, kind: Kind) {
    self.date = date
    self.kind = kind
  }
}

/// A payment the billing step needs before it can go on.
public struct ChargeRequest: Hashable, Sendable {
  /// Also the idempotency key: one order is charged once (R16b).
  public var orderID: String
  public var amount: Money
  public var paymentMethod: PaymentMethod
  public var description: String

  public init(orderID: String, amount: Money, paymentMethod: PaymentMethod, description: String) {
    self.orderID = orderID
    self.amount = amount
    self.paymentMethod = paymentMethod
    self.description = description
  }
}

public enum ChargeOutcome: Hashable, Sendable {
  case approved
  case declined(reason: String)
}

/// What happened, for the demo's banner and the event ledger.
public struct BillingEvent: Hashable, Sendable, Codable {
  public enum Kind: String, Hashable, Sendable, Codable {
    case reminderSent, renewed, renewalFailed, retrySucceeded, retryFailed, ended, refundCompleted
  }

  public var date: Date
  public var kind: Kind
  public var subscriptionID: String?
  /// "Renewed Regular: charged $484.00, 6.2 GB expired".
  public var summary: String

  /// For events read back from the store's ledger.
  public init(date: Date, kind: Kind, subscriptionID: String?, summary: String) {
    self.date = date
    self.kind = kind
    self.subscriptionID = subscriptionID
    self.summary = summary
  }
}

/// The result of bringing an account up to a moment.
public struct StepResult: Hashable, Sendable {
  public var account: Account
  public var events: [BillingEvent]
  public var notices: [Notice]
}

/// The single billing step that brings an account up to "now" (R7b): renewals,
/// reminders, retries, period ends and refund completions, in time order, each once.
public struct BillingStep: Sendable {
  public var catalog: Catalog
  public var taxRates: TaxRates
  public var policy: BillingPolicy

  public init(catalog: Catalog, taxRates: TaxRates, policy: BillingPolicy) {
    self.catalog = catalog
    self.taxRates = taxRates
    self.policy = policy
  }

  /// Everything still to happen for the account, earliest first.
  public func pending(for account: Account) -> [DueItem] {
    let calendar = account.calendar
    var items: [DueItem] = []
    for subscription in account.subscriptions {
      let id = subscription.id
      switch subscription.state {
      case .active where subscription.autoRenew && subscription.paymentMethod.isAutomatic:
        if subscription.reminderSentForPeriodEnd != subscription.periodEnd {
          let at = calendar.adding(days: -policy.reminderLeadDays, to: subscription.periodEnd)
          items.append(
            DueItem(date: max(at, subscription.periodStart), kind: .reminder(subscriptionID: id)))
        }
        items.append(DueItem(date: subscription.periodEnd, kind: .renewal(subscriptionID: id)))
      case .active, .cancelled:
        items.append(DueItem(date: subscription.periodEnd, kind: .periodEnd(subscriptionID: id)))
      case .pastDue:
        if let since = subscription.pastDueSince,
          subscription.retriesDone < policy.retryScheduleDays.count
        {
          let at = calendar.adding(
            days: policy.retryScheduleDays[subscription.retriesDone], to: since)
          items.append(DueItem(date: at, kind: .retry(subscriptionID: id)))
        }
      case .ended, .refunded:
        break
      }
    }
    for refund in account.refunds where refund.status != .refunded {
      items.append(DueItem(date: refund.completesAt, kind: .refundCompletion(refundID: refund.id)))
    }
    return items.sorted { ($0.date, $0.kind.order) < ($1.date, $1.kind.order) }
  }

  /// Whether `item` is still to be carried out in `account`. An item applied already, or
  /// computed from an older copy of the account, is stale: it must neither charge nor
  /// change anything a second time (R7b "each exactly once", R16b).
  public func isDue(_ item: DueItem, in account: Account) -> Bool {
    if case .retryNow(let id) = item.kind {
      return account.subscription(id: id)?.state == .pastDue
    }
    return pending(for: account).contains(item)
  }

  /// The next item due at or before `now`.
  public func nextDue(for account: Account, now: Date) -> DueItem? {
    pending(for: account).first { $0.date <= now }
  }

  /// The moment of the next billing event after `now`, for the demo's `}` key.
  public func nextEventDate(for account: Account, after now: Date) -> Date? {
    pending(for: account).first { $0.date > now }?.date
  }

  /// The monthly fee of R6: plan + purchased users − recurring discount, + VAT.
  public func renewalInvoice(for subscription: Subscription, in account: Account) -> Invoice? {
    guard let plan = catalog.plan(id: subscription.planID) else { return nil }
    var lines = [
      InvoiceLine(
        label: "\(plan.name), \(plan.allowance.compact), 1 month", amount: plan.price)
    ]
    if subscription.extraProxyUsers > 0 {
      let count = subscription.extraProxyUsers
      lines.append(
        InvoiceLine(
          label: "\(count) additional proxy user\(count == 1 ? "" : "s")",
          amount: policy.proxyUserMonthlyPrice * count))
    }
    return Invoice.priced(
      lines: lines, coupon: subscription.coupon?.coupon,
      vat: taxRates.treatment(for: account.profile))
  }

  /// The payment `item` needs, or nil when it needs none.
  public func chargeRequest(for item: DueItem, in account: Account) -> ChargeRequest? {
    let id: String
    switch item.kind {
    case .renewal(let subscriptionID), .retry(let subscriptionID), .retryNow(let subscriptionID):
      id = subscriptionID
    default: return nil
    }
    guard isDue(item, in: account), let subscription = account.subscription(id: id),
      let invoice = renewalInvoice(for: subscription, in: account)
    else { return nil }
    let planName = catalog.plan(id: subscription.planID)?.name ?? subscription.planID
    return ChargeRequest(
      orderID: account.nextOrderID, amount: invoice.total,
      paymentMethod: subscription.paymentMethod,
      description: "Renewal of \(planName)")
  }

  /// Carries out one due item; `charge` is the gateway's answer to `chargeRequest(for:)`.
  /// A stale item (see `isDue`) changes nothing.
  public func apply(_ item: DueItem, to account: Account, charge: ChargeOutcome?) -> StepResult {
    guard isDue(item, in: account) else {
      return StepResult(account: account, events: [], notices: [])
    }
    var run = StepRun(step: self, account: account)
    run.apply(item, charge: charge)
    return StepResult(account: run.account, events: run.events, notices: run.notices)
  }

  /// Brings the account up to `now`, asking `charge` for each payment (R7b). Pure when
  /// `charge` is; running it again with the same `now` changes nothing.
  public func advance(
    _ account: Account, to now: Date, charge: (ChargeRequest) -> ChargeOutcome
  ) -> StepResult {
    var run = StepRun(step: self, account: account)
    // Each item moves its subscription or refund past its date, so this ends; the bound
    // is a guard against a catalog edit that could make an item repeat.
    for _ in 0..<100_000 {
      guard let item = nextDue(for: run.account, now: now) else { break }
      let outcome = chargeRequest(for: item, in: run.account).map(charge)
      run.apply(item, charge: outcome)
    }
    return StepResult(account: run.account, events: run.events, notices: run.notices)
  }
}
