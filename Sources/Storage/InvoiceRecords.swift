import Billing
import Foundation
import GRDB

extension StoreSession {
  /// The account's invoices and credit notes, newest first.
  public func invoices(accountID: String) throws -> [IssuedInvoice] {
    try rows(
      "SELECT document_json FROM invoices WHERE account_id = ? ORDER BY issued_at DESC, year DESC, sequence DESC",
      [accountID]
    ).map { try JSONColumn.decode(IssuedInvoice.self, $0, "document_json") }
  }

  /// One invoice of the account; nil for a number it does not hold (another customer's
  /// included).
  public func invoice(number: InvoiceNumber, accountID: String) throws -> IssuedInvoice? {
    try row(
      "SELECT document_json FROM invoices WHERE number = ? AND account_id = ?",
      [number.description, accountID]
    ).map { try JSONColumn.decode(IssuedInvoice.self, $0, "document_json") }
  }

  /// Issues the invoices the account's paid orders and approved refunds lack (R26a), in
  /// this transaction: `saveAccount` calls it, so an order and its number commit together.
  public func issueMissingInvoices(accountID: String) throws {
    try InvoiceIssuer.issueMissing(in: try database, accountID: accountID)
  }

  /// Issues every missing invoice of the store in order of time (a demo import).
  public func issueAllMissingInvoices() throws {
    try InvoiceIssuer.issueMissing(in: try database, accountID: nil)
  }

  /// The seller invoices name (catalog data, R29), or nil when the catalog has none.
  public func invoiceSeller() throws -> InvoiceSeller? {
    try InvoiceIssuer.seller(in: try database)
  }

  /// Replaces the seller for invoices issued from now on. Invoices issued before any
  /// seller was known (numbered by the migration of an older store) take this one, once;
  /// an invoice that names a seller keeps it.
  public func setInvoiceSeller(_ seller: InvoiceSeller) throws {
    try execute(
      """
      INSERT INTO invoice_seller(id, seller_json) VALUES (1, ?)
      ON CONFLICT(id) DO UPDATE SET seller_json = excluded.seller_json
      """, [try JSONColumn.encode(seller)])
    for row in try rows("SELECT number, document_json FROM invoices WHERE seller_named = 0") {
      var document = try JSONColumn.decode(IssuedInvoice.self, row, "document_json")
      document.seller = seller
      try execute(
        "UPDATE invoices SET seller_named = 1, document_json = ? WHERE number = ? AND seller_named = 0",
        [try JSONColumn.encode(document), try row.decode(String.self, forColumn: "number")])
    }
  }
}
