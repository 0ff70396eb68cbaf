import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// R26a: every paid order and refund has an invoice with a gap-free number per store and
/// year, issued in the transaction of its order, immutable once issued.
@Suite struct InvoiceTests {
  static let seller = InvoiceSeller(
    name: "Paddle.com", role: "Merchant of Record for ProxyDash", contact: "paddle.net")

  static func invoices(_ world: TestWorld) throws -> [IssuedInvoice] {
    try world.service.store.read { session in
      try session.accountIDs().flatMap { try session.invoices(accountID: $0) }
    }.sorted { $0.number < $1.number }
  }

  @Test func R26a_invoiceNumbersHaveNoGaps() throws {
    let world = try TestWorld()
    let ava = try world.signUp("ava@example.com")
    let ben = try world.signUp("ben@example.com")
    let avaOrder = try world.buy("res-starter", for: ava)
    world.clock.advance(by: 3600)
    try world.buy("res-regular", for: ben)
    world.clock.advance(by: 3600)
    // A declined card charges nothing, so it gets no invoice and no number.
    #expect(throws: ServiceError.self) { try world.buy("dc-clever", for: ben, card: TestWorld.badCard) }
    world.clock.advance(by: 3600)
    let users = try world.service.quoteProxyUsers(
      accountID: ava.id, subscriptionID: avaOrder.subscription.id, count: 2)
    try world.service.buyExtra(accountID: ava.id, quote: users, idempotencyKey: "users")
    world.clock.advance(by: 3600)
    try world.service.requestRefund(accountID: ava.id, subscriptionID: avaOrder.subscription.id)

    let all = try Self.invoices(world)
    #expect(all.map(\.number.description) == (1...4).map { "PD-2026-00000\($0)" })
    // In order of issue: ava's Starter, ben's Regular, ava's proxy users, ava's refund.
    #expect(
      all.map(\.item) == [
        "Purchase · Starter", "Purchase · Regular", "2 proxy users · Starter", "Refund · Purchase · Starter",
      ])
    let charged = try [ava, ben].flatMap { try world.service.account(id: $0.id).orders.filter(\.wasCharged) }
    #expect(Set(all.filter { !$0.isCreditNote }.map(\.orderID)) == Set(charged.map(\.id)))
    #expect(charged.count == 3)
  }

  @Test func R26a_numbersStartAgainEachYearOfIssue() throws {
    let world = try TestWorld()
    let ava = try world.signUp("ava@example.com")
    let ben = try world.signUp("ben@example.com")
    let cara = try world.signUp("cara@example.com")
    world.clock.set(ISO8601DateFormatter().date(from: "2026-12-31T23:30:00Z") ?? TestWorld.start)
    try world.buy("res-starter", for: ava)
    world.clock.advance(by: 3600)  // 2027-01-01 00:30 UTC
    try world.buy("res-starter", for: ben)
    world.clock.advance(by: 60)
    try world.buy("res-starter", for: cara)
    #expect(
      try Self.invoices(world).map(\.number.description) == [
        "PD-2026-000001", "PD-2027-000001", "PD-2027-000002",
      ])
  }

  /// PaymentRaceTests' pattern: two services (as two processes) on one store, released
  /// together, each buying for its own customers. Every paid order has exactly one
  /// number, and the numbers are 1…n with none missing or repeated.
  @Test func R26a_twoProcessesIssuingAtOnceLeaveNoGapsOrDuplicates() throws {
    let world = try TestWorld()
    let other = try world.reopened()
    let rounds = 25
    var customers: [(Account, Account)] = []
    for round in 0..<rounds {
      customers.append(
        (try world.signUp("a\(round)@example.com"), try world.signUp("b\(round)@example.com")))
    }
    let pairs = customers
    let barrier = Barrier(parties: 3)
    let failures = Observed<[String]>([])
    let lock = NSLock()
    for (service, pick) in [(world.service, 0), (other, 1)] {
      Thread {
        barrier.wait()
        for (a, b) in pairs {
          let account = pick == 0 ? a : b
          do {
            let method = try service.storedMethod(from: .card(TestWorld.goodCard), accountID: account.id)
            let quote = try service.quotePlan(
              accountID: account.id, planID: "res-starter", paymentMethod: method, couponCode: nil)
            _ = try service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: "k")
          } catch {
            lock.withLock { failures.value.append("\(account.email): \(error)") }
          }
        }
        barrier.wait()
      }.start()
    }
    barrier.wait()
    barrier.wait()
    #expect(failures.value.isEmpty)
    let all = try Self.invoices(world)
    #expect(all.count == 2 * rounds)
    #expect(all.map(\.number.sequence) == Array(1...(2 * rounds)))
    #expect(Set(all.map(\.orderID)).count == 2 * rounds)
  }

  @Test func R26a_aLaterProfileChangeDoesNotRewriteAnIssuedBuyer() throws {
    let world = try TestWorld()
    let ava = try world.signUp("ava@example.com")
    _ = try world.service.updateProfile(
      accountID: ava.id, profile: BillingProfile(name: "Ava Adams", company: "Old Co", country: "US"))
    let bought = try world.buy("res-starter", for: ava)
    world.clock.advance(by: 3600)
    _ = try world.service.updateProfile(
      accountID: ava.id, profile: BillingProfile(name: "Ava Brown", company: "New Co", country: "US"))
    let users = try world.service.quoteProxyUsers(
      accountID: ava.id, subscriptionID: bought.subscription.id, count: 1)
    try world.service.buyExtra(accountID: ava.id, quote: users, idempotencyKey: "users")

    let all = try Self.invoices(world)
    #expect(all.count == 2)
    #expect(all[0].buyer.name == "Ava Adams")
    #expect(all[0].buyer.company == "Old Co")
    #expect(all[1].buyer.name == "Ava Brown")
    #expect(all[1].buyer.company == "New Co")
  }

  @Test func R26a_reverseChargeInvoiceSaysSoAndChargesNoVAT() throws {
    let world = try TestWorld()
    let ben = try world.signUp("ben@example.com")
    _ = try world.service.updateProfile(
      accountID: ben.id,
      profile: BillingProfile(name: "Ben", company: "Acme GmbH", country: "DE", vatID: "DE123456789"))
    try world.buy("res-regular", for: ben)
    let invoice = try #require(try Self.invoices(world).first)
    #expect(invoice.isReverseCharge)
    #expect(invoice.vat == .zero())
    // Regular is $200.00 before VAT; reverse charged, VAT is 0: total $200.00.
    #expect(invoice.total == .units(200))
    #expect(invoice.buyer.vatID == "DE123456789")
    #expect(invoice.buyer.countryName == "Germany")
    let text = invoice.textLines(calendar: .utc).joined(separator: "\n")
    #expect(text.contains("Reverse charge"))
    #expect(text.contains("the buyer accounts for VAT"))
    #expect(text.contains("VAT id DE123456789"))
  }

  @Test func R26a_standardVATInvoiceCarriesRateAndAmount() throws {
    let world = try TestWorld()
    let eva = try world.signUp("eva@example.com")
    // A German private customer (no VAT id): German VAT 19 %.
    _ = try world.service.updateProfile(
      accountID: eva.id, profile: BillingProfile(name: "Eva", country: "DE"))
    try world.buy("res-starter", for: eva)
    let invoice = try #require(try Self.invoices(world).first)
    // Starter $100.00; VAT 19 % of $100.00 = $19.00; total $119.00.
    #expect(invoice.vatLabel == "VAT 19 %")
    #expect(invoice.vat == .units(19))
    #expect(invoice.total == .units(119))
    #expect(!invoice.isReverseCharge)
  }

  @Test func R26a_invoiceTotalsMatchTheOrder() throws {
    let world = try TestWorld()
    let ava = try world.signUp("ava@example.com")
    let bought = try world.buy("res-starter", for: ava, coupon: "TEN")
    let invoice = try #require(try Self.invoices(world).first)
    // Starter $100.00, coupon TEN 10 % = $10.00 off, US VAT 0 %: total $90.00.
    #expect(invoice.total == .units(90))
    #expect(invoice.total == bought.order.total)
    #expect(invoice.lines == bought.order.invoice.lines)
    #expect(invoice.discount == .units(10))
    #expect(invoice.discountLabel == "Coupon TEN")
    let lines = invoice.lines.reduce(Money.zero()) { $0 + $1.amount }
    #expect(lines - invoice.discount + invoice.vat == invoice.total)
    #expect(invoice.orderID == bought.order.id)
    #expect(invoice.issuedAt == bought.order.createdAt)
    #expect(invoice.paymentMethod == bought.order.paymentMethod.summary)
  }

  @Test func R26a_aRefundHasItsOwnCreditNoteReferringToTheOriginal() throws {
    let world = try TestWorld()
    let ava = try world.signUp("ava@example.com")
    let bought = try world.buy("res-starter", for: ava, coupon: "TEN")
    world.clock.advance(by: 3600)
    let refund = try world.service.requestRefund(accountID: ava.id, subscriptionID: bought.subscription.id)
    let all = try Self.invoices(world)
    #expect(all.count == 2)
    let original = all[0]
    let note = all[1]
    #expect(note.kind == .creditNote(refersTo: original.number))
    #expect(note.refundID == refund.id)
    // The whole $90.00 goes back: every amount negated, -$100.00 + $10.00 + $0.00 = -$90.00.
    #expect(note.total == -bought.order.total)
    #expect(note.total == -Money.units(90))
    #expect(note.lines.map(\.amount) == [-Money.units(100)])
    #expect(note.discount == -Money.units(10))
    #expect(note.issuedAt == world.clock.now)
    #expect(note.title == "Invoice PD-2026-000002 · credit note for PD-2026-000001")
    // The original order is now "refunded" but keeps its one invoice.
    world.clock.advance(by: 10 * 86_400)
    _ = try world.service.runBillingStep(accountID: ava.id)
    #expect(try Self.invoices(world).count == 2)
  }

  @Test func R26a_sellerComesFromTheCatalogAndStaysOnIssuedInvoices() throws {
    let world = try TestWorld()
    let ava = try world.signUp("ava@example.com")
    let first = try world.buy("res-starter", for: ava)
    // No seller in this catalog yet: the invoice waits for one.
    #expect(try Self.invoices(world)[0].seller == nil)
    try world.service.importCatalog(CatalogFiles(seller: Self.seller))
    #expect(try Self.invoices(world)[0].seller == Self.seller)
    let other = InvoiceSeller(name: "Another Reseller Ltd", role: "Merchant of Record for ProxyDash")
    try world.service.importCatalog(CatalogFiles(seller: other))
    world.clock.advance(by: 3600)
    let users = try world.service.quoteProxyUsers(
      accountID: ava.id, subscriptionID: first.subscription.id, count: 1)
    try world.service.buyExtra(accountID: ava.id, quote: users, idempotencyKey: "users")
    let all = try Self.invoices(world)
    #expect(all[0].seller == Self.seller)
    #expect(all[1].seller == other)
    #expect(try world.service.catalogView().seller == other)
  }

  /// The shipped catalog names the Merchant of Record the FAQ names (seeds/).
  @Test func R26a_shippedCatalogNamesTheMerchantOfRecord() throws {
    let files = try CatalogFiles.load(from: ProviderCatalogTests.shippedCatalog)
    let seller = try #require(files.seller)
    #expect(seller.name == "Paddle.com")
    #expect(seller.role.contains("Merchant of Record"))
  }

  @Test func R26a_aSellerFileWithoutANameIsRefused() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-seller-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("seller.json")
    try Data(#"{"seller": {"name": " ", "role": "Merchant of Record"}}"#.utf8).write(to: file)
    let error = #expect(throws: CatalogFileError.self) { try CatalogFiles.load(from: file) }
    #expect(error?.message.contains("seller.name") == true)
  }
}
