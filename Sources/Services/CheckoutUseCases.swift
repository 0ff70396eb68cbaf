import Billing
import Foundation
import Storage

// Buying plans, plan changes and extras (R8–R19, R25), payment methods (R16, R16a),
// cancellation (R22) and refunds (R20, R21).
extension ProxyDashService {
  public func quotePlan(
    accountID: String, planID: String, paymentMethod: PaymentMethod, couponCode: String?
  ) throws(ServiceError) -> CheckoutQuote {
    // A catalog the provider imported while this dashboard was open prices the
    // purchase at once (R29).
    try reloadCatalogIfChanged()
    let loaded = try readAccount(accountID)
    let quote = try run {
      try checkout.quote(
        planID: planID, for: loaded.account, paymentMethod: paymentMethod, couponCode: couponCode,
        proxyUsersInUse: try store.read {
          try servingProxyUsers($0, accountID: accountID, planID: planID)
        }, now: now)
    }
    remember(accountID, version: loaded.version)
    return quote
  }

  /// Charges once per `idempotencyKey` however often it is called (R16b).
  public func buyPlan(accountID: String, quote: CheckoutQuote, idempotencyKey: String)
    throws(ServiceError) -> PurchaseOutcome
  {
    let key = "\(accountID)/\(idempotencyKey)"
    let now = self.now
    if let earlier = try run({ try store.read { try $0.charge(key: key) } }) {
      return try repeatPurchase(earlier, accountID: accountID)
    }
    if quote.paymentMethod.kind == .btc { throw .billing(.btcThroughSupport) }
    let couponCode: String? = {
      if case .applied(let coupon) = quote.coupon { return coupon.code }
      return nil
    }()
    let intent: ChargeRecord = try run {
      try store.write { session in
        let loaded = try loadForWrite(session, accountID)
        // The customer confirmed `quote`; it must still be what buying costs now, in the
        // transaction that records the intent, so a stale quote never reaches the gateway.
        let fresh = try requoted {
          try checkout.quote(
            planID: quote.plan.id, for: loaded.account, paymentMethod: quote.paymentMethod,
            couponCode: couponCode,
            proxyUsersInUse: try servingProxyUsers(
              session, accountID: accountID, planID: quote.plan.id), now: now)
        }
        guard fresh.total == quote.total, fresh.kind == quote.kind,
          fresh.replacing?.id == quote.replacing?.id,
          fresh.unusedTraffic == quote.unusedTraffic,
          fresh.proxyUsersPaused == quote.proxyUsersPaused
        else { throw ServiceError.quoteChanged }
        return try recordIntent(
          session, loaded, key: key, amount: fresh.total, method: quote.paymentMethod,
          description: "\(fresh.kind.label): \(fresh.plan.name)",
          purpose: .plan(
            planID: quote.plan.id, paymentMethod: quote.paymentMethod, couponCode: couponCode,
            at: now))
      }
    }
    try run { try fault(.afterIntent) }
    let completion = try run { try settle(intent) }
    return try purchaseOutcome(completion, accountID: accountID, method: intent.paymentMethod)
  }

  public func quoteExtraTraffic(accountID: String, subscriptionID: String, gigabytes: Int)
    throws(ServiceError) -> ExtraQuote
  {
    // Extra traffic belongs to the period current when it is paid (R8): a period that
    // ended while the screen was open is renewed first, so the quote is for the new one.
    _ = try runBillingStep(accountID: accountID)
    let loaded = try readAccount(accountID)
    let quote = try run {
      try checkout.quoteExtraTraffic(
        gigabytes: gigabytes, subscriptionID: subscriptionID, for: loaded.account)
    }
    remember(accountID, version: loaded.version)
    return quote
  }

  public func quoteProxyUsers(accountID: String, subscriptionID: String, count: Int)
    throws(ServiceError) -> ExtraQuote
  {
    let loaded = try readAccount(accountID)
    let quote = try run {
      try checkout.quoteProxyUsers(
        count: count, subscriptionID: subscriptionID, for: loaded.account)
    }
    remember(accountID, version: loaded.version)
    return quote
  }

