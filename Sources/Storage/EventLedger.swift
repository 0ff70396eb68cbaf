import Billing
import Foundation
import GRDB

/// The ledger of billing events (renewals, failures, endings): append-only history.
extension StoreSession {
  public func appendEvents(_ events: [BillingEvent], accountID: String) throws {
    for event in events {
      try execute(
        "INSERT INTO events(account_id, date, kind, subscription_id, summary) VALUES (?, ?, ?, ?, ?)",
        [
          accountID, Instant.value(event.date), event.kind.rawValue, event.subscriptionID,
          event.summary,
        ])
    }
  }

  public func events(accountID: String) throws -> [BillingEvent] {
    try rows("SELECT * FROM events WHERE account_id = ? ORDER BY date, id", [accountID]).map {
      row in
      BillingEvent(
        date: try Instant.date(row, "date"),
        kind: try enumValue(BillingEvent.Kind.self, row, "kind"),
        subscriptionID: try row.decode(String?.self, forColumn: "subscription_id"),
        summary: try row.decode(String.self, forColumn: "summary"))
    }
  }
}
