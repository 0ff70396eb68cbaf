import Billing
import Foundation

/// The accounts a billing run must bring up to date, and which runner bills which
/// (R28). Only what differs between databases lives here: SQLite's is
/// `SQLiteBillingQueue`; a PostgreSQL store would answer `claimDue` with
/// `SELECT … FOR UPDATE SKIP LOCKED` and be a new type beside it, with the run itself
/// (`ProxyDashService.runBilling`) unchanged.
public protocol BillingQueue: Sendable {
  /// How many accounts have something due at `now` (claimed or not), for a progress bar.
  func dueCount(at now: Date) throws -> Int

  /// Claims for `runner` up to `limit` accounts with something due at `now` that no
  /// live lease holds at `leaseNow`, until `leaseUntil`, earliest due first. Accounts
  /// another runner holds are skipped, never waited for.
  func claimDue(at now: Date, runner: String, leaseNow: Date, leaseUntil: Date, limit: Int)
    throws -> [String]

  /// Ends `runner`'s claim on the account and records its next due moment, unless the
  /// account was saved since `version` was read (that save recorded a newer moment).
  func finish(accountID: String, runner: String, version: Int, nextDueAt: Date?) throws
}

/// The billing queue of the embedded store: a conditional UPDATE takes the lease in one
/// short transaction, so two runners never wait on each other for longer than that.
public struct SQLiteBillingQueue: BillingQueue {
  public let store: Store

  public init(store: Store) { self.store = store }

  public func dueCount(at now: Date) throws -> Int {
    try store.read { session in
      try session.scalarInt(
        "SELECT COUNT(*) FROM accounts WHERE next_due_at <= ?", [Instant.value(now)]) ?? 0
    }
  }

  public func claimDue(
    at now: Date, runner: String, leaseNow: Date, leaseUntil: Date, limit: Int
  ) throws -> [String] {
    try store.write { session in
      try session.rows(
        """
        UPDATE accounts SET claimed_by = ?, claimed_until = ?
        WHERE id IN (
          SELECT id FROM accounts
          WHERE next_due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
          ORDER BY next_due_at LIMIT ?)
          AND (claimed_until IS NULL OR claimed_until < ?)
        RETURNING id
        """,
        [
          runner, Instant.value(leaseUntil), Instant.value(now), Instant.value(leaseNow), limit,
          Instant.value(leaseNow),
        ]
      ).map { try $0.decode(String.self, forColumn: "id") }
    }
  }

  public func finish(accountID: String, runner: String, version: Int, nextDueAt: Date?) throws {
    try store.write { session in
      try session.execute(
        """
        UPDATE accounts SET claimed_by = NULL, claimed_until = NULL,
          next_due_at = CASE WHEN version = ? THEN ? ELSE next_due_at END
        WHERE id = ? AND claimed_by = ?
        """, [version, Instant.value(nextDueAt), accountID, runner])
    }
  }
}

/// What `proxydash billing status` shows: plain reads, the same on any database.
extension StoreSession {
  /// An account and the moment something is next due for it.
  public struct DueEntry: Sendable, Equatable {
    public var accountID: String
    public var email: String
    public var nextDueAt: Date
  }

  /// The accounts with the earliest due moments, earliest first.
  public func upcomingDue(limit: Int) throws -> [DueEntry] {
    try rows(
      """
      SELECT id, email, next_due_at FROM accounts WHERE next_due_at IS NOT NULL
      ORDER BY next_due_at LIMIT ?
      """, [limit]
    ).map { row in
      DueEntry(
        accountID: try row.decode(String.self, forColumn: "id"),
        email: try row.decode(String.self, forColumn: "email"),
        nextDueAt: try Instant.date(row, "next_due_at"))
    }
  }

  /// Ids of the accounts holding a past-due subscription (R7a), oldest account first.
  public func pastDueAccountIDs() throws -> [String] {
    try rows(
      """
      SELECT DISTINCT a.id FROM subscriptions s JOIN accounts a ON a.id = s.account_id
      WHERE s.state = 'pastDue' ORDER BY a.created_at, a.id
      """
    ).map { try $0.decode(String.self, forColumn: "id") }
  }

  /// Who holds a lease on the account and until when, for tests and `billing status`.
  public func claim(accountID: String) throws -> (runner: String, until: Date)? {
    guard let row = try row("SELECT claimed_by, claimed_until FROM accounts WHERE id = ?", [accountID]),
      let runner = try row.decode(String?.self, forColumn: "claimed_by"),
      let until = try Instant.optionalDate(row, "claimed_until")
    else { return nil }
    return (runner, until)
  }

  /// The stored next-due moment of an account (nil: nothing due ever, or no account).
  public func nextDueAt(accountID: String) throws -> Date? {
    try row("SELECT next_due_at FROM accounts WHERE id = ?", [accountID]).flatMap {
      try Instant.optionalDate($0, "next_due_at")
    }
  }
}
