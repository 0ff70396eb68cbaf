import Foundation
import GRDB

/// A slow salted password hash with the parameters that made it (R24).
public struct PasswordHash: Sendable, Equatable {
  public var algorithm: String
  public var iterations: Int
  public var salt: Data
  public var hash: Data

  public init(algorithm: String, iterations: Int, salt: Data, hash: Data) {
    self.algorithm = algorithm
    self.iterations = iterations
    self.salt = salt
    self.hash = hash
  }
}

/// An account's log-in secret. The lockout is not kept here but by email
/// (`recordFailedLogIn`), so that an email without an account locks the same way.
public struct Credentials: Sendable, Equatable {
  public var password: PasswordHash

  public init(password: PasswordHash) {
    self.password = password
  }
}

extension StoreSession {
  public func credentials(accountID: String) throws -> Credentials? {
    guard let row = try row("SELECT * FROM credentials WHERE account_id = ?", [accountID]) else {
      return nil
    }
    return Credentials(
      password: PasswordHash(
        algorithm: try row.decode(String.self, forColumn: "algorithm"),
        iterations: try row.decode(Int.self, forColumn: "iterations"),
        salt: try row.decode(Data.self, forColumn: "salt"),
        hash: try row.decode(Data.self, forColumn: "hash")))
  }

  public func setCredentials(_ credentials: Credentials, accountID: String) throws {
    try execute(
      """
      INSERT INTO credentials(account_id, algorithm, iterations, salt, hash)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(account_id) DO UPDATE SET algorithm = excluded.algorithm,
        iterations = excluded.iterations, salt = excluded.salt, hash = excluded.hash
      """,
      [
        accountID, credentials.password.algorithm, credentials.password.iterations,
        credentials.password.salt, credentials.password.hash,
      ])
  }

  // MARK: Lockout (R24), by the case-folded email a log-in named

  /// When the lock on `emailKey` ends, if it is locked at `now`.
  public func logInLock(emailKey: String, at now: Date) throws -> Date? {
    guard
      let row = try row(
        "SELECT locked_until FROM login_locks WHERE email_key = ? AND locked_until > ?",
        [emailKey, Instant.value(now)])
    else { return nil }
    return try Instant.date(row, "locked_until")
  }

  /// Records a failed log-in at `now`. When it makes `limit` failures within `window`
  /// (the ones older do not count), the email is locked until `now + lockDuration` and
  /// its count starts again; returns that moment. Failures and locks that can no longer
  /// matter are pruned, so guessing many emails cannot grow the tables for long.
  public func recordFailedLogIn(
    emailKey: String, at now: Date, window: TimeInterval, limit: Int, lockDuration: TimeInterval
  ) throws -> Date? {
    let windowStart = Instant.value(now.addingTimeInterval(-window))
    try execute("DELETE FROM login_failures WHERE at <= ?", [windowStart])
    try execute("DELETE FROM login_locks WHERE locked_until <= ?", [Instant.value(now)])
    try execute(
      "INSERT INTO login_failures(email_key, at) VALUES (?, ?)", [emailKey, Instant.value(now)])
    let recent =
      try scalarInt(
        "SELECT COUNT(*) FROM login_failures WHERE email_key = ? AND at > ? AND at <= ?",
        [emailKey, windowStart, Instant.value(now)]) ?? 0
    guard recent >= limit else { return nil }
    let until = now.addingTimeInterval(lockDuration)
    try execute("DELETE FROM login_failures WHERE email_key = ?", [emailKey])
    try execute(
      """
      INSERT INTO login_locks(email_key, locked_until) VALUES (?, ?)
      ON CONFLICT(email_key) DO UPDATE SET locked_until = excluded.locked_until
      """, [emailKey, Instant.value(until)])
    return until
  }

  /// A successful log-in: the count of failures starts again (R24).
  public func clearFailedLogIns(emailKey: String) throws {
    try execute("DELETE FROM login_failures WHERE email_key = ?", [emailKey])
  }
}
