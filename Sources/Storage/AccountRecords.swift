import Billing
import Foundation
import GRDB

/// An account as read, with the version a later write must still find (optimistic
/// concurrency: two processes never lose an update).
public struct VersionedAccount: Sendable, Equatable {
  public var account: Account
  public var version: Int

  public init(account: Account, version: Int) {
    self.account = account
    self.version = version
  }
}

extension StoreSession {
  // MARK: Reading

  public func accountID(email: String) throws -> String? {
    try scalarText("SELECT id FROM accounts WHERE email_key = ?", [EmailAddress.normalized(email)])
  }

  public func accountIDs() throws -> [String] {
    try rows("SELECT id FROM accounts ORDER BY created_at, id").map {
      try $0.decode(String.self, forColumn: "id")
    }
  }

  /// Whether the account exists, without loading it: callers that only need to refuse
  /// an unknown id should not pay for decoding every order.
  public func accountExists(id: String) throws -> Bool {
    try scalarInt("SELECT 1 FROM accounts WHERE id = ?", [id]) != nil
  }

  public func accountCount() throws -> Int {
    try scalarInt("SELECT COUNT(*) FROM accounts") ?? 0
  }

  /// The whole `Account` aggregate and its version, or nil when there is no such account.
  public func account(id: String) throws -> VersionedAccount? {
    guard let row = try row("SELECT * FROM accounts WHERE id = ?", [id]) else { return nil }
    let vatID = try row.decode(String?.self, forColumn: "vat_id")
    let profile = BillingProfile(
      name: try row.decode(String.self, forColumn: "name"),
      company: try row.decode(String.self, forColumn: "company"),
      country: try row.decode(String.self, forColumn: "country"),
      vatID: vatID,
      timeZone: try row.decode(String.self, forColumn: "time_zone"))
    let account = Account(
      id: id, email: try row.decode(String.self, forColumn: "email"), profile: profile,
      createdAt: try Instant.date(row, "created_at"),
      subscriptions: try subscriptions(accountID: id),
      orders: try orders(accountID: id),
      refunds: try refunds(accountID: id),
      firstPlanChangeAt: try Instant.optionalDate(row, "first_plan_change_at"))
    return VersionedAccount(
      account: account, version: try row.decode(Int.self, forColumn: "version"))
  }

  private func subscriptions(accountID: String) throws -> [Subscription] {
    try rows(
      """
      SELECT s.*, p.kind AS pm_kind, p.brand, p.last4, p.expiry_month, p.expiry_year, p.holder,
             p.token, p.paypal_email
      FROM subscriptions s LEFT JOIN payment_methods p ON p.subscription_id = s.id
      WHERE s.account_id = ? ORDER BY s.position
      """, [accountID]
    ).map { row in
      var subscription = Subscription(
        id: try row.decode(String.self, forColumn: "id"),
        product: try enumValue(Product.self, row, "product"),
        planID: try row.decode(String.self, forColumn: "plan_id"),
        state: try enumValue(SubscriptionState.self, row, "state"),
        anchor: try Instant.date(row, "anchor"),
        periodIndex: try row.decode(Int.self, forColumn: "period_index"),
        periodStart: try Instant.date(row, "period_start"),
        periodEnd: try Instant.date(row, "period_end"),
        autoRenew: try row.decode(Bool.self, forColumn: "auto_renew"),
        paymentMethod: try paymentMethod(row),
        allowance: Traffic(bytes: try row.decode(Int64.self, forColumn: "allowance_bytes")),
        transferred: Traffic(bytes: try row.decode(Int64.self, forColumn: "transferred_bytes")),
        extra: Traffic(bytes: try row.decode(Int64.self, forColumn: "extra_bytes")),
        used: Traffic(bytes: try row.decode(Int64.self, forColumn: "used_bytes")),
        coupon: try JSONColumn.decodeIfPresent(AppliedCoupon.self, row, "coupon_json"),
        extraProxyUsers: try row.decode(Int.self, forColumn: "extra_proxy_users"),
        reminderSentForPeriodEnd: try Instant.optionalDate(row, "reminder_sent_for"),
        warningsSent: try JSONColumn.decode([Int].self, row, "warnings_sent_json"),
        pastDueSince: try Instant.optionalDate(row, "past_due_since"),
        retriesDone: try row.decode(Int.self, forColumn: "retries_done"),
        endedAt: try Instant.optionalDate(row, "ended_at"),
        originOrderID: try row.decode(String.self, forColumn: "origin_order_id"))
      subscription.cancelReason = try CancelReasonSchema.reason(row)
      return subscription
    }
  }

