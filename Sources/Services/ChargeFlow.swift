import Billing
import Foundation
import Storage

/// What completing a charge did.
enum ChargeCompletion {
  /// A purchase was paid and applied.
  case purchased(account: Account, orderID: String, notices: [Notice])
  /// The gateway declined; nothing changed (purchases) or the failure was applied (renewals).
  case declined(reason: String, events: [BillingEvent])
  /// A billing-step payment was applied.
  case stepped(events: [BillingEvent])
  /// The gateway approved but the change could no longer be made; flagged for support.
  case void(String)
  /// Another process settled the charge first; this is how it stands.
  case settledElsewhere(ChargeRecord)
}

extension ProxyDashService {
  /// Asks the gateway about a recorded charge, then commits its answer with the change
  /// it paid for. Safe to repeat: the gateway answers once per key.
  func settle(_ charge: ChargeRecord) throws -> ChargeCompletion {
    let request = ChargeRequest(
      orderID: charge.idempotencyKey, amount: charge.amount, paymentMethod: charge.paymentMethod,
      description: charge.description)
    let outcome = gateway.charge(request)
    try fault(.afterGateway)
    return try complete(charge, outcome: outcome)
  }

  /// Commits the gateway's answer and the change it paid for, in one transaction.
  func complete(_ charge: ChargeRecord, outcome: ChargeOutcome) throws -> ChargeCompletion {
    let purpose = try ChargePurpose.decoded(charge.purpose)
    let result: (ChargeCompletion, Int, Int) = try store.write { session in
      guard let current = try session.charge(key: charge.idempotencyKey) else {
        throw ServiceError.storeFailed("The payment \(charge.idempotencyKey) is not recorded.")
      }
      // Another process (or an earlier open) settled it meanwhile: report, change nothing.
      guard current.status == .intent else { return (.settledElsewhere(current), 0, 0) }
      let loaded = try load(session, charge.accountID)
      let completion: ChargeCompletion
      let newVersion: Int
      switch (purpose, outcome) {
      case (.due, _):
        (completion, newVersion) = try completeDue(purpose, charge, outcome, loaded, session)
      case (_, .declined(let reason)):
        try session.resolveCharge(
          key: charge.idempotencyKey, status: .declined, orderID: nil, declineReason: reason,
          at: now)
        completion = .declined(reason: reason, events: [])
        newVersion = loaded.version
      case (_, .approved):
        (completion, newVersion) = try completePurchase(purpose, charge, loaded, session)
      }
      try fault(.beforeOutcomeCommit)
      return (completion, loaded.version, newVersion)
    }
    if result.1 != result.2 { advanceSeen(charge.accountID, from: result.1, to: result.2) }
    return result.0
  }

  private func completePurchase(
    _ purpose: ChargePurpose, _ charge: ChargeRecord, _ loaded: VersionedAccount,
    _ session: StoreSession
  ) throws -> (ChargeCompletion, Int) {
    let account = loaded.account
    let outcome: PurchaseOutcome
    var redeemed: Coupon?
    do {
      switch purpose {
      case .plan(let planID, let method, let couponCode, let at):
        let quote = try checkout.quote(
          planID: planID, for: account, paymentMethod: method, couponCode: couponCode, now: at)
        guard quote.total == charge.amount else { throw ServiceError.changedElsewhere }
        if case .applied(let coupon) = quote.coupon { redeemed = coupon }
        outcome = checkout.apply(quote, to: account, now: at)
      case .extraTraffic(let subscriptionID, let gigabytes, let at):
        let quote = try checkout.quoteExtraTraffic(
          gigabytes: gigabytes, subscriptionID: subscriptionID, for: account)
        guard quote.total == charge.amount else { throw ServiceError.changedElsewhere }
        outcome = try checkout.apply(quote, to: account, now: at)
      case .proxyUsers(let subscriptionID, let count, let at):
        let quote = try checkout.quoteProxyUsers(
          count: count, subscriptionID: subscriptionID, for: account)
        guard quote.total == charge.amount else { throw ServiceError.changedElsewhere }
        outcome = try checkout.apply(quote, to: account, now: at)
      case .due:
        throw ServiceError.storeFailed("A renewal cannot be settled as a purchase.")
      }
    } catch {
      // Paid, but what it paid for no longer fits the account: keep the money's trace.
      let reason = "approved, but the change could not be made: \(Self.serviceError(error))"
      try session.resolveCharge(
        key: charge.idempotencyKey, status: .void, orderID: nil, declineReason: reason, at: now)
      return (.void(reason), loaded.version)
    }
    try session.resolveCharge(
      key: charge.idempotencyKey, status: .approved, orderID: outcome.order.id, declineReason: nil,
      at: now)
    if let redeemed {
      try session.recordCouponRedemption(
        accountID: account.id, code: redeemed.code, orderID: outcome.order.id,
        at: outcome.order.createdAt)
    }
    let version = try session.saveAccount(outcome.account, expectedVersion: loaded.version)
    try session.queueNotices(outcome.notices, accountID: account.id, email: account.email)
    return (
      .purchased(account: outcome.account, orderID: outcome.order.id, notices: outcome.notices),
      version
    )
  }

