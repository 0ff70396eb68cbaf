import Billing
import Foundation
import GRDB

/// The money trail's schema (R33): a charge that could not be applied is `refunding`
/// until the gateway gives the money back, then `refunded`; the local gateway's book
/// records each refund once.
enum MoneyTrailSchema {
  static let identifier = "v2-money-trail"

  /// SQLite cannot widen a CHECK in place, so the charges table is rebuilt. A `void`
  /// charge of an older build was money taken and never returned: it becomes
  /// `refunding`, so the next open gives it back.
  static func migrate(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE charges_v2 (
          idempotency_key TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          order_id TEXT,
          amount_minor INTEGER NOT NULL,
          currency TEXT NOT NULL,
          payment_method_json TEXT NOT NULL,
          description TEXT NOT NULL,
          purpose_json TEXT NOT NULL,
          account_version INTEGER NOT NULL,
          status TEXT NOT NULL
            CHECK (status IN ('intent', 'approved', 'declined', 'refunding', 'refunded')),
          decline_reason TEXT,
          created_at REAL NOT NULL,
          resolved_at REAL,
          refunded_at REAL
        );
        INSERT INTO charges_v2
          SELECT idempotency_key, account_id, order_id, amount_minor, currency,
            payment_method_json, description, purpose_json, account_version,
            CASE status WHEN 'void' THEN 'refunding' ELSE status END,
            decline_reason, created_at, resolved_at, NULL
          FROM charges;
        DROP TABLE charges;
        ALTER TABLE charges_v2 RENAME TO charges;
        CREATE INDEX charges_by_status ON charges(status);
        CREATE INDEX charges_by_account ON charges(account_id, status);
        ALTER TABLE gateway_ledger ADD COLUMN refunded_at REAL;
        """)
  }
}

/// Why the local gateway's book refused a refund.
public enum GatewayRefundRefusal: Error, Equatable, Sendable, CustomStringConvertible {
  case notCharged(String)
  case amountDiffers(key: String, charged: Money, asked: Money)

  public var description: String {
    switch self {
    case .notCharged(let key): "The payment \(key) was never charged, so it cannot be refunded."
    case .amountDiffers(let key, let charged, let asked):
      "The payment \(key) charged \(charged), not \(asked): refund refused."
    }
  }
}

extension StoreSession {
  /// Records, once, that the local gateway gave back the money of `key`. A repeat is a
  /// no-op, so a refund asked for again after a crash returns nothing twice.
  public func recordGatewayRefund(key: String, amount: Money, at date: Date) throws {
    guard
      let row = try row(
        """
        SELECT amount_minor, currency, approved, refunded_at FROM gateway_ledger
        WHERE idempotency_key = ?
        """, [key]),
      try row.decode(Bool.self, forColumn: "approved")
    else { throw GatewayRefundRefusal.notCharged(key) }
    let charged = Money(
      minorUnits: try row.decode(Int64.self, forColumn: "amount_minor"),
      currency: try row.decode(String.self, forColumn: "currency"))
    guard charged == amount else {
      throw GatewayRefundRefusal.amountDiffers(key: key, charged: charged, asked: amount)
    }
    if try row.decode(Double?.self, forColumn: "refunded_at") != nil { return }
    try execute(
      "UPDATE gateway_ledger SET refunded_at = ? WHERE idempotency_key = ?",
      [Instant.value(date), key])
  }

  /// Every key whose money the local gateway gave back.
  public func gatewayRefundedKeys() throws -> [String] {
    try rows(
      """
      SELECT idempotency_key FROM gateway_ledger WHERE refunded_at IS NOT NULL
      ORDER BY idempotency_key
      """
    )
    .map { try $0.decode(String.self, forColumn: "idempotency_key") }
  }

  /// Charges whose money went back, or is going back, because the account changed
  /// while paying: the billing history shows each (R33).
  public func returnedCharges(accountID: String) throws -> [ChargeRecord] {
    try rows(
      """
      SELECT * FROM charges WHERE account_id = ? AND status IN ('refunding', 'refunded')
      ORDER BY created_at, idempotency_key
      """, [accountID]
    )
    .map(Self.charge(from:))
  }
}
