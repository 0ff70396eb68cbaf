import Billing
import Foundation
import GRDB

/// The IP whitelist of each account and product (R25a). Addresses are stored in their
/// canonical text, the key a proxy gateway would look up, so one address has one row
/// however the customer typed it.
enum WhitelistSchema {
  static let identifier = "access-ip-whitelist"

  static func migrate(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE ip_whitelist (
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          product TEXT NOT NULL CHECK (product IN ('residential', 'datacenter')),
          address TEXT NOT NULL,
          added_at REAL NOT NULL,
          PRIMARY KEY (account_id, product, address)
        ) WITHOUT ROWID
        """)
  }
}

extension StoreSession {
  /// The product's whitelist, IPv4 first, then by value.
  public func whitelist(accountID: String, product: Product) throws -> [WhitelistAddress] {
    try rows(
      "SELECT address FROM ip_whitelist WHERE account_id = ? AND product = ?",
      [accountID, product.rawValue]
    ).map { row in
      let text = try row.decode(String.self, forColumn: "address")
      guard let address = WhitelistAddress(parsing: text) else {
        throw StoreError.failed("The whitelist holds \"\(text)\", which is not an IP address.")
      }
      return address
    }.sorted()
  }

  /// Adds one address; one already there is refused, not doubled.
  public func insertWhitelisted(
    _ address: WhitelistAddress, accountID: String, product: Product, at date: Date
  ) throws {
    try execute(
      "INSERT OR IGNORE INTO ip_whitelist(account_id, product, address, added_at) VALUES (?, ?, ?, ?)",
      [accountID, product.rawValue, address.description, Instant.value(date)])
    guard changesCount == 1 else {
      throw StoreError.conflict(WhitelistRules.Problem.duplicate(address.description).message)
    }
  }

  public func deleteWhitelisted(_ address: WhitelistAddress, accountID: String, product: Product)
    throws
  {
    try execute(
      "DELETE FROM ip_whitelist WHERE account_id = ? AND product = ? AND address = ?",
      [accountID, product.rawValue, address.description])
    guard changesCount == 1 else {
      throw StoreError.conflict("\(address) is not on the \(product.displayName) whitelist.")
    }
  }
}