  public func buyExtra(accountID: String, quote: ExtraQuote, idempotencyKey: String)
    throws(ServiceError) -> PurchaseOutcome
  {
    let key = "\(accountID)/\(idempotencyKey)"
    let now = self.now
    if let earlier = try run({ try store.read { try $0.charge(key: key) } }) {
      return try repeatPurchase(earlier, accountID: accountID)
    }
    let purpose: ChargePurpose
    switch quote.kind {
    case .extraTraffic(let traffic):
      purpose = .extraTraffic(
        subscriptionID: quote.subscriptionID, gigabytes: Int(traffic.bytes / Traffic.bytesPerGB),
        at: now)
    case .proxyUsers(let count):
      purpose = .proxyUsers(subscriptionID: quote.subscriptionID, count: count, at: now)
    default: throw .invalidInput("This is not an extra that can be bought.")
    }
    if case .extraTraffic = purpose { _ = try runBillingStep(accountID: accountID) }
    let intent: ChargeRecord = try run {
      try store.write { session in
        let loaded = try loadForWrite(session, accountID)
        let fresh: ExtraQuote = try requoted {
          switch purpose {
          case .extraTraffic(let id, let gigabytes, _):
            try checkout.quoteExtraTraffic(
              gigabytes: gigabytes, subscriptionID: id, for: loaded.account)
          case .proxyUsers(let id, let count, _):
            try checkout.quoteProxyUsers(count: count, subscriptionID: id, for: loaded.account)
          default: throw ServiceError.invalidInput("This is not an extra that can be bought.")
          }
        }
        guard fresh.total == quote.total, fresh.paymentMethod == quote.paymentMethod else {
          throw ServiceError.quoteChanged
        }
        return try recordIntent(
          session, loaded, key: key, amount: fresh.total, method: fresh.paymentMethod,
          description: fresh.kind.label, purpose: purpose)
      }
    }
    try run { try fault(.afterIntent) }
    let completion = try run { try settle(intent) }
    return try purchaseOutcome(completion, accountID: accountID, method: intent.paymentMethod)
  }

  /// Turns a typed card into a stored method (tokenized by the gateway), or the field errors.
  /// `planID`: the plan being bought, which a BTC support request names.
  public func storedMethod(
    from input: PaymentMethodInput, accountID: String, forPlan planID: String? = nil
  ) throws(ServiceError) -> PaymentMethod {
    switch input {
    case .card(let entry):
      let loaded = try readAccount(accountID)
      switch entry.check(now: now, calendar: loaded.account.calendar) {
      case .failure(let rejection): throw .cardRejected(rejection)
      case .success(let card):
        return .card(
          StoredCard(
            brand: card.brand, last4: card.last4, expiryMonth: card.expiryMonth,
            expiryYear: card.expiryYear,
            holder: card.holder, token: gateway.tokenize(card)))
      }
    case .payPal(let email):
      switch PayPalAddress.check(email) {
      case .failure(let error): throw .billing(error)
      case .success(let address): return .payPal(email: address)
      }
    case .btc:
      try fileBTCSupportRequest(accountID: accountID, subscriptionID: nil, planID: planID)
      throw .billing(.btcThroughSupport)
    }
  }

  /// Cancels (R22), keeping the reason the customer chose, if any, for support.
  public func cancel(accountID: String, subscriptionID: String, reason: CancelReason? = nil)
    throws(ServiceError) -> Account
  {
    let now = self.now
    return try saving(accountID) { account, _ in
      guard let subscription = account.subscription(id: subscriptionID) else {
        throw BillingError.unknownSubscription(subscriptionID)
      }
      let result = try Cancellation.cancel(
        subscriptionID, in: account, planName: planName(subscription.planID), now: now,
        reason: reason)
      account = result.account
      return result.notices
    }
  }

  /// Undoes a cancellation within its period, free of charge (R22a).
  public func resume(accountID: String, subscriptionID: String) throws(ServiceError) -> Account {
    let now = self.now
    return try saving(accountID) { account, _ in
      guard let subscription = account.subscription(id: subscriptionID) else {
        throw BillingError.unknownSubscription(subscriptionID)
      }
      let result = try Cancellation.resume(
        subscriptionID, in: account, planName: planName(subscription.planID), now: now)
      account = result.account
      return result.notices
    }
  }

  public func refundEligibility(accountID: String, subscriptionID: String) throws(ServiceError)
    -> RefundEligibility
  {
    let loaded = try readAccount(accountID)
    return Refunds.eligibility(
      of: subscriptionID, in: loaded.account, catalog: catalog, policy: policy, now: now)
  }

