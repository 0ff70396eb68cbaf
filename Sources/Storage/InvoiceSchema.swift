import Billing
import Foundation
import GRDB

/// Issued invoices (R26a) and the catalog's seller. An invoice row is written once, in
/// the transaction that records its order or refund, and never rewritten: the buyer and
/// the seller are copies taken at that moment. No foreign key to `accounts` or `orders`:
/// orders are rewritten with their account, and an invoice must outlive both.
enum InvoiceSchema {
  static let identifier = "invoices-numbers"

  static func migrate(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE invoices (
          number TEXT PRIMARY KEY NOT NULL,
          year INTEGER NOT NULL,
          sequence INTEGER NOT NULL CHECK (sequence > 0),
          account_id TEXT NOT NULL,
          order_id TEXT NOT NULL,
          refund_id TEXT,
          issued_at REAL NOT NULL,
          seller_named INTEGER NOT NULL CHECK (seller_named IN (0, 1)),
          document_json TEXT NOT NULL,
          UNIQUE (year, sequence)
        );
        CREATE UNIQUE INDEX invoices_by_source ON invoices(order_id, ifnull(refund_id, ''));
        CREATE INDEX invoices_by_account ON invoices(account_id, issued_at);
        -- Every save now asks whether the account's refunds have their credit notes.
        CREATE INDEX IF NOT EXISTS refunds_by_account ON refunds(account_id);
        CREATE TABLE invoice_seller (
          id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
          seller_json TEXT NOT NULL
        );
        """)
    // An existing store's past orders and refunds get their numbers now, in order of time.
    try InvoiceIssuer.issueMissing(in: db, accountID: nil)
  }
}

/// Gives every paid order and every approved refund that has none its invoice, with the
/// next number of its year of issue. Called inside the write transaction that saved the
/// order or refund, so two processes (whose write transactions SQLite runs one after the
/// other) can neither skip nor repeat a number.
enum InvoiceIssuer {
  private struct Pending {
    var accountID: String
    var date: Date
    var order: Order
    var refund: Refund?
  }

  /// Paid orders and approved refunds without their invoice. Both probes look invoices up
  /// through `invoices_by_source` (order id, then refund id or ''), never by a scan.
  private static let uninvoicedOrders = """
    status IN ('paid', 'refunded') AND NOT EXISTS (
      SELECT 1 FROM invoices i WHERE i.order_id = orders.id AND ifnull(i.refund_id, '') = '')
    """
  private static let uninvoicedRefunds = """
    status IN ('approved', 'refunded') AND NOT EXISTS (
      SELECT 1 FROM invoices i WHERE i.order_id = refunds.order_id AND ifnull(i.refund_id, '') = refunds.id)
    """

  /// Whether the account has anything to issue: one cached statement, because every save
  /// of every account (a billing run's included) asks it.
  private static func hasMissing(in db: Database, accountID: String) throws -> Bool {
    let statement = try db.cachedStatement(
      sql: """
        SELECT EXISTS (SELECT 1 FROM orders WHERE account_id = ? AND \(uninvoicedOrders))
            OR EXISTS (SELECT 1 FROM refunds WHERE account_id = ? AND \(uninvoicedRefunds))
        """)
    return try Bool.fetchOne(statement, arguments: [accountID, accountID]) ?? false
  }

  /// `accountID` nil: every account of the store, issued in order of time.
  static func issueMissing(in db: Database, accountID: String?) throws {
    if let accountID, try !hasMissing(in: db, accountID: accountID) { return }
    let filter = accountID == nil ? "" : "AND account_id = ?"
    let arguments: StatementArguments = accountID.map { [$0] } ?? []
    var pending: [Pending] = []
    var orders: [String: Order] = [:]
    let orderRows = try Row.fetchAll(
      db, sql: "SELECT * FROM orders WHERE \(uninvoicedOrders) \(filter)", arguments: arguments)
    for row in orderRows {
      let order = try Order(storedRow: row)
      orders[order.id] = order
      pending.append(
        Pending(
          accountID: try row.decode(String.self, forColumn: "account_id"), date: order.createdAt,
          order: order))
    }
    let refundRows = try Row.fetchAll(
      db, sql: "SELECT * FROM refunds WHERE \(uninvoicedRefunds) \(filter)", arguments: arguments)
    for row in refundRows {
      let refund = try Refund(storedRow: row)
      let refunded: Order
      if let known = orders[refund.orderID] {
        refunded = known
      } else if let row = try Row.fetchOne(
        db, sql: "SELECT * FROM orders WHERE id = ?", arguments: [refund.orderID])
      {
        refunded = try Order(storedRow: row)
      } else {
        // Nothing to take back an invoice of: no credit note, and the refund still saves.
        continue
      }
      pending.append(
        Pending(
          accountID: try row.decode(String.self, forColumn: "account_id"),
          date: refund.approvedAt ?? refund.requestedAt, order: refunded, refund: refund))
    }
    guard !pending.isEmpty else { return }
    // Orders before the refunds that take them back, whatever their instants say.
    pending.sort {
      ($0.date, $0.refund == nil ? 0 : 1, $0.order.id, $0.refund?.id ?? "")
        < ($1.date, $1.refund == nil ? 0 : 1, $1.order.id, $1.refund?.id ?? "")
    }
    let seller = try self.seller(in: db)
    var countryNames: [String: String] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT country, name FROM tax_rates") {
      countryNames[try row.decode(String.self, forColumn: "country")] = try row.decode(
        String.self, forColumn: "name")
    }
    var buyers: [String: InvoiceBuyer] = [:]
    var lastSequence: [Int: Int] = [:]
    for item in pending {
      let buyer: InvoiceBuyer
      if let known = buyers[item.accountID] {
        buyer = known
      } else {
        buyer = try self.buyer(item.accountID, in: db, countryNames: countryNames)
        buyers[item.accountID] = buyer
      }
      // A refund of an order that was never invoiced has nothing to take back: it gets
      // no credit note, and no number is used up.
      var original: InvoiceNumber?
      if item.refund != nil {
        original = try String.fetchOne(
          db, sql: "SELECT number FROM invoices WHERE order_id = ? AND refund_id IS NULL",
          arguments: [item.order.id]
        ).flatMap(InvoiceNumber.init)
        if original == nil { continue }
      }
      let year = InvoiceNumber.year(of: item.date)
      let previous: Int
      if let cached = lastSequence[year] {
        previous = cached
      } else {
        previous =
          try Int.fetchOne(
            db, sql: "SELECT MAX(sequence) FROM invoices WHERE year = ?", arguments: [year]) ?? 0
      }
      let number = InvoiceNumber(year: year, sequence: previous + 1)
      lastSequence[year] = number.sequence
      let planName =
        try String.fetchOne(db, sql: "SELECT name FROM plans WHERE id = ?", arguments: [item.order.planID])
        ?? item.order.planID
      let itemName = "\(item.order.kind.label) · \(planName)"
      let document: IssuedInvoice
      if let refund = item.refund, let original {
        document = .creditNote(
          for: refund, of: item.order, original: original, number: number, item: itemName,
          seller: seller, buyer: buyer)
      } else {
        document = .of(item.order, number: number, item: itemName, seller: seller, buyer: buyer)
      }
      try insert(document, accountID: item.accountID, in: db)
    }
  }

  static func insert(_ document: IssuedInvoice, accountID: String, in db: Database) throws {
    try db.execute(
      sql: """
        INSERT INTO invoices(number, year, sequence, account_id, order_id, refund_id, issued_at,
                             seller_named, document_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        document.number.description, document.number.year, document.number.sequence, accountID,
        document.orderID, document.refundID, Instant.value(document.issuedAt),
        document.seller != nil, try JSONColumn.encode(document),
      ])
  }

  static func seller(in db: Database) throws -> InvoiceSeller? {
    try String.fetchOne(db, sql: "SELECT seller_json FROM invoice_seller WHERE id = 1").map {
      try JSONColumn.decode(InvoiceSeller.self, from: $0)
    }
  }

  private static func buyer(_ accountID: String, in db: Database, countryNames: [String: String])
    throws -> InvoiceBuyer
  {
    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [accountID])
    else {
      throw StoreError.failed("An order refers to account \(accountID), which the store does not hold.")
    }
    let code = try row.decode(String.self, forColumn: "country").uppercased()
    let vatID = try row.decode(String?.self, forColumn: "vat_id")
    return InvoiceBuyer(
      name: try row.decode(String.self, forColumn: "name"),
      company: try row.decode(String.self, forColumn: "company"),
      email: try row.decode(String.self, forColumn: "email"), countryCode: code,
      countryName: countryNames[code] ?? code, vatID: vatID.flatMap { $0.isEmpty ? nil : $0 })
  }
}
