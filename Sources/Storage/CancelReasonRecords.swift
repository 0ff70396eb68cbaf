import Billing
import GRDB

/// The reason a customer gave when cancelling (issue 15): a column of its own, NULL when
/// none was given, so every store written before it reads as "no reason".
enum CancelReasonSchema {
  static let identifier = "demo-cancel-reason"

  static func migrate(_ db: Database) throws {
    try db.execute(sql: "ALTER TABLE subscriptions ADD COLUMN cancel_reason TEXT")
  }

  /// A reason this build does not know (written by a newer one) reads as none.
  static func reason(_ row: Row) throws -> CancelReason? {
    try row.decode(String?.self, forColumn: "cancel_reason").flatMap(CancelReason.init(rawValue:))
  }
}

extension StoreSession {
  /// Stores the subscription's reason beside the row `replaceChildren` just wrote.
  func saveCancelReason(of subscription: Subscription) throws {
    guard let reason = subscription.cancelReason else { return }
    try execute(
      "UPDATE subscriptions SET cancel_reason = ? WHERE id = ?", [reason.rawValue, subscription.id])
  }
}
