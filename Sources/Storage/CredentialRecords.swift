import Foundation
import GRDB

/// A slow salted password hash with the parameters that made it (R24), plus the
/// failed log-in count behind the lockout.
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

public struct Credentials: Sendable, Equatable {
  public var password: PasswordHash
  public var failedAttempts: Int
  public var lockedUntil: Date?

  public init(password: PasswordHash, failedAttempts: Int = 0, lockedUntil: Date? = nil) {
    self.password = password
    self.failedAttempts = failedAttempts
    self.lockedUntil = lockedUntil
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
        hash: try row.decode(Data.self, forColumn: "hash")),
      failedAttempts: try row.decode(Int.self, forColumn: "failed_attempts"),
      lockedUntil: try Instant.optionalDate(row, "locked_until"))
  }

  public func setCredentials(_ credentials: Credentials, accountID: String) throws {
    try execute(
      """
      INSERT INTO credentials(account_id, algorithm, iterations, salt, hash, failed_attempts, locked_until)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(account_id) DO UPDATE SET algorithm = excluded.algorithm,
        iterations = excluded.iterations, salt = excluded.salt, hash = excluded.hash,
        failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until
      """,
      [
        accountID, credentials.password.algorithm, credentials.password.iterations,
        credentials.password.salt, credentials.password.hash, credentials.failedAttempts,
        Instant.value(credentials.lockedUntil),
      ])
  }
}