  private func completeDue(
    _ purpose: ChargePurpose, _ charge: ChargeRecord, _ outcome: ChargeOutcome,
    _ loaded: VersionedAccount,
    _ session: StoreSession
  ) throws -> (ChargeCompletion, Int) {
    let account = loaded.account
    guard let item = purpose.dueItem, isStillDue(item, in: account),
      billingStep.chargeRequest(for: item, in: account)?.orderID == charge.idempotencyKey
    else {
      let reason = "the renewal it paid for is no longer due"
      let approved = outcome == .approved
      try session.resolveCharge(
        key: charge.idempotencyKey, status: approved ? .void : .declined, orderID: nil,
        declineReason: reason, at: now)
      return (approved ? .void(reason) : .declined(reason: reason, events: []), loaded.version)
    }
    let result = billingStep.apply(item, to: account, charge: outcome)
    let order = result.account.orders.last { $0.id == charge.idempotencyKey }
    switch outcome {
    case .approved:
      try session.resolveCharge(
        key: charge.idempotencyKey, status: .approved, orderID: order?.id, declineReason: nil,
        at: now)
    case .declined(let reason):
      try session.resolveCharge(
        key: charge.idempotencyKey, status: .declined, orderID: order?.id, declineReason: reason,
        at: now)
    }
    let version = try session.saveAccount(result.account, expectedVersion: loaded.version)
    try session.queueNotices(result.notices, accountID: account.id, email: account.email)
    try session.appendEvents(result.events, accountID: account.id)
    if case .declined(let reason) = outcome {
      return (.declined(reason: reason, events: result.events), version)
    }
    return (.stepped(events: result.events), version)
  }

  func isStillDue(_ item: DueItem, in account: Account) -> Bool {
    if case .retryNow(let id) = item.kind { return account.subscription(id: id)?.state == .pastDue }
    return billingStep.pending(for: account).contains(item)
  }

  /// Records, in the caller's transaction, that `amount` is about to be charged.
  func recordIntent(
    _ session: StoreSession, _ loaded: VersionedAccount, key: String, amount: Money,
    method: PaymentMethod,
    description: String, purpose: ChargePurpose
  ) throws -> ChargeRecord {
    let record = ChargeRecord(
      idempotencyKey: key, accountID: loaded.account.id, orderID: nil, amount: amount,
      paymentMethod: method,
      description: description, purpose: try purpose.encoded(), accountVersion: loaded.version,
      createdAt: now)
    try session.insertChargeIntent(record)
    return record
  }

  /// Settles every charge a killed process left as an intent (called on open).
  func resolvePendingCharges() throws(ServiceError) {
    let pending = try run { try store.read { try $0.pendingCharges() } }
    for charge in pending {
      _ = try run { try settle(charge) }
    }
  }
}