  private func paymentMethod(_ row: Row) throws -> PaymentMethod {
    guard let kind = try row.decode(String?.self, forColumn: "pm_kind") else {
      throw StoreError.failed("A subscription has lost its payment method.")
    }
    switch PaymentMethod.Kind(rawValue: kind) {
    case .card:
      return .card(
        StoredCard(
          brand: try enumValue(CardBrand.self, row, "brand"),
          last4: try row.decode(String.self, forColumn: "last4"),
          expiryMonth: try row.decode(Int.self, forColumn: "expiry_month"),
          expiryYear: try row.decode(Int.self, forColumn: "expiry_year"),
          holder: try row.decode(String.self, forColumn: "holder"),
          token: try row.decode(String.self, forColumn: "token")))
    case .payPal: return .payPal(email: try row.decode(String.self, forColumn: "paypal_email"))
    case .btc: return .btc
    case nil: throw StoreError.failed("The store holds an unknown payment method \"\(kind)\".")
    }
  }

  private func orders(accountID: String) throws -> [Order] {
    try rows("SELECT * FROM orders WHERE account_id = ? ORDER BY position", [accountID]).map(
      Order.init(storedRow:))
  }

  private func refunds(accountID: String) throws -> [Refund] {
    try rows("SELECT * FROM refunds WHERE account_id = ? ORDER BY position", [accountID]).map(
      Refund.init(storedRow:))
  }

  // MARK: Writing

  /// Adds a new account; refuses an email already taken (case-insensitive, R24).
  /// Returns its version (1).
  /// `issuingInvoices` false leaves the invoices of the account's orders to the caller
  /// (a demo import numbers every account's history in order of time).
  @discardableResult
  public func insertAccount(_ account: Account, issuingInvoices: Bool = true) throws -> Int {
    if try accountID(email: account.email) != nil {
      throw StoreError.conflict("An account with \(account.email) already exists.")
    }
    try execute(
      """
      INSERT INTO accounts(id, email, email_key, name, company, country, vat_id, time_zone,
                           created_at, first_plan_change_at, version, next_due_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
      """,
      [
        account.id, account.email, EmailAddress.normalized(account.email), account.profile.name,
        account.profile.company, account.profile.country, account.profile.vatID,
        account.profile.timeZone, Instant.value(account.createdAt),
        Instant.value(account.firstPlanChangeAt), Instant.value(nextDueDate(of: account)),
      ])
    try replaceChildren(of: account)
    if issuingInvoices { try issueMissingInvoices(accountID: account.id) }
    return 1
  }

  /// Saves the whole aggregate if the stored version is still `expectedVersion`;
  /// otherwise refuses with `changedElsewhere`. Returns the new version.
  @discardableResult
  public func saveAccount(_ account: Account, expectedVersion: Int) throws -> Int {
    if let other = try accountID(email: account.email), other != account.id {
      throw StoreError.conflict("An account with \(account.email) already exists.")
    }
    try execute(
      """
      UPDATE accounts SET email = ?, email_key = ?, name = ?, company = ?, country = ?, vat_id = ?,
        time_zone = ?, created_at = ?, first_plan_change_at = ?, version = version + 1,
        next_due_at = ?
      WHERE id = ? AND version = ?
      """,
      [
        account.email, EmailAddress.normalized(account.email), account.profile.name,
        account.profile.company, account.profile.country, account.profile.vatID,
        account.profile.timeZone, Instant.value(account.createdAt),
        Instant.value(account.firstPlanChangeAt), Instant.value(nextDueDate(of: account)),
        account.id, expectedVersion,
      ])
    guard changesCount == 1 else { throw StoreError.changedElsewhere }
    try replaceChildren(of: account)
    try issueMissingInvoices(accountID: account.id)
    return expectedVersion + 1
  }

