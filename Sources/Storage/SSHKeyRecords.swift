import Billing
import Foundation
import GRDB

/// A customer's registered SSH key (R30): the key, not anything the client sends,
/// decides which account an SSH session opens.
public struct SSHKeyRecord: Sendable, Equatable {
  /// Never reused (AUTOINCREMENT), so a forced command naming a removed key cannot
  /// open whatever key is added next.
  public var id: Int64
  public var accountID: String
  public var type: String
  public var base64: String
  /// `SHA256:…` as `ssh-keygen -lf` prints it.
  public var fingerprint: String
  public var comment: String
  public var addedAt: Date
  public var lastUsedAt: Date?

  public init(
    id: Int64, accountID: String, type: String, base64: String, fingerprint: String, comment: String,
    addedAt: Date, lastUsedAt: Date?
  ) {
    self.id = id
    self.accountID = accountID
    self.type = type
    self.base64 = base64
    self.fingerprint = fingerprint
    self.comment = comment
    self.addedAt = addedAt
    self.lastUsedAt = lastUsedAt
  }
}

/// The `ssh_keys` table. One key opens one account: the blob is unique across the store.
enum SSHKeySchema {
  static let identifier = "ssh-keys"

  static func migrate(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE ssh_keys (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          key_type TEXT NOT NULL,
          key_base64 TEXT NOT NULL UNIQUE,
          fingerprint TEXT NOT NULL,
          comment TEXT NOT NULL,
          added_at REAL NOT NULL,
          last_used_at REAL
        );
        CREATE INDEX ssh_keys_by_account ON ssh_keys(account_id);
        """)
  }
}

extension StoreSession {
  /// Adds a key; returns nil (writing nothing) when the key is registered already.
  public func insertSSHKey(
    accountID: String, key: SSHPublicKey, fingerprint: String, addedAt: Date
  ) throws -> SSHKeyRecord? {
    if try scalarInt("SELECT 1 FROM ssh_keys WHERE key_base64 = ?", [key.base64]) != nil { return nil }
    try execute(
      """
      INSERT INTO ssh_keys(account_id, key_type, key_base64, fingerprint, comment, added_at)
      VALUES (?, ?, ?, ?, ?, ?)
      """, [accountID, key.type, key.base64, fingerprint, key.comment, Instant.value(addedAt)])
    return SSHKeyRecord(
      id: try database.lastInsertedRowID, accountID: accountID, type: key.type, base64: key.base64,
      fingerprint: fingerprint, comment: key.comment, addedAt: addedAt, lastUsedAt: nil)
  }

  public func sshKeys(accountID: String) throws -> [SSHKeyRecord] {
    try rows("SELECT * FROM ssh_keys WHERE account_id = ? ORDER BY id", [accountID]).map(Self.sshKey)
  }

  public func sshKey(id: Int64) throws -> SSHKeyRecord? {
    try row("SELECT * FROM ssh_keys WHERE id = ?", [id]).map(Self.sshKey)
  }

  /// Removes the key only if it belongs to `accountID`; returns whether it did.
  public func deleteSSHKey(id: Int64, accountID: String) throws -> Bool {
    try execute("DELETE FROM ssh_keys WHERE id = ? AND account_id = ?", [id, accountID])
    return changesCount > 0
  }

  public func recordSSHKeyUse(id: Int64, at date: Date) throws {
    try execute("UPDATE ssh_keys SET last_used_at = ? WHERE id = ?", [Instant.value(date), id])
  }

  static func sshKey(_ row: Row) throws -> SSHKeyRecord {
    SSHKeyRecord(
      id: try row.decode(Int64.self, forColumn: "id"),
      accountID: try row.decode(String.self, forColumn: "account_id"),
      type: try row.decode(String.self, forColumn: "key_type"),
      base64: try row.decode(String.self, forColumn: "key_base64"),
      fingerprint: try row.decode(String.self, forColumn: "fingerprint"),
      comment: try row.decode(String.self, forColumn: "comment"),
      addedAt: try Instant.date(row, "added_at"),
      lastUsedAt: try Instant.optionalDate(row, "last_used_at"))
  }
}
