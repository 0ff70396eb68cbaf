import Billing
import Foundation
import GRDB

/// One charge of the charges table. It is written with status `intent` and committed
/// before the gateway is asked, so every payment is either resolved or resolvable.
///
/// The money trail (R33): `intent` ends `declined` (nothing taken), `approved` (with the
/// order it paid for), or, when the change could no longer be made, `refunding` (money
/// taken, its return owed) and then `refunded` once the gateway gave it back.
public struct ChargeRecord: Sendable, Equatable {
  public enum Status: String, Sendable {
    case intent, approved, declined
    /// The gateway approved but the change it paid for could no longer be made: the
    /// money is owed back, and whoever opens the store next asks the gateway to refund it.
    case refunding
    /// The money of a charge that could not be applied is back with the customer.
    case refunded
  }

  public var idempotencyKey: String
  public var accountID: String
  /// The order the charge paid for, once known.
  public var orderID: String?
  public var amount: Money
  public var paymentMethod: PaymentMethod
  public var description: String
  /// What the charge pays for, as the Services layer encodes it (JSON).
  public var purpose: String
  /// The account version the charge was based on.
  public var accountVersion: Int
  public var status: Status
  public var declineReason: String?
  public var createdAt: Date
  public var resolvedAt: Date?
  /// When the gateway confirmed the refund of a charge that could not be applied.
  public var refundedAt: Date?

  public init(
    idempotencyKey: String, accountID: String, orderID: String?, amount: Money,
    paymentMethod: PaymentMethod, description: String, purpose: String, accountVersion: Int,
    status: Status = .intent, declineReason: String? = nil, createdAt: Date, resolvedAt: Date? = nil,
    refundedAt: Date? = nil
  ) {
    self.idempotencyKey = idempotencyKey
    self.accountID = accountID
    self.orderID = orderID
    self.amount = amount
    self.paymentMethod = paymentMethod
    self.description = description
    self.purpose = purpose
    self.accountVersion = accountVersion
    self.status = status
    self.declineReason = declineReason
    self.createdAt = createdAt
    self.resolvedAt = resolvedAt
    self.refundedAt = refundedAt
  }
}

extension StoreSession {
  public func charge(key: String) throws -> ChargeRecord? {
    try row("SELECT * FROM charges WHERE idempotency_key = ?", [key]).map(Self.charge(from:))
  }

  /// Charges still waiting for the gateway's answer: left by a process that was killed.
  public func pendingCharges() throws -> [ChargeRecord] {
    try rows("SELECT * FROM charges WHERE status = 'intent' ORDER BY created_at, idempotency_key")
      .map(Self.charge(from:))
  }

  /// Charges approved for a change that could not be made, whose money is still owed back.
  public func refundsOwed() throws -> [ChargeRecord] {
    try rows(
      "SELECT * FROM charges WHERE status = 'refunding' ORDER BY created_at, idempotency_key"
    )
    .map(Self.charge(from:))
  }

  /// An account's charge still waiting for the gateway, other than `key`: while one is
  /// open, the account may still change under any new quote, so no second one starts.
  public func openCharge(accountID: String, excluding key: String) throws -> ChargeRecord? {
    try row(
      """
      SELECT * FROM charges WHERE account_id = ? AND status = 'intent' AND idempotency_key <> ?
      ORDER BY created_at LIMIT 1
      """, [accountID, key]
    ).map(Self.charge(from:))
  }

  /// Marks a `refunding` charge `refunded`; false when another process did it first.
  public func markChargeRefunded(key: String, at date: Date) throws -> Bool {
    try execute(
      """
      UPDATE charges SET status = 'refunded', refunded_at = ?
      WHERE idempotency_key = ? AND status = 'refunding'
      """, [Instant.value(date), key])
    return changesCount == 1
  }

  public func charges(accountID: String? = nil) throws -> [ChargeRecord] {
    if let accountID {
      return try rows(
        "SELECT * FROM charges WHERE account_id = ? ORDER BY created_at, idempotency_key",
        [accountID]
      )
      .map(Self.charge(from:))
    }
    return try rows("SELECT * FROM charges ORDER BY created_at, idempotency_key").map(
      Self.charge(from:))
  }

