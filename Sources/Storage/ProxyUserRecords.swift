import Billing
import Foundation
import GRDB

/// A proxy user with its proxy password (R25, R25a): hashed as before, and readable too,
/// because the provider's gateway checks it on every connection and the customer copies
/// it into their tools like an API key.
public struct StoredProxyUser: Sendable, Equatable {
  public var user: ProxyUser
  public var accountID: String
  public var password: PasswordHash
  /// Nil for a user made before the store kept passwords readable: no screen can show
  /// its password until a new one is set.
  public var secret: String?

  public init(user: ProxyUser, accountID: String, password: PasswordHash, secret: String? = nil) {
    self.user = user
    self.accountID = accountID
    self.password = password
    self.secret = secret
  }
}

/// The readable proxy password (R25a). A column added beside the hash, which stays for
/// older builds and `verifyProxyUserPassword`; rows from before it stay NULL, since their
/// passwords cannot be recovered from the hash.
enum ProxyPasswordSecretSchema {
  static let identifier = "proxypass-secret"

  static func migrate(_ db: Database) throws {
    try db.execute(sql: "ALTER TABLE proxy_users ADD COLUMN password_secret TEXT")
  }
}

/// Proxy users a plan change left beyond the plan are paused, not deleted (R25): a flag,
/// so the customer can pick which serve and buying users brings them back.
enum PausedProxyUsersSchema {
  static let identifier = "proxy-users-paused"

  static func migrate(_ db: Database) throws {
    try db.execute(
      sql: "ALTER TABLE proxy_users ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1))"
    )
  }
}

extension StoreSession {
  public func proxyUsers(accountID: String) throws -> [StoredProxyUser] {
    try rows(
      "SELECT * FROM proxy_users WHERE account_id = ? ORDER BY product, created_at, rowid",
      [accountID]
    ).map(Self.proxyUser(from:))
  }

  public func proxyUser(id: String, accountID: String) throws -> StoredProxyUser? {
    try row("SELECT * FROM proxy_users WHERE id = ? AND account_id = ?", [id, accountID]).map(
      Self.proxyUser(from:))
  }

  /// The next free id of the form `<account>-u<n>`.
  public func nextProxyUserID(accountID: String) throws -> String {
    var number =
      (try scalarInt("SELECT COUNT(*) FROM proxy_users WHERE account_id = ?", [accountID]) ?? 0) + 1
    while try scalarInt("SELECT 1 FROM proxy_users WHERE id = ?", ["\(accountID)-u\(number)"])
      != nil
    {
      number += 1
    }
    return "\(accountID)-u\(number)"
  }

  /// Adds a proxy user; a name already used for the product is refused (case-insensitive).
  public func insertProxyUser(_ stored: StoredProxyUser) throws {
    let user = stored.user
    let taken = try scalarInt(
      "SELECT 1 FROM proxy_users WHERE account_id = ? AND product = ? AND name_key = ?",
      [stored.accountID, user.product.rawValue, user.name.lowercased()])
    if taken != nil {
      throw StoreError.conflict(
        "A proxy user named \(user.name) already exists for \(user.product.displayName).")
    }
    try execute(
      """
      INSERT INTO proxy_users(id, account_id, product, name, name_key, password_algorithm,
        password_iterations, password_salt, password_hash, password_secret, limit_bytes, created_at,
        paused)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        user.id, stored.accountID, user.product.rawValue, user.name, user.name.lowercased(),
        stored.password.algorithm, stored.password.iterations, stored.password.salt,
        stored.password.hash, stored.secret, user.limit?.bytes, Instant.value(user.createdAt),
        user.paused ? 1 : 0,
      ])
  }

  public func setProxyUserPassword(
    id: String, accountID: String, password: PasswordHash, secret: String? = nil
  ) throws {
    try execute(
      """
      UPDATE proxy_users SET password_algorithm = ?, password_iterations = ?, password_salt = ?, password_hash = ?,
        password_secret = ?
      WHERE id = ? AND account_id = ?
      """,
      [password.algorithm, password.iterations, password.salt, password.hash, secret, id, accountID])
    guard changesCount == 1 else { throw StoreError.conflict("There is no proxy user \(id).") }
  }

  public func setProxyUserLimit(id: String, accountID: String, limit: Traffic?) throws {
    try execute(
      "UPDATE proxy_users SET limit_bytes = ? WHERE id = ? AND account_id = ?",
      [limit?.bytes, id, accountID])
    guard changesCount == 1 else { throw StoreError.conflict("There is no proxy user \(id).") }
  }

  public func setProxyUserPaused(id: String, accountID: String, paused: Bool) throws {
    try execute(
      "UPDATE proxy_users SET paused = ? WHERE id = ? AND account_id = ?",
      [paused ? 1 : 0, id, accountID])
    guard changesCount == 1 else { throw StoreError.conflict("There is no proxy user \(id).") }
  }

  public func deleteProxyUser(id: String, accountID: String) throws {
    try execute("DELETE FROM proxy_users WHERE id = ? AND account_id = ?", [id, accountID])
    guard changesCount == 1 else { throw StoreError.conflict("There is no proxy user \(id).") }
  }

  static func proxyUser(from row: Row) throws -> StoredProxyUser {
    StoredProxyUser(
      user: ProxyUser(
        id: try row.decode(String.self, forColumn: "id"),
        product: try enumValue(Product.self, row, "product"),
        name: try row.decode(String.self, forColumn: "name"),
        limit: try row.decode(Int64?.self, forColumn: "limit_bytes").map(Traffic.init(bytes:)),
        createdAt: try Instant.date(row, "created_at"),
        paused: try row.decode(Int.self, forColumn: "paused") != 0),
      accountID: try row.decode(String.self, forColumn: "account_id"),
      password: PasswordHash(
        algorithm: try row.decode(String.self, forColumn: "password_algorithm"),
        iterations: try row.decode(Int.self, forColumn: "password_iterations"),
        salt: try row.decode(Data.self, forColumn: "password_salt"),
        hash: try row.decode(Data.self, forColumn: "password_hash")),
      secret: try row.decode(String?.self, forColumn: "password_secret"))
  }
}