  public func requestRefund(accountID: String, subscriptionID: String) throws(ServiceError)
    -> Refund
  {
    let now = self.now
    var refund: Refund?
    _ = try saving(accountID) { account, _ in
      let result = try Refunds.request(
        for: subscriptionID, in: account, catalog: catalog, policy: policy, now: now)
      account = result.account
      refund = result.refund
      return result.notices
    }
    guard let refund else { throw .storeFailed("The refund was not recorded.") }
    return refund
  }

  /// Payments that went back because the account changed while paying, oldest first:
  /// billing history shows them beside orders and refunds (R33).
  public func returnedPayments(accountID: String) throws(ServiceError) -> [ReturnedPayment] {
    try run {
      try store.read { try $0.returnedCharges(accountID: accountID) }
        .map { Self.returnedPayment($0, refundedAt: $0.refundedAt) }
    }
  }

  /// Saves the new method; a past-due subscription retries at once (R16a).
  public func updatePaymentMethod(
    accountID: String, subscriptionID: String, input: PaymentMethodInput
  ) throws(ServiceError) -> [BillingEvent] {
    if case .btc = input {
      try fileBTCSupportRequest(accountID: accountID, subscriptionID: subscriptionID)
      throw .billing(.btcThroughSupport)
    }
    let method = try storedMethod(from: input, accountID: accountID)
    let now = self.now
    let (intent, old, new): (ChargeRecord?, Int, Int) = try run {
      try store.write { session in
        let loaded = try loadForWrite(session, accountID)
        var account = loaded.account
        guard var subscription = account.subscription(id: subscriptionID) else {
          throw BillingError.unknownSubscription(subscriptionID)
        }
        guard subscription.state.isLive else {
          throw BillingError.subscriptionNotLive(subscription.state)
        }
        let turnsOn = subscription.switchingTurnsAutoRenewalOn(to: method)
        subscription.switchPaymentMethod(to: method)
        if let index = account.subscriptions.firstIndex(where: { $0.id == subscriptionID }) {
          account.subscriptions[index] = subscription
        }
        let version = try session.saveAccount(account, expectedVersion: loaded.version)
        let saved = VersionedAccount(account: account, version: version)
        try session.queueNotices(
          [
            Notice(
              kind: .paymentMethodUpdated, date: now,
              subject: "Payment method updated: \(planName(subscription.planID))",
              body:
                "Your \(planName(subscription.planID)) subscription is now paid with \(method.summary)."
                + (turnsOn
                  ? " Auto-renewal is now on: it renews automatically on \(account.calendar.dayText(subscription.periodEnd))."
                  : ""),
              subscriptionID: subscriptionID)
          ], accountID: accountID, email: account.email)
        guard subscription.state == .pastDue else { return (nil, loaded.version, version) }
        let item = DueItem(date: now, kind: .retryNow(subscriptionID: subscriptionID))
        guard let request = billingStep.chargeRequest(for: item, in: account),
          let purpose = ChargePurpose(dueItem: item)
        else { return (nil, loaded.version, version) }
        let intent = try recordIntent(
          session, saved, key: request.orderID, amount: request.amount,
          method: request.paymentMethod,
          description: request.description, purpose: purpose)
        return (intent, loaded.version, version)
      }
    }
    advanceSeen(accountID, from: old, to: new)
    guard let intent else { return [] }
    try run { try fault(.afterIntent) }
    switch try run({ try settle(intent) }) {
    case .stepped(let events), .declined(_, let events): return events
    case .purchased, .refunded, .settledElsewhere: return []
    }
  }

  /// Runs a re-quote made while recording an intent: a quote that held when shown and
  /// no longer can be made means the account changed meanwhile.
  private func requoted<Quote>(_ body: () throws -> Quote) throws -> Quote {
    do {
      return try body()
    } catch is BillingError {
      throw ServiceError.quoteChanged
    }
  }

  // MARK: Helpers

  /// Refuses an unknown account without loading it.
  func requireAccount(_ accountID: String) throws(ServiceError) {
    let exists = try run { try store.read { try $0.accountExists(id: accountID) } }
    guard exists else { throw .unknownAccount(accountID) }
  }

  func readAccount(_ accountID: String) throws(ServiceError) -> VersionedAccount {
    let loaded: VersionedAccount? = try run { try store.read { try $0.account(id: accountID) } }
    guard let loaded else { throw .unknownAccount(accountID) }
    return loaded
  }