  /// The moment `next_due_at` records for `account`: every save keeps the index that
  /// billing runs read (R28) equal to the account.
  func nextDueDate(of account: Account) -> Date? {
    store.duePolicy.nextDueDate(for: account)
  }

  /// The version the account has now, or nil when it does not exist.
  public func accountVersion(id: String) throws -> Int? {
    try scalarInt("SELECT version FROM accounts WHERE id = ?", [id])
  }

  /// Rewrites subscriptions, payment methods, orders and refunds of the account: the
  /// aggregate is small, and rewriting it whole keeps the rows equal to the value.
  private func replaceChildren(of account: Account) throws {
    let id = account.id
    try execute("DELETE FROM subscriptions WHERE account_id = ?", [id])
    try execute("DELETE FROM orders WHERE account_id = ?", [id])
    try execute("DELETE FROM refunds WHERE account_id = ?", [id])
    for (position, subscription) in account.subscriptions.enumerated() {
      try insert(subscription, accountID: id, position: position)
      try saveCancelReason(of: subscription)
    }
    for (position, order) in account.orders.enumerated() {
      try execute(
        """
        INSERT INTO orders(id, account_id, position, kind_json, product, plan_id, subscription_id,
                           invoice_json, payment_method_json, created_at, status, total_minor, currency)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          order.id, id, position, try JSONColumn.encode(order.kind), order.product.rawValue,
          order.planID, order.subscriptionID, try JSONColumn.encode(order.invoice),
          try JSONColumn.encode(order.paymentMethod), Instant.value(order.createdAt),
          order.status.rawValue, order.total.minorUnits, order.total.currency,
        ])
    }
    for (position, refund) in account.refunds.enumerated() {
      try execute(
        """
        INSERT INTO refunds(id, account_id, position, order_id, subscription_id, amount_minor, currency,
                            payment_method_json, status, requested_at, approved_at, completes_at, completed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          refund.id, id, position, refund.orderID, refund.subscriptionID, refund.amount.minorUnits,
          refund.amount.currency, try JSONColumn.encode(refund.paymentMethod),
          refund.status.rawValue,
          Instant.value(refund.requestedAt), Instant.value(refund.approvedAt),
          Instant.value(refund.completesAt), Instant.value(refund.completedAt),
        ])
    }
  }

  private func insert(_ subscription: Subscription, accountID: String, position: Int) throws {
    let s = subscription
    try execute(
      """
      INSERT INTO subscriptions(id, account_id, position, product, plan_id, state, anchor, period_index,
        period_start, period_end, auto_renew, allowance_bytes, transferred_bytes, extra_bytes, used_bytes,
        coupon_json, extra_proxy_users, reminder_sent_for, warnings_sent_json, past_due_since,
        retries_done, ended_at, origin_order_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        s.id, accountID, position, s.product.rawValue, s.planID, s.state.rawValue,
        Instant.value(s.anchor), s.periodIndex, Instant.value(s.periodStart),
        Instant.value(s.periodEnd), s.autoRenew, s.allowance.bytes, s.transferred.bytes,
        s.extra.bytes, s.used.bytes, try s.coupon.map { try JSONColumn.encode($0) },
        s.extraProxyUsers, Instant.value(s.reminderSentForPeriodEnd),
        try JSONColumn.encode(s.warningsSent), Instant.value(s.pastDueSince), s.retriesDone,
        Instant.value(s.endedAt), s.originOrderID,
      ])
    var arguments: StatementArguments = [s.id, s.paymentMethod.kind.rawValue]
    switch s.paymentMethod {
    case .card(let card):
      arguments += [
        card.brand.rawValue, card.last4, card.expiryMonth, card.expiryYear, card.holder, card.token,
        nil,
      ]
    case .payPal(let email):
      arguments += [nil, nil, nil, nil, nil, nil, email]
    case .btc:
      arguments += [nil, nil, nil, nil, nil, nil, nil]
    }
    try execute(
      """
      INSERT INTO payment_methods(subscription_id, kind, brand, last4, expiry_month, expiry_year,
                                  holder, token, paypal_email)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """, arguments)
  }
}
