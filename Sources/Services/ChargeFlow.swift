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
  /// The gateway approved but the change could no longer be made: the money goes back
  /// (R33). `settled` is false while the gateway has not yet confirmed the refund.
  case refunded(ReturnedPayment, reason: String, settled: Bool)
  /// Another process settled the charge first; this is how it stands.
  case settledElsewhere(ChargeRecord)
}

extension ProxyDashService {
  /// Asks the gateway about a recorded charge, then commits its answer with the change
  /// it paid for. Safe to repeat: the gateway answers once per key. When the gateway's
  /// answer is unknown (it throws), nothing is committed: the charge stays open.
  func settle(_ charge: ChargeRecord) throws -> ChargeCompletion {
    let request = ChargeRequest(
      orderID: charge.idempotencyKey, amount: charge.amount, paymentMethod: charge.paymentMethod,
      description: charge.description)
    let outcome: ChargeOutcome
    do {
      outcome = try gateway.charge(request)
    } catch {
      throw ServiceError.paymentUnconfirmed(charge.idempotencyKey)
    }
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
    if case .refunded(var payment, let reason, _) = result.0 {
      // The money is owed back from this commit on; returning it now or at the next
      // open ends in the same place.
      try fault(.beforeRefund)
      let settled = try returnPayment(charge)
      if settled {
        payment.refundedAt = try store.read { try $0.charge(key: charge.idempotencyKey) }?
          .refundedAt
      }
      return .refunded(payment, reason: reason, settled: settled)
    }
    return result.0
  }

  /// Asks the gateway to give back the money of a `refunding` charge, then records the
  /// refund in billing history and emails the customer, once (R33). False when the
  /// gateway could not confirm it: the charge stays `refunding` for the next try.
  @discardableResult
  func returnPayment(_ charge: ChargeRecord) throws -> Bool {
    do {
      try gateway.refund(key: charge.idempotencyKey, amount: charge.amount)
    } catch {
      return false
    }
    try fault(.afterRefund)
    let now = self.now
    try store.write { session in
      guard try session.markChargeRefunded(key: charge.idempotencyKey, at: now) else { return }
      let loaded = try load(session, charge.accountID)
      let payment = Self.returnedPayment(charge, refundedAt: now)
      try session.queueNotices(
        [payment.notice(at: now, calendar: loaded.account.calendar)], accountID: charge.accountID,
        email: loaded.account.email)
    }
    return true
  }

  static func returnedPayment(_ charge: ChargeRecord, refundedAt: Date?) -> ReturnedPayment {
    ReturnedPayment(
      id: charge.idempotencyKey, item: charge.description, amount: charge.amount,
      paymentMethod: charge.paymentMethod, chargedAt: charge.createdAt, refundedAt: refundedAt)
  }

  /// Records, in the caller's transaction, that an approved charge could not be applied:
  /// its money is owed back from this commit on.
  private func owePayment(
    _ charge: ChargeRecord, reason: String, _ session: StoreSession
  ) throws -> ChargeCompletion {
    try session.resolveCharge(
      key: charge.idempotencyKey, status: .refunding, orderID: nil, declineReason: reason, at: now)
    return .refunded(Self.returnedPayment(charge, refundedAt: nil), reason: reason, settled: false)
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
          planID: planID, for: account, paymentMethod: method, couponCode: couponCode,
          proxyUsersInUse: try servingProxyUsers(session, accountID: account.id, planID: planID),
          now: at)
        guard quote.total == charge.amount else { throw ServiceError.changedElsewhere }
        if case .applied(let coupon) = quote.coupon { redeemed = coupon }
        outcome = checkout.apply(quote, to: account, now: at)
      case .extraTraffic(let subscriptionID, let gigabytes, let at):
        // A period that ended since the quote must not receive the traffic (R8): the
        // renewal would wipe it.
        guard billingStep.nextDue(for: account, now: now) == nil else {
          throw ServiceError.changedElsewhere
        }
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
      // Paid, but what it paid for no longer fits the account: the money goes back.
      let reason = "approved, but the change could not be made: \(Self.serviceError(error))"
      return (try owePayment(charge, reason: reason, session), loaded.version)
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
    // A smaller plan pauses the newest users; bought users or a bigger plan bring them back (R25).
    try fitProxyUsers(session, account: outcome.account, subscription: outcome.subscription)
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
      guard outcome == .approved else {
        try session.resolveCharge(
          key: charge.idempotencyKey, status: .declined, orderID: nil, declineReason: reason,
          at: now)
        return (.declined(reason: reason, events: []), loaded.version)
      }
      return (try owePayment(charge, reason: reason, session), loaded.version)
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
    // A charge still open on this account may change it before it completes, which no
    // quote made now can foresee: one open charge per account.
    if try session.openCharge(accountID: loaded.account.id, excluding: key) != nil {
      throw ServiceError.paymentInProgress
    }
    let record = ChargeRecord(
      idempotencyKey: key, accountID: loaded.account.id, orderID: nil, amount: amount,
      paymentMethod: method,
      description: description, purpose: try purpose.encoded(), accountVersion: loaded.version,
      createdAt: now)
    try session.insertChargeIntent(record)
    return record
  }

  /// Settles every charge a killed process left as an intent, and returns the money of
  /// every charge that could not be applied and is still owed back (called on open).
  /// A gateway that cannot answer now leaves its charges for the next open, so that a
  /// dashboard still opens.
  func resolvePendingCharges() throws(ServiceError) {
    let pending = try run { try store.read { try $0.pendingCharges() } }
    for charge in pending {
      do {
        _ = try settle(charge)
      } catch ServiceError.paymentUnconfirmed {
        continue
      } catch {
        throw Self.serviceError(error)
      }
    }
    let owed = try run { try store.read { try $0.refundsOwed() } }
    for charge in owed {
      try run { try returnPayment(charge) }
    }
  }
}