  /// A purchase confirmed again with a key already used: its first result, no new charge.
  private func repeatPurchase(_ earlier: ChargeRecord, accountID: String) throws(ServiceError)
    -> PurchaseOutcome
  {
    switch earlier.status {
    case .intent:
      return try purchaseOutcome(
        try run { try settle(earlier) }, accountID: accountID, method: earlier.paymentMethod)
    case .approved:
      let loaded = try readAccount(accountID)
      return try outcome(of: earlier.orderID, in: loaded.account)
    case .declined:
      throw .billing(.paymentDeclined(earlier.paymentMethod.summary))
    case .refunding, .refunded:
      throw .paymentReturned(
        Self.returnedPayment(earlier, refundedAt: earlier.refundedAt),
        settled: earlier.status == .refunded)
    }
  }

  private func purchaseOutcome(_ completion: ChargeCompletion, accountID: String, method: PaymentMethod)
    throws(ServiceError) -> PurchaseOutcome
  {
    switch completion {
    case .purchased(let account, let orderID, let notices):
      var result = try outcome(of: orderID, in: account)
      result.notices = notices
      return result
    case .declined:
      throw .billing(.paymentDeclined(method.summary))
    case .stepped:
      throw .storeFailed("The payment was settled as a renewal.")
    case .refunded(let payment, _, let settled):
      throw .paymentReturned(payment, settled: settled)
    case .settledElsewhere(let settled):
      guard settled.status != .intent else { throw .changedElsewhere }
      return try repeatPurchase(settled, accountID: accountID)
    }
  }

  /// The outcome of a paid order as the store holds it. Nothing is applied again: the
  /// order is already in `account`.
  private func outcome(of orderID: String?, in account: Account) throws(ServiceError) -> PurchaseOutcome {
    guard let orderID, let order = account.orders.first(where: { $0.id == orderID }),
      let subscription = account.subscription(id: order.subscriptionID)
    else { throw .storeFailed("The paid order could not be found.") }
    return PurchaseOutcome(account: account, order: order, subscription: subscription, notices: [])
  }

  /// Files a support request for a customer who chose BTC (R16).
  /// Files R16's support request in the outbox. Support arranges the payment by hand,
  /// so the request names what is to be paid: the plan being bought (`planID`, at
  /// checkout) or the subscription whose method changes, and the amount with VAT (the
  /// purchase's total, or the monthly fee; no coupon, R17).
  func fileBTCSupportRequest(accountID: String, subscriptionID: String?, planID: String? = nil)
    throws(ServiceError)
  {
    let now = self.now
    try run {
      try store.write { session in
        let loaded = try load(session, accountID)
        let account = loaded.account
        let email = account.email
        var what = "a purchase"
        var subject = "Support request: paying with BTC"
        if let planID, let plan = catalog.plan(id: planID) {
          // Priced as support will price it: the checkout's total without a coupon.
          let total = try? checkout.quote(
            planID: planID, for: account, paymentMethod: .payPal(email: Support.email),
            couponCode: nil, now: now
          ).total
          what =
            "the \(plan.name) plan (\(plan.product.displayName))"
            + (total.map { ", \($0) including VAT," } ?? "")
          subject = "Support request: pay \(plan.name)" + (total.map { " (\($0))" } ?? "") + " with BTC"
        } else if let subscriptionID, let subscription = account.subscription(id: subscriptionID) {
          var withoutCoupon = subscription
          withoutCoupon.coupon = nil
          let fee = billingStep.renewalInvoice(for: withoutCoupon, in: account)?.total
          let name = planName(subscription.planID)
          what =
            "your \(name) subscription (\(subscription.product.displayName))"
            + (fee.map { ", \($0) a month including VAT," } ?? "")
          subject = "Support request: pay \(name)" + (fee.map { " (\($0) a month)" } ?? "") + " with BTC"
        }
        try session.queueNotices(
          [
            Notice(
              kind: .supportRequest, date: now, subject: subject,
              body: """
                We have filed a support request: \(email) would like to pay for \(what) with BTC.
                BTC payments are arranged with support, not self-served. Support will write to you at \(email);
                you can also reach them at \(Support.email).
                """, subscriptionID: subscriptionID)
          ], accountID: accountID, email: email)
      }
    }
  }
}