  /// Records the intent to charge; a key seen before is refused (one charge per key).
  public func insertChargeIntent(_ charge: ChargeRecord) throws {
    if try self.charge(key: charge.idempotencyKey) != nil {
      throw StoreError.conflict("The charge \(charge.idempotencyKey) was already recorded.")
    }
    try execute(
      """
      INSERT INTO charges(idempotency_key, account_id, order_id, amount_minor, currency,
        payment_method_json, description, purpose_json, account_version, status, decline_reason,
        created_at, resolved_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'intent', NULL, ?, NULL)
      """,
      [
        charge.idempotencyKey, charge.accountID, charge.orderID, charge.amount.minorUnits,
        charge.amount.currency, try JSONColumn.encode(charge.paymentMethod), charge.description,
        charge.purpose, charge.accountVersion, Instant.value(charge.createdAt),
      ])
  }

  /// Records the gateway's answer and the order it paid for.
  public func resolveCharge(
    key: String, status: ChargeRecord.Status, orderID: String?, declineReason: String?,
    at date: Date
  ) throws {
    try execute(
      """
      UPDATE charges SET status = ?, order_id = ?, decline_reason = ?, resolved_at = ?
      WHERE idempotency_key = ? AND status = 'intent'
      """, [status.rawValue, orderID, declineReason, Instant.value(date), key])
    guard changesCount == 1 else { throw StoreError.changedElsewhere }
  }

  static func charge(from row: Row) throws -> ChargeRecord {
    ChargeRecord(
      idempotencyKey: try row.decode(String.self, forColumn: "idempotency_key"),
      accountID: try row.decode(String.self, forColumn: "account_id"),
      orderID: try row.decode(String?.self, forColumn: "order_id"),
      amount: Money(
        minorUnits: try row.decode(Int64.self, forColumn: "amount_minor"),
        currency: try row.decode(String.self, forColumn: "currency")),
      paymentMethod: try JSONColumn.decode(PaymentMethod.self, row, "payment_method_json"),
      description: try row.decode(String.self, forColumn: "description"),
      purpose: try row.decode(String.self, forColumn: "purpose_json"),
      accountVersion: try row.decode(Int.self, forColumn: "account_version"),
      status: try enumValue(ChargeRecord.Status.self, row, "status"),
      declineReason: try row.decode(String?.self, forColumn: "decline_reason"),
      createdAt: try Instant.date(row, "created_at"),
      resolvedAt: try Instant.optionalDate(row, "resolved_at"),
      refundedAt: try Instant.optionalDate(row, "refunded_at"))
  }

  // MARK: The local gateway's book

  /// The local gateway's earlier answer for `key`: (approved, reason).
  public func gatewayAnswer(key: String) throws -> (approved: Bool, reason: String?)? {
    guard
      let row = try row(
        "SELECT approved, reason FROM gateway_ledger WHERE idempotency_key = ?", [key])
    else {
      return nil
    }
    return (
      try row.decode(Bool.self, forColumn: "approved"),
      try row.decode(String?.self, forColumn: "reason")
    )
  }

  public func recordGatewayAnswer(
    key: String, amount: Money, approved: Bool, reason: String?, at date: Date
  ) throws {
    try execute(
      """
      INSERT OR IGNORE INTO gateway_ledger(idempotency_key, amount_minor, currency, approved, reason, answered_at)
      VALUES (?, ?, ?, ?, ?, ?)
      """, [key, amount.minorUnits, amount.currency, approved, reason, Instant.value(date)])
  }

  /// Every key the local gateway approved: the money it took.
  public func gatewayApprovedKeys() throws -> [String] {
    try rows(
      "SELECT idempotency_key FROM gateway_ledger WHERE approved = 1 ORDER BY idempotency_key"
    )
    .map { try $0.decode(String.self, forColumn: "idempotency_key") }
  }
}
