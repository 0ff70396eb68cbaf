import Billing
import Foundation
import Testing

@testable import Storage

/// R26a on a store written before invoices existed: the migration numbers its past
/// orders and refunds once, in order of time across accounts.
@Suite struct InvoiceMigrationTests {
  static let t0 = Date(timeIntervalSinceReferenceDate: 786_000_000)  // 2025-11-28 05:20 UTC

  static func order(_ id: String, at hours: Double, status: OrderStatus = .paid) -> Order {
    Order(
      id: id, kind: .purchase(.newPurchase), product: .residential, planID: "res-regular",
      subscriptionID: "s",
      invoice: Invoice(
        lines: [InvoiceLine(label: "Regular, 50 GB, 1 month", amount: .units(200))], discount: .zero(),
        vatLabel: "VAT 0 %", vat: .zero()),
      paymentMethod: .payPal(email: "pay@example.com"), createdAt: t0.addingTimeInterval(hours * 3600),
      status: status)
  }

  static func account(_ id: String, orders: [Order], refunds: [Refund] = []) -> Account {
    Account(
      id: id, email: "\(id)@example.com", profile: BillingProfile(name: id.capitalized), createdAt: t0,
      subscriptions: [], orders: orders, refunds: refunds)
  }

  @Test func R26a_migrationNumbersPastOrdersAndRefundsInOrderOfTime() throws {
    let store = try Store.temporary()
    let directory = store.directory
    defer { try? FileManager.default.removeItem(at: directory) }
    let refund = Refund(
      id: "ava-r1", orderID: "ava-o2", subscriptionID: "s", amount: .units(200),
      paymentMethod: .payPal(email: "pay@example.com"), status: .approved,
      requestedAt: Self.t0.addingTimeInterval(5 * 3600), approvedAt: Self.t0.addingTimeInterval(5 * 3600),
      completesAt: Self.t0.addingTimeInterval(100 * 3600))
    try store.write { session in
      try session.insertAccount(
        Self.account(
          "ava", orders: [Self.order("ava-o1", at: 1), Self.order("ava-o2", at: 3, status: .refunded)],
          refunds: [refund]))
      try session.insertAccount(
        Self.account(
          "ben", orders: [Self.order("ben-o1", at: 2), Self.order("ben-o2", at: 4, status: .declined)]))
      // The store as an earlier build left it: no invoice tables, the migration not run.
      try session.execute(
        """
        DROP TABLE invoices; DROP TABLE invoice_seller;
        DELETE FROM grdb_migrations WHERE identifier = '\(InvoiceSchema.identifier)';
        """)
    }
    store.close()

    let reopened = try Store.open(at: directory)
    defer { reopened.close() }
    let numbered = try reopened.read { session in
      try session.accountIDs().flatMap { try session.invoices(accountID: $0) }
    }.sorted { $0.number < $1.number }
    // 2025 (t0 is 28 Nov 2025): ava-o1 at +1 h, ben-o1 at +2 h, ava-o2 at +3 h, its refund
    // at +5 h; ben's declined order charged nothing and has none.
    #expect(numbered.map(\.number.description) == (1...4).map { "PD-2025-00000\($0)" })
    #expect(numbered.map(\.orderID) == ["ava-o1", "ben-o1", "ava-o2", "ava-o2"])
    #expect(numbered[3].kind == .creditNote(refersTo: numbered[2].number))
    #expect(numbered[3].total == -Money.units(200))
    // Opening it again numbers nothing twice.
    reopened.close()
    let again = try Store.open(at: directory)
    defer { again.close() }
    #expect(try again.read { try $0.invoices(accountID: "ava").count } == 3)
  }

  @Test func R26a_savingAnAccountIssuesOnlyWhatIsMissing() throws {
    let store = try Store.temporary()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    defer { store.close() }
    let account = Self.account("ava", orders: [Self.order("ava-o1", at: 1)])
    try store.write { try $0.insertAccount(account) }
    var changed = account
    changed.profile.name = "Renamed"
    changed.orders.append(Self.order("ava-o2", at: 2))
    try store.write { try $0.saveAccount(changed, expectedVersion: 1) }
    let invoices = try store.read { try $0.invoices(accountID: "ava") }.sorted { $0.number < $1.number }
    #expect(invoices.map(\.orderID) == ["ava-o1", "ava-o2"])
    #expect(invoices.map(\.buyer.name) == ["Ava", "Renamed"])
  }
}
